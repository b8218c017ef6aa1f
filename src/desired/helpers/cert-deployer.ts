/**
 * `cert-deployer` (RKE1 pki/deploy.go DeployCertificatesOnPlaneHost + doRunDeployer): writes the
 * host's certificates from env vars `KUBE_<NAME>`, `KUBE_<NAME>_KEY`, `KUBECFG_<NAME>`.
 * The env for the certificates themselves comes from the PKI module (its ToEnv equivalent).
 */
import { removeZFromBinds } from '../args.js';
import { k8sAtLeast122 } from '../common.js';
import { onHost, type ClusterContext, type HostContext } from '../context.js';
import type { ContainerSpec } from '../types.js';
import { oneShot } from './base.js';

export const CERT_DEPLOYER = 'cert-deployer';

export function buildCertDeployer(
  ctx: ClusterContext,
  host: HostContext,
  opts: { certEnv: readonly string[]; forceDeploy?: boolean },
): ContainerSpec {
  const env = [...opts.certEnv];
  if (opts.forceDeploy) env.push('FORCE_DEPLOY=true');
  const etcd = ctx.services.etcd;
  if (host.isEtcd && etcd.uid !== 0 && etcd.gid !== 0) env.push(`ETCD_UID=${etcd.uid}`, `ETCD_GID=${etcd.gid}`);
  let binds = [`${onHost(host, '/etc/kubernetes')}:/etc/kubernetes:z`];
  if (k8sAtLeast122(ctx)) binds = removeZFromBinds(binds);
  return oneShot({ name: CERT_DEPLOYER, image: ctx.images.certDownloader, cmd: ['cert-deployer'], env, binds, privileged: true });
}
