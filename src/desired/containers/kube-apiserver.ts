/** The `kube-apiserver` container (RKE1 cluster/plan.go BuildKubeAPIProcess). */
import { isIP } from 'node:net';
import { applyExtraArgs, applyServiceOptions, arrayArgsFrom, removeZFromBinds, renderArgs, renderArrayArgs, uniqStrings, type FlagMap } from '../args.js';
import { CONTAINER_NAME_LABEL, SIDEKICK, certPath, healthCheckUrl, k8sAtLeast122, keyPath, kubernetesImageVersion, processSpec, rkeToolsEntrypoint } from '../common.js';
import { onHost, type ClusterContext, type HostContext } from '../context.js';
import { ADMISSION_CONFIG_PATH } from '../files/admission.js';
import { AUDIT_POLICY_PATH } from '../files/audit-policy.js';
import { AUTHN_WEBHOOK_PATH } from '../files/authn-webhook.js';
import { CLOUD_CONFIG_PATH, cloudProviderFlagValue } from '../files/cloud-config.js';
import { md5Hex } from '../files/checksum.js';
import { ENCRYPTION_PROVIDER_PATH } from '../files/encryption.js';
import { atLeast, tagMajorVersion } from '../semver.js';
import type { ContainerSpec } from '../types.js';
import type { ClusterFiles } from '../cluster-files.js';

export const KUBE_APISERVER = 'kube-apiserver';
/** The first kube-apiserver without --cloud-provider/--cloud-config (rke-ts's own versions only). */
const KUBE_APISERVER_WITHOUT_CLOUD_FLAGS = '1.33.0-rancher0';

/** RKE1 services.GetEtcdConnString: this host first when it is an etcd member, then the others in order. */
export function etcdConnString(etcdHosts: readonly HostContext[], internalAddress: string): string {
  const others = etcdHosts.filter((h) => h.internalAddress !== internalAddress).map((h) => `https://${h.internalAddress}:2379`);
  const self = etcdHosts.some((h) => h.internalAddress === internalAddress);
  return (self ? [`https://${internalAddress}:2379`, ...others] : others).join(',');
}

export function buildKubeApiserver(ctx: ClusterContext, host: HostContext, files: ClusterFiles): ContainerSpec {
  const api = ctx.services.kubeApi;
  const etcd = ctx.services.etcd;
  const external = etcd.externalUrls.length > 0;
  const args: FlagMap = new Map([
    ['admission-control-config-file', ADMISSION_CONFIG_PATH],
    ['client-ca-file', certPath('kube-ca')],
    ['cloud-provider', cloudProviderFlagValue(ctx.cloud.name)],
    ['etcd-cafile', certPath(external ? 'kube-etcd-client-ca' : 'kube-ca')],
    ['etcd-certfile', certPath(external ? 'kube-etcd-client' : 'kube-node')],
    ['etcd-keyfile', keyPath(external ? 'kube-etcd-client' : 'kube-node')],
    ['etcd-prefix', external ? etcd.path : '/registry'],
    ['etcd-servers', external ? etcd.externalUrls.join(',') : etcdConnString(ctx.etcdHosts, host.internalAddress)],
    ['kubelet-client-certificate', certPath('kube-apiserver')],
    ['kubelet-client-key', keyPath('kube-apiserver')],
    ['proxy-client-cert-file', certPath('kube-apiserver-proxy-client')],
    ['proxy-client-key-file', keyPath('kube-apiserver-proxy-client')],
    ['requestheader-allowed-names', 'kube-apiserver-proxy-client'],
    ['requestheader-client-ca-file', certPath('kube-apiserver-requestheader-ca')],
    ['service-account-key-file', keyPath('kube-service-account-token')],
    ['service-cluster-ip-range', api.serviceClusterIpRange],
    ['service-node-port-range', api.serviceNodePortRange],
    ['tls-cert-file', certPath('kube-apiserver')],
    ['tls-private-key-file', keyPath('kube-apiserver')],
  ]);
  const env: string[] = [];
  if (ctx.cloud.name !== '') args.set('cloud-config', CLOUD_CONFIG_PATH);
  // kube-apiserver v1.33 removed both flags (unknown flag: it would not start); RKE1 never ran 1.33.
  if (atLeast(kubernetesImageVersion(ctx), KUBE_APISERVER_WITHOUT_CLOUD_FLAGS)) {
    args.delete('cloud-provider');
    args.delete('cloud-config');
  }
  if (ctx.webhook) {
    args.set('authentication-token-webhook-config-file', AUTHN_WEBHOOK_PATH);
    args.set('authentication-token-webhook-cache-ttl', ctx.webhook.cacheTimeout);
  }
  if (ctx.cloud.name !== '') env.push(`RKE_CLOUD_CONFIG_CHECKSUM=${md5Hex(ctx.cloud.configFile)}`);
  if (ctx.encryptionProviderFile !== '') args.set('encryption-provider-config', ENCRYPTION_PROVIDER_PATH);
  if (ctx.services.kubelet.generateServingCertificate) args.set('kubelet-certificate-authority', certPath('kube-ca'));

  applyServiceOptions(args, ctx.serviceOptions.kubeapi);
  if (tagMajorVersion(ctx.version) === 'v1.8') args.set('apiserver-count', String(ctx.controlPlaneHosts.length));
  if (ctx.rbac) args.set('authorization-mode', 'Node,RBAC');
  if (host.internalAddress !== '' && isIP(host.internalAddress) !== 0) args.set('advertise-address', host.internalAddress);

  const admissionFlag = ['enable-admission-plugins', 'admission-control'].find((f) => args.has(f)) ?? '';
  if (api.raw.always_pull_images) args.set(admissionFlag, `${args.get(admissionFlag) ?? ''},AlwaysPullImages`);
  if (api.raw.event_rate_limit?.enabled) args.set(admissionFlag, `${args.get(admissionFlag) ?? ''},EventRateLimit`);

  const alc = api.auditLog.configuration;
  if (alc) {
    args.set('audit-log-path', alc.path);
    args.set('audit-log-maxage', String(alc.max_age));
    args.set('audit-log-maxbackup', String(alc.max_backup));
    args.set('audit-log-maxsize', String(alc.max_size));
    args.set('audit-log-format', alc.format);
    args.set('audit-policy-file', AUDIT_POLICY_PATH);
  }

  let binds = [`${onHost(host, '/etc/kubernetes')}:/etc/kubernetes:z`];
  if (files.admission) env.push(`RKE_ADMISSION_CONFIG_CHECKSUM=${files.admission.checksum}`);
  if (api.auditLog.enabled && files.auditPolicy) {
    binds.push(`${onHost(host, '/var/log/kube-audit')}:/var/log/kube-audit`);
    env.push(`RKE_AUDITLOG_CONFIG_CHECKSUM=${files.auditPolicy.checksum}`);
  }
  if (k8sAtLeast122(ctx)) binds = removeZFromBinds(binds);

  applyExtraArgs(args, api.extraArgs);
  const arrayArgs = arrayArgsFrom(api.extraArgsArray);

  return processSpec(ctx, host, {
    name: KUBE_APISERVER,
    image: ctx.images.kubernetes,
    entrypoint: [...rkeToolsEntrypoint(ctx, KUBE_APISERVER), ...renderArgs(args), ...renderArrayArgs(arrayArgs)],
    cmd: [],
    env: uniqStrings([...env, ...api.extraEnv]),
    binds: uniqStrings([...binds, ...api.extraBinds]),
    volumesFrom: [SIDEKICK],
    labels: { [CONTAINER_NAME_LABEL]: KUBE_APISERVER },
    networkMode: 'host',
    pidMode: '',
    privileged: false,
    restartPolicy: 'always',
    healthCheck: { url: healthCheckUrl(true, 6443), clientCert: 'kube-apiserver' },
  });
}
