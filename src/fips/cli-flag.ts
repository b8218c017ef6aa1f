/**
 * `--fips` (env RKE_FIPS) on the cluster commands: before the command runs, FIPS mode is switched on
 * for the process and the cluster's configuration, SSH keys and certificates are checked, so a
 * non-approved setting fails before any host is touched.
 */
import { Option, type Command } from 'commander';
import { log } from '../log/logger.js';
import { checkClusterFips } from './cluster-check.js';
import { enableFipsMode } from './mode.js';

interface FipsFlags {
  fips?: boolean;
  config?: string;
  sshAgentAuth?: boolean;
  ignoreDockerVersion?: boolean;
  customCerts?: boolean;
  certDir?: string;
}

export function fipsOption(): Option {
  return new Option('--fips', 'FIPS mode: only FIPS 140-3 approved keys, signatures, hashes and TLS/SSH algorithms; also RKE_FIPS=1 (rke-ts)').default(false);
}

/** RKE_FIPS=1/true/yes/on switches FIPS mode on like `--fips` (commander's env binding would take RKE_FIPS=0 as on). */
export function fipsRequested(flag: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  return flag === true || /^(1|true|yes|on)$/i.test(env.RKE_FIPS ?? '');
}

/** Adds `--fips` and its pre-action (FIPS mode on, preflight check) to a cluster command. */
export function withFipsOption(cmd: Command): Command {
  return cmd.addOption(fipsOption()).hook('preAction', async (_cmd, action) => {
    const flags = action.opts<FipsFlags>();
    if (!fipsRequested(flags.fips)) return;
    const status = enableFipsMode();
    log.info(`FIPS mode: on (${status.summary})`);
    await checkClusterFips({
      configPath: flags.config ?? 'cluster.yml',
      flags: { sshAgentAuth: flags.sshAgentAuth ?? false, ignoreDockerVersion: flags.ignoreDockerVersion ?? false },
      ...(flags.customCerts ? { customCerts: true } : {}),
      ...(flags.certDir ? { certDir: flags.certDir } : {}),
    });
  });
}
