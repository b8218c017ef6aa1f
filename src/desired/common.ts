/** Names, paths and the Docker-level finishing touches shared by every container builder. */
import { parseSemVer, compareSemVer, atLeast, imageTag, K8S_122 } from './semver.js';
import { removeZFromBinds, type FlagMap } from './args.js';
import { onHost, type ClusterContext, type HostContext } from './context.js';
import type { ContainerSpec } from './types.js';

export const SSL_DIR = '/etc/kubernetes/ssl/';
export const CONTAINER_NAME_LABEL = 'io.rancher.rke.container.name';
export const SIDEKICK = 'service-sidekick';
export const MCS_LABEL = 'label=level:s0:c1000,c1001';
export const SELINUX_LABEL = 'label=type:rke_container_t';

export const certPath = (name: string): string => `${SSL_DIR}${name}.pem`;
export const keyPath = (name: string): string => `${SSL_DIR}${name}-key.pem`;
export const kubeconfigPath = (name: string): string => `${SSL_DIR}kubecfg-${name}.yaml`;

/** RKE1 pki.GetCrtNameForHost: `<prefix>-<internal or address>` with dots dashed, lower-cased. */
export function crtNameForHost(host: { address: string; internalAddress: string }, prefix: string): string {
  const addr = host.internalAddress !== '' && host.internalAddress !== host.address ? host.internalAddress : host.address;
  return `${prefix}-${addr.replaceAll('.', '-').toLowerCase()}`;
}

/** rke-tools entrypoint; images older than v0.1.13 kept it under /opt/rke. */
export function rkeToolsEntrypoint(ctx: ClusterContext, binary: string): string[] {
  const tag = ctx.images.sidecar.split(':').pop() ?? '';
  const v = parseSemVer(tag);
  const legacyBound = parseSemVer('0.1.13');
  const legacy = v !== undefined && legacyBound !== undefined && compareSemVer(v, legacyBound) < 0;
  return [legacy ? '/opt/rke/entrypoint.sh' : '/opt/rke-tools/entrypoint.sh', binary];
}

export function healthCheckUrl(tls: boolean, port: number): string {
  return `${tls ? 'https' : 'http'}://localhost:${port}/healthz`;
}

export const k8sAtLeast122 = (ctx: ClusterContext): boolean => atLeast(ctx.version, K8S_122);

/** Kubernetes image tag as a version (for the health-check port switches). */
export function kubernetesImageVersion(ctx: ClusterContext): string {
  return imageTag(ctx.images.kubernetes);
}

/**
 * services.GetProcessConfig's SecurityOpt: only non-privileged containers on SELinux-enabled Docker
 * get labels: the MCS label when they share service-sidekick's volume (or are the sidekick), then
 * `label=type:rke_container_t` for K8s >= 1.22.
 */
export function processSecurityOpt(
  spec: Pick<ContainerSpec, 'privileged' | 'volumesFrom' | 'labels'>,
  ctx: ClusterContext,
  host: HostContext,
): string[] {
  if (spec.privileged || !host.facts.selinuxEnabled) return [];
  let opts: string[] = [];
  if (spec.volumesFrom.includes(SIDEKICK) || spec.labels[CONTAINER_NAME_LABEL] === SIDEKICK) opts = [MCS_LABEL];
  if (k8sAtLeast122(ctx)) opts.push(SELINUX_LABEL);
  return opts;
}

/** Helper containers add only the type label, and only for K8s >= 1.22 on SELinux hosts. */
export function helperSecurityOpt(ctx: ClusterContext, host: HostContext): string[] {
  return k8sAtLeast122(ctx) && host.facts.selinuxEnabled ? [SELINUX_LABEL] : [];
}

/** A long-running RKE1 process spec, with SecurityOpt derived like GetProcessConfig does. */
export function processSpec(
  ctx: ClusterContext,
  host: HostContext,
  spec: Omit<ContainerSpec, 'securityOpt' | 'start'> & { start?: boolean },
): ContainerSpec {
  return { ...spec, securityOpt: processSecurityOpt(spec, ctx, host), start: spec.start ?? true };
}

/**
 * kube-controller-manager and kube-scheduler: /etc/kubernetes bound in (`:z` before 1.22), and
 * from 1.22 their authentication/authorization kubeconfig flags follow --kubeconfig.
 */
export function kubeconfigComponentBinds(ctx: ClusterContext, host: HostContext, args: FlagMap): string[] {
  const binds = [`${onHost(host, '/etc/kubernetes')}:/etc/kubernetes:z`];
  if (!k8sAtLeast122(ctx)) return binds;
  const kubeconfig = args.get('kubeconfig') ?? '';
  args.set('authentication-kubeconfig', kubeconfig);
  args.set('authorization-kubeconfig', kubeconfig);
  return removeZFromBinds(binds);
}
