/** The remaining one-shot helpers: kube-cleaner, rke-selinux-checker, rke-bundle-cert, cluster-state-deployer. */
import { goPathJoin, removeZFromBinds } from '../args.js';
import { SELINUX_LABEL, helperSecurityOpt, k8sAtLeast122 } from '../common.js';
import { onHost, type ClusterContext, type HostContext } from '../context.js';
import { ETCD_SNAPSHOT_PATH } from '../containers/etcd-rolling-snapshots.js';
import type { ContainerSpec } from '../types.js';
import { oneShot } from './base.js';

export const KUBE_CLEANER = 'kube-cleaner';
export const RKE_SELINUX_CHECKER = 'rke-selinux-checker';
export const RKE_BUNDLE_CERT = 'rke-bundle-cert';
export const CLUSTER_STATE_DEPLOYER = 'cluster-state-deployer';

/** Directories `rke remove` / reconcile wipe, per RKE1 hosts/hosts.go CleanUp* (prefix-aware where RKE1 is). */
export function cleanupPaths(
  host: HostContext,
  kind: 'all' | 'worker' | 'controlplane' | 'etcd',
  opts: { externalEtcd?: boolean } = {},
): string[] {
  const p = (x: string) => goPathJoin(host.prefixPath, x);
  const common = [p('/etc/kubernetes/'), '/etc/cni/', '/opt/cni/', '/var/run/calico/'];
  switch (kind) {
    case 'all': {
      const list = [...common, p('/etc/kubernetes/.tmp/'), p('/var/lib/cni/')];
      if (!opts.externalEtcd) list.push(p('/var/lib/etcd/'));
      return list;
    }
    case 'worker':
    case 'controlplane':
      return [...common, p('/var/lib/cni/')];
    case 'etcd':
      return host.isWorker || host.isControl ? [p('/var/lib/etcd/')] : [p('/var/lib/etcd/'), p('/etc/kubernetes/')];
  }
}

export function buildKubeCleaner(ctx: ClusterContext, host: HostContext, dirs: readonly string[]): ContainerSpec {
  let binds = dirs.map((d) => `${d}:${d}:z`);
  if (k8sAtLeast122(ctx)) binds = removeZFromBinds(binds);
  return oneShot({
    name: KUBE_CLEANER,
    image: ctx.images.alpine,
    cmd: ['sh', '-c', `find ${dirs.join(' ')} -mindepth 1 -delete`],
    binds,
    securityOpt: helperSecurityOpt(ctx, host),
  });
}

/** Fails to start ("invalid argument") when the rancher-selinux policy is missing. */
export function buildSelinuxChecker(ctx: ClusterContext): ContainerSpec {
  return oneShot({ name: RKE_SELINUX_CHECKER, image: ctx.images.alpine, securityOpt: [SELINUX_LABEL] });
}

export function buildBundleCert(ctx: ClusterContext, host: HostContext, image: string): ContainerSpec {
  const tmp = '/etc/kubernetes/.tmp/';
  let binds = [`${onHost(host, '/etc/kubernetes')}:/etc/kubernetes:z`, `${ETCD_SNAPSHOT_PATH}:/backup:z`];
  if (k8sAtLeast122(ctx)) binds = removeZFromBinds(binds);
  return oneShot({
    name: RKE_BUNDLE_CERT,
    image,
    cmd: ['sh', '-c', `if [ -d ${tmp} ] && [ "$(ls -A ${tmp})" ]; then tar czvf /backup/pki.bundle.tar.gz ${tmp};fi`],
    binds,
    privileged: true,
  });
}

/** Waits for the copied-in state file and moves it to `/etc/kubernetes/<snapshot>.rkestate` (mode 0400). */
export function buildClusterStateDeployer(
  ctx: ClusterContext,
  host: HostContext,
  opts: { stateFileBaseName: string; snapshotName: string },
): ContainerSpec {
  const src = goPathJoin('/etc/kubernetes/', opts.stateFileBaseName);
  const dst = goPathJoin('/etc/kubernetes/', '/', `${opts.snapshotName}.rkestate`);
  const script =
    `for i in $(seq 1 12); do if [ -f "${src}" ]; then echo "File [${src}] present in this container"; ` +
    `echo "Moving [${src}] to [${dst}]"; mv ${src} ${dst}; echo "State file successfully moved to [${dst}]"; ` +
    `echo "Changing permissions to 0400"; chmod 400 ${dst}; break; else echo "Waiting for file [${src}] to be ` +
    `successfully copied to this container, retry count $i"; sleep 5; fi; done`;
  let binds = [`${onHost(host, '/etc/kubernetes')}:/etc/kubernetes:z`];
  if (k8sAtLeast122(ctx)) binds = removeZFromBinds(binds);
  return oneShot({ name: CLUSTER_STATE_DEPLOYER, image: ctx.images.certDownloader, cmd: ['sh', '-c', script], binds, privileged: true });
}
