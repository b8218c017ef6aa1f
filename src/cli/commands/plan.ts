import { Command } from 'commander';
import { plan } from '../../cluster/up.js';
import { ExitCode } from '../../errors.js';
import { log } from '../../log/logger.js';
import { planHasChanges } from '../../plan/types.js';
import { withFipsOption } from '../../fips/cli-flag.js';
import { addCommonFlags, configOption, outputOption } from '../common.js';
import { formatPlanJson, formatPlanText } from '../format/plan.js';

/** rke-ts extension: a dry-run diff of what `rke up` would change. Exit 0 no change, 2 changes, 1 error. */
export function planCommand(): Command {
  const cmd = new Command('plan')
    .description('Show what `rke up` would change, per host and container, without changing anything')
    .addOption(configOption())
    .addOption(outputOption())
    .option('--disable-port-check', 'Disable port check validation between nodes', false);
  return withFipsOption(addCommonFlags(cmd)).action(
    async (flags: { config: string; output: 'text' | 'json'; sshAgentAuth: boolean; ignoreDockerVersion: boolean }) => {
      const result = await plan({
        configPath: flags.config,
        flags: { sshAgentAuth: flags.sshAgentAuth, ignoreDockerVersion: flags.ignoreDockerVersion },
        ignoreDockerVersion: flags.ignoreDockerVersion,
        log,
      });
      process.stdout.write(flags.output === 'json' ? formatPlanJson(result) : formatPlanText(result));
      process.exitCode = planHasChanges(result) ? ExitCode.changes : ExitCode.ok;
    },
  );
}
