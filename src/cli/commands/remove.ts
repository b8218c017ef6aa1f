import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import { remove } from '../../cluster/remove.js';
import { NotImplementedError } from '../../errors.js';
import { log } from '../../log/logger.js';
import { withFipsOption } from '../../fips/cli-flag.js';
import { addCommonFlags, configOption } from '../common.js';

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(question);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

export function removeCommand(): Command {
  const cmd = new Command('remove')
    .description('Teardown the cluster and clean cluster nodes')
    .addOption(configOption())
    .option('--force', 'Force removal of the cluster', false)
    .option('--local', 'Remove Kubernetes cluster locally', false)
    .option('--dind', 'Remove Kubernetes cluster deployed in dind mode', false);
  return withFipsOption(addCommonFlags(cmd)).action(
    async (flags: { config: string; force: boolean; local: boolean; dind: boolean; sshAgentAuth: boolean; ignoreDockerVersion: boolean }) => {
      if (flags.local) throw new NotImplementedError('rke remove --local');
      if (flags.dind) throw new NotImplementedError('rke remove --dind (use `scripts/lab down`)');
      if (!flags.force && !(await confirm('Are you sure you want to remove Kubernetes cluster [y/n]: '))) return;
      await remove({
        configPath: flags.config,
        flags: { sshAgentAuth: flags.sshAgentAuth, ignoreDockerVersion: flags.ignoreDockerVersion },
        ignoreDockerVersion: flags.ignoreDockerVersion,
        log,
      });
    },
  );
}
