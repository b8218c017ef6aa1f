/** The `kube-controller-manager` container (RKE1 cluster/plan.go BuildKubeControllerProcess). */
import { applyExtraArgs, applyServiceOptions, arrayArgsFrom, renderArgs, renderArrayArgs, uniqStrings, type FlagMap } from '../args.js';
import { CONTAINER_NAME_LABEL, SIDEKICK, kubeconfigComponentBinds, certPath, healthCheckUrl, keyPath, kubeconfigPath, kubernetesImageVersion, processSpec, rkeToolsEntrypoint } from '../common.js';
import type { ClusterContext, HostContext } from '../context.js';
import { CLOUD_CONFIG_PATH, cloudProviderFlagValue } from '../files/cloud-config.js';
import { md5Hex } from '../files/checksum.js';
import { atLeast, lessThan, K8S_124 } from '../semver.js';
import type { ContainerSpec } from '../types.js';

export const KUBE_CONTROLLER_MANAGER = 'kube-controller-manager';

export function buildKubeControllerManager(ctx: ClusterContext, host: HostContext): ContainerSpec {
  const kc = ctx.services.kubeController;
  const args: FlagMap = new Map([
    ['cloud-provider', cloudProviderFlagValue(ctx.cloud.name)],
    ['cluster-cidr', kc.clusterCidr],
    ['kubeconfig', kubeconfigPath('kube-controller-manager')],
    ['root-ca-file', certPath('kube-ca')],
    ['service-account-private-key-file', keyPath('kube-service-account-token')],
    ['service-cluster-ip-range', kc.serviceClusterIpRange],
  ]);
  if (ctx.dind && !atLeast(ctx.version, K8S_124)) args.set('address', '0.0.0.0');
  const env = [...kc.extraEnv];
  if (ctx.cloud.name !== '') {
    args.set('cloud-config', CLOUD_CONFIG_PATH);
    env.push(`RKE_CLOUD_CONFIG_CHECKSUM=${md5Hex(ctx.cloud.configFile)}`);
  }
  applyServiceOptions(args, ctx.serviceOptions.kubeController);

  const binds = kubeconfigComponentBinds(ctx, host, args);
  applyExtraArgs(args, kc.extraArgs);
  const arrayArgs = arrayArgsFrom(kc.extraArgsArray);

  const legacyPort = lessThan(kubernetesImageVersion(ctx), '1.21.99-rancher99');
  return processSpec(ctx, host, {
    name: KUBE_CONTROLLER_MANAGER,
    image: ctx.images.kubernetes,
    entrypoint: [...rkeToolsEntrypoint(ctx, KUBE_CONTROLLER_MANAGER), ...renderArgs(args), ...renderArrayArgs(arrayArgs)],
    cmd: ctx.rbac ? ['--use-service-account-credentials=true'] : [],
    env: uniqStrings(env),
    binds: uniqStrings([...binds, ...kc.extraBinds]),
    volumesFrom: [SIDEKICK],
    labels: { [CONTAINER_NAME_LABEL]: KUBE_CONTROLLER_MANAGER },
    networkMode: 'host',
    pidMode: '',
    privileged: false,
    restartPolicy: 'always',
    healthCheck: { url: legacyPort ? healthCheckUrl(false, 10252) : healthCheckUrl(true, 10257) },
  });
}
