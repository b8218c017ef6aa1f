/** The `etcd` container (RKE1 cluster/plan.go BuildEtcdProcess). */
import { applyExtraArgs, applyServiceOptions, arrayArgsFrom, removeZFromBinds, renderArgs, renderArrayArgs, uniqStrings, type FlagMap } from '../args.js';
import { CONTAINER_NAME_LABEL, certPath, crtNameForHost, k8sAtLeast122, keyPath, processSpec } from '../common.js';
import { onHost, type ClusterContext, type HostContext } from '../context.js';
import { imageTag, lessThan } from '../semver.js';
import type { ContainerSpec } from '../types.js';

export const ETCD = 'etcd';
export const ETCD_DATA_DIR = '/var/lib/rancher/etcd/';
const KUBE_CA = 'kube-ca';

/** `etcd-<hostname>=https://<internal>:2380,...` in file order. */
export function etcdInitialCluster(hosts: readonly HostContext[]): string {
  return hosts.map((h) => `etcd-${h.hostname}=https://${h.internalAddress}:2380`).join(',');
}

export function etcdListenAddress(host: HostContext): string {
  return host.address === host.internalAddress ? '0.0.0.0' : host.internalAddress;
}

export function buildEtcd(ctx: ClusterContext, host: HostContext): ContainerSpec {
  const etcd = ctx.services.etcd;
  const nodeName = crtNameForHost(host, 'kube-etcd');
  const members = ctx.etcdReadyHosts.length > 0 ? ctx.etcdReadyHosts : ctx.etcdHosts;
  const listen = etcdListenAddress(host);
  const etcdVersion = imageTag(ctx.images.etcd);

  const args: FlagMap = new Map([
    ['name', `etcd-${host.hostname}`],
    ['data-dir', ETCD_DATA_DIR],
    ['listen-client-urls', `https://${listen}:2379`],
    ['initial-advertise-peer-urls', `https://${host.internalAddress}:2380`],
    ['listen-peer-urls', `https://${listen}:2380`],
    ['initial-cluster-token', 'etcd-cluster-1'],
    ['initial-cluster', etcdInitialCluster(members)],
    ['initial-cluster-state', host.existingEtcdCluster ? 'existing' : 'new'],
    ['trusted-ca-file', certPath(KUBE_CA)],
    ['peer-trusted-ca-file', certPath(KUBE_CA)],
    ['cert-file', certPath(nodeName)],
    ['key-file', keyPath(nodeName)],
    ['peer-cert-file', certPath(nodeName)],
    ['peer-key-file', keyPath(nodeName)],
  ]);
  // Port 4001 was advertised up to etcd 3.4.3; stricter ciphers from 3.4.15.
  args.set(
    'advertise-client-urls',
    lessThan(etcdVersion, '3.4.3-rancher99')
      ? `https://${host.internalAddress}:2379,https://${host.internalAddress}:4001`
      : `https://${host.internalAddress}:2379`,
  );
  if (!lessThan(etcdVersion, '3.4.14-rancher99')) {
    args.set('cipher-suites', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384');
  }

  let binds = [`${onHost(host, '/var/lib/etcd')}:${ETCD_DATA_DIR}:z`, `${onHost(host, '/etc/kubernetes')}:/etc/kubernetes:z`];
  if (k8sAtLeast122(ctx)) binds = removeZFromBinds(binds);

  applyServiceOptions(args, ctx.serviceOptions.etcd);
  applyExtraArgs(args, etcd.extraArgs);
  const arrayArgs = arrayArgsFrom(etcd.extraArgsArray);

  const cmd = ['/usr/local/bin/etcd'];
  if (!args.has('client-cert-auth')) cmd.push('--client-cert-auth');
  if (!args.has('peer-client-cert-auth')) cmd.push('--peer-client-cert-auth');
  cmd.push(...renderArgs(args), ...renderArrayArgs(arrayArgs));

  const env = ['ETCDCTL_API=3', `ETCDCTL_CACERT=${certPath(KUBE_CA)}`, `ETCDCTL_CERT=${certPath(nodeName)}`, `ETCDCTL_KEY=${keyPath(nodeName)}`];
  if (lessThan(etcdVersion, '3.2.99')) env.push(`ETCDCTL_ENDPOINT=https://${listen}:2379`);
  else env.push(`ETCDCTL_ENDPOINTS=https://${listen === '0.0.0.0' ? '127.0.0.1' : listen}:2379`);
  const arch = host.facts.architecture === 'aarch64' ? 'arm64' : host.facts.architecture;
  env.push(`ETCD_UNSUPPORTED_ARCH=${arch}`, ...etcd.extraEnv);

  // RKE1 quirk kept: the user is `uid:uid`, not `uid:gid`.
  const user = etcd.uid !== 0 && etcd.gid !== 0 ? `${etcd.uid}:${etcd.uid}` : undefined;

  return processSpec(ctx, host, {
    name: ETCD,
    image: ctx.images.etcd,
    entrypoint: [],
    cmd,
    // RKE1 does not de-duplicate etcd's env.
    env,
    binds: uniqStrings([...binds, ...etcd.extraBinds]),
    volumesFrom: [],
    labels: { [CONTAINER_NAME_LABEL]: ETCD },
    networkMode: 'host',
    pidMode: '',
    privileged: false,
    restartPolicy: 'always',
    ...(user ? { user } : {}),
    healthCheck: { url: `https://${host.internalAddress}:2379/health`, clientCert: 'kube-node', expectJsonHealth: true },
  });
}
