/**
 * Everything the container builders need, derived once from cluster.yml + version table + node
 * facts, with RKE1's defaults applied the way cluster/defaults.go applies them (idempotent on a
 * config the config layer already defaulted).
 */
import { ConfigError, HostError } from '../errors.js';
import type { KubernetesVersionInfo, ServiceOptions } from '../versions/types.js';
import { goPathJoin } from './args.js';
import { fipsModeEnabled } from '../fips/mode.js';
import { fipsServiceOptions } from '../fips/service-options.js';
import { resolveCloudProvider, type CloudProviderResult } from './files/cloud-config.js';
import { DEFAULT_AUTHN_WEBHOOK_CACHE_TIMEOUT, DEFAULT_AUTHN_WEBHOOK_CONFIG } from './files/authn-webhook.js';
import type {
  AuditLogConfigInput,
  BaseServiceInput,
  DesiredConfigInput,
  EtcdServiceInput,
  KubeApiServiceInput,
  PrivateRegistryInput,
} from './input.js';
import { atLeast, mustParseSemVer, K8S_123, K8S_124 } from './semver.js';
import type { NodeFacts, Role } from './types.js';

export interface DesiredStateInput {
  config: DesiredConfigInput;
  version: KubernetesVersionInfo;
  /** `docker info` facts per node address. */
  nodeFacts: Readonly<Record<string, NodeFacts>>;
  /**
   * alpine/rke-tools image of RKE's *default* Kubernetes version: snapshot containers use its tag
   * (RKE1 util.GetDefaultRKETools). When absent, the cluster's own alpine image is used.
   */
  defaultRkeToolsImage?: string;
  /** encryption.yaml content from the cluster state; '' or absent means no secrets encryption file. */
  encryptionProviderFile?: string;
  /** etcd membership during a member add (RKE1 EtcdReadyHosts / ExistingEtcdCluster), by address. */
  etcdMembership?: { readyHosts?: string[]; existingHosts?: string[] };
  /** `rke up --dind`: components listen on 0.0.0.0 for health checks. */
  dind?: boolean;
  /** FIPS mode (src/fips): approved TLS cipher suites on every TLS-serving component. Default: the process's FIPS mode. */
  fips?: boolean;
}

export interface HostContext {
  address: string;
  internalAddress: string;
  hostname: string;
  roles: Role[];
  isEtcd: boolean;
  isControl: boolean;
  isWorker: boolean;
  prefixPath: string;
  facts: NodeFacts;
  existingEtcdCluster: boolean;
}

export interface ServiceContext<T extends BaseServiceInput> {
  raw: T;
  extraArgs: Record<string, string>;
  extraArgsArray: Record<string, string[]>;
  extraBinds: string[];
  extraEnv: string[];
}

export interface AuditLogContext {
  enabled: boolean;
  configuration?: Required<Omit<AuditLogConfigInput, 'policy'>> & { policy: unknown };
}

export interface ClusterContext {
  version: string;
  clusterName: string;
  images: {
    kubernetes: string;
    etcd: string;
    alpine: string;
    nginxProxy: string;
    certDownloader: string;
    sidecar: string;
    podInfra: string;
  };
  serviceOptions: ServiceOptions;
  /** Unique hosts in RKE1's order: etcd, then controlplane, then worker hosts. */
  hosts: HostContext[];
  /** Every node in cluster.yml order. */
  allNodes: HostContext[];
  etcdHosts: HostContext[];
  controlPlaneHosts: HostContext[];
  workerHosts: HostContext[];
  etcdReadyHosts: HostContext[];
  services: {
    etcd: ServiceContext<EtcdServiceInput> & {
      externalUrls: string[];
      path: string;
      uid: number;
      gid: number;
      snapshot: boolean;
      retention: string;
      creation: string;
    };
    kubeApi: ServiceContext<KubeApiServiceInput> & {
      serviceClusterIpRange: string;
      serviceNodePortRange: string;
      podSecurityConfiguration: string;
      auditLog: AuditLogContext;
    };
    kubeController: ServiceContext<BaseServiceInput> & { clusterCidr: string; serviceClusterIpRange: string };
    scheduler: ServiceContext<BaseServiceInput>;
    kubelet: ServiceContext<BaseServiceInput> & {
      clusterDomain: string;
      clusterDnsServer: string;
      infraContainerImage: string;
      failSwapOn: boolean;
      generateServingCertificate: boolean;
    };
    kubeproxy: ServiceContext<BaseServiceInput>;
  };
  cloud: CloudProviderResult;
  /** cloud_provider.useInstanceMetadataHostname (aws / external-aws: hostname comes from EC2 metadata). */
  useInstanceMetadataHostname: boolean;
  /** private_registries keyed by URL (docker.io when empty), in file order. */
  privateRegistries: Map<string, PrivateRegistryInput>;
  criDockerd: boolean;
  criDockerdStreamServerAddress: string;
  criDockerdStreamServerPort: string;
  rbac: boolean;
  webhook?: { configFile: string; cacheTimeout: string };
  encryptionProviderFile: string;
  nodelocalIp: string;
  defaultRkeToolsImage?: string;
  dind: boolean;
}

const DEFAULT_REGISTRY = 'docker.io';

/** RKE1 hosts.SetPrefixPath: per-OS prefixes apply only when the cluster's prefix_path is `/`. */
export function hostPrefixPath(clusterPrefix: string, operatingSystem: string | undefined): string {
  if (clusterPrefix !== '/') return clusterPrefix;
  const os = operatingSystem ?? '';
  if (os.includes('Boot2Docker')) return '/mnt/sda1/rke';
  if (os.includes('RancherOS') || os.includes('CoreOS') || os.includes('Flatcar')) return '/opt/rke';
  return clusterPrefix;
}

function service<T extends BaseServiceInput>(raw: T | undefined): ServiceContext<T> {
  const r = (raw ?? {}) as T;
  return {
    raw: r,
    extraArgs: { ...(r.extra_args ?? {}) },
    extraArgsArray: { ...(r.extra_args_array ?? {}) },
    extraBinds: [...(r.extra_binds ?? [])],
    extraEnv: [...(r.extra_env ?? [])],
  };
}

const orDefault = (v: string | undefined, d: string): string => (v === undefined || v === '' ? d : v);

/** RKE1's kube-api audit log defaulting (newDefaultAuditLogConfig; on by default for every supported version). */
function auditLogContext(raw: KubeApiServiceInput['audit_log']): AuditLogContext {
  const al = raw === undefined || raw === null ? { enabled: true } : raw;
  const enabled = al.enabled === true;
  let cfg = al.configuration ?? undefined;
  if (enabled && !cfg) {
    cfg = { max_age: 30, max_backup: 10, max_size: 100, path: '/var/log/kube-audit/audit-log.json', format: 'json' };
  }
  if (!cfg) return { enabled };
  return {
    enabled,
    configuration: {
      max_age: cfg.max_age ?? 0,
      max_backup: cfg.max_backup ?? 0,
      max_size: cfg.max_size ?? 0,
      path: cfg.path ?? '',
      format: cfg.format ?? '',
      // undefined policy = RKE1's default policy (filled in only when enabled).
      policy: cfg.policy ?? undefined,
    },
  };
}

function systemImage(config: DesiredConfigInput, version: KubernetesVersionInfo, key: string, defaultRegistry: string): string {
  const user = config.system_images?.[key];
  if (user) return user;
  const def = (version.systemImages as Record<string, string | undefined>)[key] ?? '';
  if (def === '' || defaultRegistry === '') return def;
  return `${defaultRegistry}/${def}`;
}

function parseRoles(roles: readonly string[] | undefined): Role[] {
  const out: Role[] = [];
  for (const r of roles ?? []) {
    if ((r === 'etcd' || r === 'controlplane' || r === 'worker') && !out.includes(r)) out.push(r);
  }
  return out;
}

export function buildClusterContext(input: DesiredStateInput): ClusterContext {
  const { config, version } = input;
  const k8sVersion = orDefault(config.kubernetes_version, version.version);
  mustParseSemVer(k8sVersion);
  const clusterPrefix = orDefault(config.prefix_path, '/');

  const readyAddrs = input.etcdMembership?.readyHosts;
  const existing = new Set(input.etcdMembership?.existingHosts ?? readyAddrs ?? []);
  const allHosts: HostContext[] = (config.nodes ?? []).map((n, i) => {
    const address = n.address ?? '';
    if (address === '') throw new ConfigError(`nodes[${i}] has no address`, { key: `nodes[${i}].address` });
    const facts = input.nodeFacts[address];
    if (!facts) throw new HostError(`no docker info collected for host [${address}]`, { host: address, key: `nodes[${i}]` });
    const roles = parseRoles(n.role);
    return {
      address,
      internalAddress: orDefault(n.internal_address, address),
      hostname: orDefault(n.hostname_override, address).toLowerCase(),
      roles,
      isEtcd: roles.includes('etcd'),
      isControl: roles.includes('controlplane'),
      isWorker: roles.includes('worker'),
      prefixPath: hostPrefixPath(clusterPrefix, facts.operatingSystem),
      facts,
      existingEtcdCluster: existing.has(address),
    };
  });
  const etcdHosts = allHosts.filter((h) => h.isEtcd);
  const controlPlaneHosts = allHosts.filter((h) => h.isControl);
  const workerHosts = allHosts.filter((h) => h.isWorker);
  // RKE1 hosts.GetUniqueHostList(etcd, controlplane, worker): that order, first occurrence wins.
  const hosts: HostContext[] = [];
  for (const h of [...etcdHosts, ...controlPlaneHosts, ...workerHosts]) {
    if (!hosts.some((x) => x.address === h.address)) hosts.push(h);
  }
  const etcdReadyHosts = readyAddrs ? etcdHosts.filter((h) => readyAddrs.includes(h.address)) : [];

  const privateRegistries = new Map<string, PrivateRegistryInput>();
  for (const pr of config.private_registries ?? []) {
    const url = orDefault(pr.url, DEFAULT_REGISTRY);
    privateRegistries.set(url, { ...pr, url });
  }
  const defaultRegistry = (config.private_registries ?? []).find((p) => p.is_default)?.url ?? '';
  const img = (key: string) => systemImage(config, version, key, defaultRegistry);
  const images = {
    kubernetes: img('kubernetes'),
    etcd: img('etcd'),
    alpine: img('alpine'),
    nginxProxy: img('nginx_proxy'),
    certDownloader: img('cert_downloader'),
    sidecar: img('kubernetes_services_sidecar'),
    podInfra: img('pod_infra_container'),
  };

  const svc = config.services ?? {};
  const etcdRaw = svc.etcd ?? {};
  const etcd = service(etcdRaw);
  if (!('election-timeout' in etcd.extraArgs)) etcd.extraArgs['election-timeout'] = '5000';
  if (!('heartbeat-interval' in etcd.extraArgs)) etcd.extraArgs['heartbeat-interval'] = '500';

  const kubeApiRaw = svc['kube-api'] ?? {};
  const kubeApi = service(kubeApiRaw);
  const hasAdmissionFileArg = 'admission-control-config-file' in kubeApi.extraArgs;
  let podSecurity = kubeApiRaw.pod_security_configuration ?? '';
  if (!hasAdmissionFileArg && podSecurity === '' && atLeast(k8sVersion, K8S_123)) podSecurity = 'privileged';

  const kubelet = service(svc.kubelet);
  const kc = svc['kube-controller'] ?? {};

  const strategies = new Set(
    orDefault(config.authentication?.strategy, 'x509')
      .split('|')
      .map((s) => s.trim().toLowerCase()),
  );
  let webhookRaw = config.authentication?.webhook ?? undefined;
  if (strategies.has('webhook') && !webhookRaw) webhookRaw = {};
  const webhook = webhookRaw
    ? {
        configFile: orDefault(webhookRaw.config_file, DEFAULT_AUTHN_WEBHOOK_CONFIG),
        cacheTimeout: orDefault(webhookRaw.cache_timeout, DEFAULT_AUTHN_WEBHOOK_CACHE_TIMEOUT),
      }
    : undefined;

  let criDockerd = config.enable_cri_dockerd ?? undefined;
  if (criDockerd === undefined && atLeast(k8sVersion, K8S_124)) criDockerd = true;

  if (etcdRaw.external_urls && etcdRaw.external_urls.length > 0 && etcdHosts.length > 0) {
    throw new ConfigError("Cluster can't have both internal and external etcd", { key: 'services.etcd.external_urls' });
  }

  return {
    version: k8sVersion,
    clusterName: orDefault(config.cluster_name, 'local'),
    images,
    serviceOptions: (input.fips ?? fipsModeEnabled()) ? fipsServiceOptions(version.serviceOptions) : version.serviceOptions,
    hosts,
    allNodes: allHosts,
    etcdHosts,
    controlPlaneHosts,
    workerHosts,
    etcdReadyHosts,
    services: {
      etcd: {
        ...etcd,
        externalUrls: [...(etcdRaw.external_urls ?? [])],
        path: etcdRaw.path ?? '',
        uid: etcdRaw.uid ?? 0,
        gid: etcdRaw.gid ?? 0,
        snapshot: etcdRaw.snapshot ?? true,
        retention: orDefault(etcdRaw.retention, '72h'),
        creation: orDefault(etcdRaw.creation, '12h'),
      },
      kubeApi: {
        ...kubeApi,
        serviceClusterIpRange: orDefault(kubeApiRaw.service_cluster_ip_range, '10.43.0.0/16'),
        serviceNodePortRange: orDefault(kubeApiRaw.service_node_port_range, '30000-32767'),
        podSecurityConfiguration: podSecurity,
        auditLog: auditLogContext(kubeApiRaw.audit_log),
      },
      kubeController: {
        ...service(kc),
        clusterCidr: orDefault(kc.cluster_cidr, '10.42.0.0/16'),
        serviceClusterIpRange: orDefault(kc.service_cluster_ip_range, '10.43.0.0/16'),
      },
      scheduler: service(svc.scheduler),
      kubelet: {
        ...kubelet,
        clusterDomain: orDefault(svc.kubelet?.cluster_domain, 'cluster.local'),
        clusterDnsServer: orDefault(svc.kubelet?.cluster_dns_server, '10.43.0.10'),
        infraContainerImage: orDefault(svc.kubelet?.infra_container_image, images.podInfra),
        failSwapOn: svc.kubelet?.fail_swap_on ?? false,
        generateServingCertificate: svc.kubelet?.generate_serving_certificate ?? false,
      },
      kubeproxy: service(svc.kubeproxy),
    },
    cloud: resolveCloudProvider(config.cloud_provider, k8sVersion),
    useInstanceMetadataHostname: config.cloud_provider?.useInstanceMetadataHostname === true,
    privateRegistries,
    criDockerd: criDockerd === true,
    criDockerdStreamServerAddress: config.cri_dockerd_stream_server_address ?? '',
    criDockerdStreamServerPort: config.cri_dockerd_stream_server_port ?? '',
    rbac: orDefault(config.authorization?.mode, 'rbac') === 'rbac',
    webhook,
    encryptionProviderFile: input.encryptionProviderFile ?? '',
    nodelocalIp: config.dns?.nodelocal?.ip_address ?? '',
    defaultRkeToolsImage: input.defaultRkeToolsImage,
    dind: input.dind === true,
  };
}

/** Go path.Join(host prefix, p). */
export function onHost(host: HostContext, p: string): string {
  return goPathJoin(host.prefixPath, p);
}
