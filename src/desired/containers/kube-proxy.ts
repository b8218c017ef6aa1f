/** The `kube-proxy` container (RKE1 cluster/plan.go BuildKubeProxyProcess). */
import { applyExtraArgs, applyServiceOptions, arrayArgsFrom, removeZFromBinds, renderArgs, renderArrayArgs, uniqStrings, type FlagMap } from '../args.js';
import { CONTAINER_NAME_LABEL, SIDEKICK, healthCheckUrl, k8sAtLeast122, kubeconfigPath, processSpec, rkeToolsEntrypoint } from '../common.js';
import { onHost, type ClusterContext, type HostContext } from '../context.js';
import { EXTERNAL_AWS } from '../files/cloud-config.js';
import type { ContainerSpec } from '../types.js';

export const KUBE_PROXY = 'kube-proxy';

export function buildKubeProxy(ctx: ClusterContext, host: HostContext): ContainerSpec {
  const kp = ctx.services.kubeproxy;
  const args: FlagMap = new Map([
    ['cluster-cidr', ctx.services.kubeController.clusterCidr],
    ['hostname-override', host.hostname],
    ['kubeconfig', kubeconfigPath('kube-proxy')],
  ]);
  applyServiceOptions(args, ctx.serviceOptions.kubeproxy);
  // With a cloud provider the node object may be renamed, so kube-proxy is told its address.
  if (ctx.cloud.name !== '') {
    args.set('bind-address', host.internalAddress !== '' && host.address !== host.internalAddress ? host.internalAddress : host.address);
    if ((ctx.cloud.name === EXTERNAL_AWS || ctx.cloud.name === 'aws') && ctx.useInstanceMetadataHostname) {
      args.delete('hostname-override');
    }
  }
  if (ctx.dind) args.set('healthz-bind-address', '0.0.0.0');

  let binds = [`${onHost(host, '/etc/kubernetes')}:/etc/kubernetes:z`, '/run:/run', '/lib/modules:/lib/modules:ro'];
  if (k8sAtLeast122(ctx)) binds = removeZFromBinds(binds);
  binds.push(...kp.extraBinds);

  applyExtraArgs(args, kp.extraArgs);
  const arrayArgs = arrayArgsFrom(kp.extraArgsArray);

  return processSpec(ctx, host, {
    name: KUBE_PROXY,
    image: ctx.images.kubernetes,
    entrypoint: [...rkeToolsEntrypoint(ctx, KUBE_PROXY), ...renderArgs(args), ...renderArrayArgs(arrayArgs)],
    cmd: [],
    env: uniqStrings(kp.extraEnv),
    binds: uniqStrings(binds),
    volumesFrom: [SIDEKICK],
    labels: { [CONTAINER_NAME_LABEL]: KUBE_PROXY },
    networkMode: 'host',
    pidMode: 'host',
    privileged: true,
    restartPolicy: 'always',
    healthCheck: { url: healthCheckUrl(false, 10256) },
  });
}
