/** The `kubelet` container, with cri-dockerd inside it for K8s >= 1.24 (RKE1 cluster/plan.go BuildKubeletProcess). */
import { applyExtraArgs, arrayArgsFrom, goPathJoin, removeZFromBinds, renderArgs, renderArrayArgs, uniqStrings, type FlagMap } from '../args.js';
import { CONTAINER_NAME_LABEL, SIDEKICK, certPath, crtNameForHost, healthCheckUrl, k8sAtLeast122, kubeconfigPath, processSpec, rkeToolsEntrypoint } from '../common.js';
import { onHost, type ClusterContext, type HostContext } from '../context.js';
import { CLOUD_CONFIG_PATH, EXTERNAL_AWS, cloudProviderFlagValue } from '../files/cloud-config.js';
import { md5Hex } from '../files/checksum.js';
import { kubeletDockerConfig } from '../registry.js';
import { atLeast, lessThan, K8S_124, K8S_127 } from '../semver.js';
import type { ContainerSpec } from '../types.js';

export const KUBELET = 'kubelet';
const CONTROLPLANE_TAINT = 'node-role.kubernetes.io/controlplane=true:NoSchedule';
const PREFIX_PATH_MARKER = '[PREFIX_PATH]';

/** k8s.io/utils/net IsDualStackCIDRStrings: exactly one IPv4 and one IPv6 CIDR. */
function isDualStack(clusterCidr: string): boolean {
  const parts = clusterCidr.split(',');
  if (parts.length > 2) return false;
  const v6 = parts.filter((p) => p.includes(':')).length;
  return parts.length === 2 && v6 === 1;
}

export function buildKubelet(ctx: ClusterContext, host: HostContext): ContainerSpec {
  const kl = ctx.services.kubelet;
  const args: FlagMap = new Map([
    ['client-ca-file', certPath('kube-ca')],
    ['cloud-provider', cloudProviderFlagValue(ctx.cloud.name)],
    ['cluster-dns', kl.clusterDnsServer],
    ['cluster-domain', kl.clusterDomain],
    ['fail-swap-on', String(kl.failSwapOn)],
    ['hostname-override', host.hostname],
    ['kubeconfig', kubeconfigPath('kube-node')],
    ['pod-infra-container-image', kl.infraContainerImage],
    ['root-dir', onHost(host, '/var/lib/kubelet')],
  ]);
  if (ctx.dind) args.set('healthz-bind-address', '0.0.0.0');
  if (host.isControl && !host.isWorker) args.set('register-with-taints', CONTROLPLANE_TAINT);
  if (host.address !== host.internalAddress) args.set('node-ip', host.internalAddress);
  if (ctx.cloud.name !== '') {
    args.set('cloud-config', CLOUD_CONFIG_PATH);
    if (ctx.cloud.name === EXTERNAL_AWS && ctx.useInstanceMetadataHostname) args.delete('hostname-override');
  }
  if (kl.generateServingCertificate) {
    const name = crtNameForHost(host, 'kube-kubelet');
    args.set('tls-cert-file', certPath(name));
    args.set('tls-private-key-file', certPath(`${name}-key`));
  }

  let binds: string[] = [];
  if (ctx.criDockerd) {
    if (lessThan(ctx.version, K8S_127)) args.set('container-runtime', 'remote');
    args.set('container-runtime-endpoint', '/var/run/dockershim.sock');
    if (atLeast(ctx.version, K8S_124)) {
      args.set('container-runtime-endpoint', 'unix:///var/run/cri-dockerd.sock');
      binds = [`${onHost(host, '/var/lib/cri-dockerd')}:/var/lib/cri-dockerd:z`];
    }
  }

  // KDM kubelet options: "" deletes, "''" sets an empty value, [PREFIX_PATH] is joined with prefix_path.
  for (const [k, v] of Object.entries(ctx.serviceOptions.kubelet ?? {})) {
    if (v.length === 0) args.delete(k);
    else if (v === "''") args.set(k, '');
    else if (v.startsWith(PREFIX_PATH_MARKER)) args.set(k, goPathJoin(host.prefixPath, v.replaceAll(PREFIX_PATH_MARKER, '')));
    else args.set(k, v);
  }

  const dockerRoot = host.facts.dockerRootDir;
  const kubeletDir = onHost(host, '/var/lib/kubelet');
  binds.push(
    `${onHost(host, '/etc/kubernetes')}:/etc/kubernetes:z`,
    '/etc/cni:/etc/cni:rw,z',
    '/opt/cni:/opt/cni:rw,z',
    `${onHost(host, '/var/lib/cni')}:/var/lib/cni:z`,
    '/var/lib/calico:/var/lib/calico:z',
    '/etc/resolv.conf:/etc/resolv.conf',
    '/sys:/sys:rprivate',
    `${dockerRoot}:${dockerRoot}:rw,rslave,z`,
    `${kubeletDir}:${kubeletDir}:shared,z`,
    '/var/lib/rancher:/var/lib/rancher:shared,z',
    '/var/run:/var/run:rw,rprivate',
    '/run:/run:rprivate',
    `${onHost(host, '/etc/ceph')}:/etc/ceph`,
    '/dev:/host/dev:rprivate',
    '/var/log/containers:/var/log/containers:z',
    '/var/log/pods:/var/log/pods:z',
    '/usr:/host/usr:ro',
    '/etc:/host/etc:ro',
  );
  // Flex volume plugins stay reachable at the default path when the kubelet root moved.
  if (kubeletDir !== '/var/lib/kubelet') binds.push('/var/lib/kubelet/volumeplugins:/var/lib/kubelet/volumeplugins:shared,z');
  if (k8sAtLeast122(ctx)) binds = removeZFromBinds(binds);
  binds.push(...kl.extraBinds);

  const env = [...kl.extraEnv];
  if (ctx.criDockerd) {
    env.push('RKE_KUBELET_CRIDOCKERD=true');
    if (ctx.criDockerdStreamServerAddress !== '') env.push(`CRIDOCKERD_STREAM_SERVER_ADDRESS=${ctx.criDockerdStreamServerAddress}`);
    if (ctx.criDockerdStreamServerPort !== '') env.push(`CRIDOCKERD_STREAM_SERVER_PORT=${ctx.criDockerdStreamServerPort}`);
    if (isDualStack(ctx.services.kubeController.clusterCidr)) env.push('RKE_KUBELET_CRIDOCKERD_DUALSTACK=true');
  }
  if (ctx.cloud.name !== '') env.push(`RKE_CLOUD_CONFIG_CHECKSUM=${md5Hex(ctx.cloud.configFile)}`);
  if (ctx.privateRegistries.size > 0) {
    env.push(`RKE_KUBELET_DOCKER_CONFIG=${Buffer.from(kubeletDockerConfig(ctx.privateRegistries), 'utf8').toString('base64')}`);
    env.push(`RKE_KUBELET_DOCKER_FILE=${onHost(host, '/var/lib/kubelet/config.json')}`);
  }

  applyExtraArgs(args, kl.extraArgs);
  const arrayArgs = arrayArgsFrom(kl.extraArgsArray);
  if (ctx.nodelocalIp !== '') args.set('cluster-dns', ctx.nodelocalIp);

  return processSpec(ctx, host, {
    name: KUBELET,
    image: ctx.images.kubernetes,
    entrypoint: [...rkeToolsEntrypoint(ctx, KUBELET), ...renderArgs(args), ...renderArrayArgs(arrayArgs)],
    cmd: [],
    env: uniqStrings(env),
    binds: uniqStrings(binds),
    volumesFrom: [SIDEKICK],
    labels: { [CONTAINER_NAME_LABEL]: KUBELET },
    networkMode: 'host',
    pidMode: 'host',
    privileged: true,
    restartPolicy: 'always',
    healthCheck: { url: healthCheckUrl(false, 10248) },
  });
}
