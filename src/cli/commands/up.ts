import { Command, Option } from 'commander';
import { initState } from '../../cluster/up.js';
import { upReconcilingEncryption } from '../../cluster/up-encryption.js';
import { NotImplementedError } from '../../errors.js';
import { log } from '../../log/logger.js';
import { withFipsOption } from '../../fips/cli-flag.js';
import { addCommonFlags, configOption } from '../common.js';
import { withLiveProgress } from '../format/progress.js';

interface UpFlags {
  config: string;
  local: boolean;
  dind: boolean;
  updateOnly: boolean;
  disablePortCheck: boolean;
  init: boolean;
  certDir?: string;
  customCerts: boolean;
  sshAgentAuth: boolean;
  ignoreDockerVersion: boolean;
  rollback: boolean;
  forceEtcdRemoval: boolean;
}

export function upCommand(): Command {
  const cmd = new Command('up')
    .description('Bring the cluster up')
    .addOption(configOption())
    .option('--local', 'Deploy Kubernetes cluster locally', false)
    .option('--dind', 'Deploy Kubernetes cluster in docker containers (experimental)', false)
    .addOption(new Option('--dind-storage-driver <driver>', 'Storage driver for the docker in docker containers (experimental)'))
    .option('--dind-dns-server <ip>', 'DNS resolver to be used by docker in docker container. Useful if host is running systemd-resovld', '8.8.8.8')
    .option('--update-only', 'Skip idempotent deployment of control and etcd plane', false)
    .option('--disable-port-check', 'Disable port check validation between nodes', false)
    .option('--init', 'Initiate RKE cluster', false)
    .option('--cert-dir <dir>', 'Specify a certificate dir path')
    .option('--custom-certs', 'Use custom certificates from a cert dir', false)
    .option('--no-rollback', 'Keep a batch that fails its health gate as it failed, for debugging (rke-ts)')
    .option('--force-etcd-removal', 'Remove etcd members even when the remaining members cannot form a quorum (rke-ts)', false)
    .option('--parallel <n>', 'Hosts worked on at once within a phase (rke-ts)', (v) => Number.parseInt(v, 10), 8);
  return withFipsOption(addCommonFlags(cmd)).action(async (flags: UpFlags & { parallel: number }) => {
    if (flags.local) throw new NotImplementedError('rke up --local');
    if (flags.dind) throw new NotImplementedError('rke up --dind (use `make dind`, which runs the lab and `rke up` on it)');
    log.info('Running RKE version: rke-ts');
    const common = {
      configPath: flags.config,
      flags: { sshAgentAuth: flags.sshAgentAuth, ignoreDockerVersion: flags.ignoreDockerVersion },
      ignoreDockerVersion: flags.ignoreDockerVersion,
      customCerts: flags.customCerts,
      ...(flags.certDir ? { certDir: flags.certDir } : {}),
      parallelism: flags.parallel,
      lifecycle: { updateOnly: flags.updateOnly, forceEtcdRemoval: flags.forceEtcdRemoval },
      noRollback: !flags.rollback,
      log,
    };
    if (flags.init) {
      log.info('Initiating Kubernetes cluster');
      await initState(common);
      return;
    }
    log.info('Building Kubernetes cluster');
    const result = await withLiveProgress(log, (listener) => upReconcilingEncryption({ ...common, ...(listener ? { listener } : {}) }));
    const phases = Object.entries(result.phaseMs).map(([p, ms]) => `${p} ${(ms / 1000).toFixed(1)}s`).join(', ');
    const steps = result.plan.phases.reduce((n, p) => n + p.steps.length, 0);
    log.info(`Summary: ${steps} change(s)${phases ? ` (${phases})` : ''}; kubeconfig [${result.kubeconfigPath}]`);
  });
}
