/**
 * The whole cluster.yml (RKE1 types.RancherKubernetesEngineConfig). Object keys are the YAML keys the
 * user writes; each field also records the JSON key RKE1 uses in cluster.rkestate
 * (`desiredState.rkeConfig` / `currentState.rkeConfig`).
 */
import type { z } from 'zod';
import { SYSTEM_IMAGE_KEYS, type SystemImageKey } from '../../versions/types.js';
import { PROFILE_NAMES } from '../../profile/names.js';
import { f, struct, str, strOneOf, bool, int, list, map, type Field } from '../schema-dsl.js';
import { dnsConfig, ingressConfig, monitoringConfig } from './addons.js';
import { cloudProvider } from './cloud-provider.js';
import { networkConfig } from './network.js';
import { services } from './services.js';

/** system_images YAML key → JSON key (json tags of types.RKESystemImages). */
export const SYSTEM_IMAGE_JSON_KEYS: Readonly<Record<SystemImageKey, string>> = {
  etcd: 'etcd',
  alpine: 'alpine',
  nginx_proxy: 'nginxProxy',
  cert_downloader: 'certDownloader',
  kubernetes_services_sidecar: 'kubernetesServicesSidecar',
  kubedns: 'kubedns',
  dnsmasq: 'dnsmasq',
  kubedns_sidecar: 'kubednsSidecar',
  kubedns_autoscaler: 'kubednsAutoscaler',
  coredns: 'coredns',
  coredns_autoscaler: 'corednsAutoscaler',
  nodelocal: 'nodelocal',
  kubernetes: 'kubernetes',
  flannel: 'flannel',
  flannel_cni: 'flannelCni',
  calico_node: 'calicoNode',
  calico_cni: 'calicoCni',
  calico_controllers: 'calicoControllers',
  calico_ctl: 'calicoCtl',
  calico_flexvol: 'calicoFlexVol',
  canal_node: 'canalNode',
  canal_cni: 'canalCni',
  canal_controllers: 'canalControllers',
  canal_flannel: 'canalFlannel',
  canal_flexvol: 'canalFlexVol',
  weave_node: 'weaveNode',
  weave_cni: 'weaveCni',
  pod_infra_container: 'podInfraContainer',
  ingress: 'ingress',
  ingress_backend: 'ingressBackend',
  ingress_webhook: 'ingressWebhook',
  metrics_server: 'metricsServer',
  windows_pod_infra_container: 'windowsPodInfraContainer',
  aci_cni_deploy_container: 'aciCniDeployContainer',
  aci_host_container: 'aciHostContainer',
  aci_opflex_container: 'aciOpflexContainer',
  aci_mcast_container: 'aciMcastContainer',
  aci_ovs_container: 'aciOvsContainer',
  aci_controller_container: 'aciControllerContainer',
  aci_gbp_server_container: 'aciGbpServerContainer',
  aci_opflex_server_container: 'aciOpflexServerContainer',
};

function systemImageFields() {
  const fields = {} as Record<SystemImageKey, Field<z.ZodString>>;
  for (const key of SYSTEM_IMAGE_KEYS) fields[key] = f(str(), `${SYSTEM_IMAGE_JSON_KEYS[key]},omitempty`);
  return fields;
}

export const systemImages = struct('types.RKESystemImages', systemImageFields());

export const taint = struct('types.RKETaint', {
  key: f(str(), 'key,omitempty'),
  value: f(str(), 'value,omitempty'),
  effect: f(str('NoSchedule, PreferNoSchedule or NoExecute'), 'effect,omitempty'),
  timeAdded: f(str(), 'timeAdded,omitempty'),
});

export const node = struct('types.RKEConfigNode', {
  nodeName: f(str('Rancher-only node reference'), 'nodeName,omitempty'),
  address: f(str('SSH address (IP or DNS name)'), 'address,omitempty'),
  port: f(str('SSH port (default 22)'), 'port,omitempty'),
  internal_address: f(str('address for cluster-internal traffic (default: address)'), 'internalAddress,omitempty'),
  role: f(list(str('etcd, controlplane or worker')), 'role,omitempty'),
  hostname_override: f(str('Kubernetes node name (default: address)'), 'hostnameOverride,omitempty'),
  user: f(str('SSH user'), 'user,omitempty'),
  docker_socket: f(str('default /var/run/docker.sock'), 'dockerSocket,omitempty'),
  ssh_agent_auth: f(bool(), 'sshAgentAuth,omitempty'),
  ssh_key: f(str('inline private key'), 'sshKey,omitempty'),
  ssh_key_path: f(str(), 'sshKeyPath,omitempty'),
  ssh_cert: f(str(), 'sshCert,omitempty'),
  ssh_cert_path: f(str(), 'sshCertPath,omitempty'),
  labels: f(map(str()), 'labels,omitempty'),
  taints: f(list(taint), 'taints,omitempty'),
});

export const authWebhookConfig = struct('types.AuthWebhookConfig', {
  config_file: f(str('kubeconfig-format webhook config'), 'configFile,omitempty'),
  cache_timeout: f(str('default 5s'), 'cacheTimeout,omitempty'),
});

export const authnConfig = struct('types.AuthnConfig', {
  strategy: f(str('x509 (default) or x509|webhook'), 'strategy,omitempty'),
  sans: f(list(str()), 'sans,omitempty'),
  webhook: f(authWebhookConfig, 'webhook,omitempty', { pointer: true }),
});

export const authzConfig = struct('types.AuthzConfig', {
  mode: f(str('rbac (default) or none'), 'mode,omitempty'),
  options: f(map(str()), 'options,omitempty'),
});

export const ecrCredentialPlugin = struct('types.ECRCredentialPlugin', {
  aws_access_key_id: f(str(), 'awsAccessKeyId,omitempty'),
  aws_secret_access_key: f(str(), 'awsSecretAccessKey,omitempty'),
  aws_session_token: f(str(), 'awsAccessToken,omitempty'),
});

export const privateRegistry = struct('types.PrivateRegistry', {
  url: f(str('registry host (docker.io when empty)'), 'url,omitempty'),
  user: f(str(), 'user,omitempty'),
  password: f(str(), 'password,omitempty'),
  is_default: f(bool('prefix every default system image with this registry'), 'isDefault,omitempty'),
  ecr_credential_plugin: f(ecrCredentialPlugin, 'ecrCredentialPlugin,omitempty', { pointer: true }),
});

export const bastionHost = struct('types.BastionHost', {
  address: f(str(), 'address,omitempty'),
  port: f(str('default 22'), 'port,omitempty'),
  user: f(str(), 'user,omitempty'),
  ssh_agent_auth: f(bool(), 'sshAgentAuth,omitempty'),
  ssh_key: f(str(), 'sshKey,omitempty'),
  ssh_key_path: f(str(), 'sshKeyPath,omitempty'),
  ssh_cert: f(str(), 'sshCert,omitempty'),
  ssh_cert_path: f(str(), 'sshCertPath,omitempty'),
  ignore_proxy_env_vars: f(bool(), 'ignoreProxyEnvVars,omitempty'),
});

export const restoreConfig = struct('types.RestoreConfig', {
  restore: f(bool(), 'restore,omitempty'),
  snapshot_name: f(str(), 'snapshotName,omitempty'),
});

// Only json tags: yaml.v2 reads the lower-cased Go field names.
export const rotateCertificates = struct('types.RotateCertificates', {
  cacertificates: f(bool(), 'caCertificates,omitempty'),
  services: f(list(str()), 'services,omitempty'),
});

export const nodeDrainInput = struct('types.NodeDrainInput', {
  force: f(bool(), 'force,omitempty'),
  ignore_daemonsets: f(bool('default true'), 'ignoreDaemonSets,omitempty', { pointer: true }),
  delete_local_data: f(bool(), 'deleteLocalData,omitempty'),
  grace_period: f(int('seconds; default -1 (the pod\'s own)'), 'gracePeriod,omitempty'),
  timeout: f(int('seconds; default 120'), 'timeout'),
});

export const nodeUpgradeStrategy = struct('types.NodeUpgradeStrategy', {
  max_unavailable_worker: f(str('number or percentage of worker nodes (default 10%)'), 'maxUnavailableWorker,omitempty'),
  max_unavailable_controlplane: f(str('number or percentage (default 1)'), 'maxUnavailableControlplane,omitempty'),
  drain: f(bool(), 'drain,omitempty', { pointer: true }),
  node_drain_input: f(nodeDrainInput, 'nodeDrainInput,omitempty', { pointer: true }),
});

export const clusterConfigSchema = struct(
  'types.RancherKubernetesEngineConfig',
  {
    nodes: f(list(node), 'nodes,omitempty'),
    services: f(services, 'services,omitempty'),
    network: f(networkConfig, 'network,omitempty'),
    authentication: f(authnConfig, 'authentication,omitempty'),
    addons: f(str('inline multi-document YAML deployed as a user addon'), 'addons,omitempty'),
    addons_include: f(list(str('URL or local path of a YAML manifest')), 'addonsInclude,omitempty'),
    system_images: f(systemImages, 'systemImages,omitempty'),
    ssh_key_path: f(str('default ~/.ssh/id_rsa'), 'sshKeyPath,omitempty'),
    ssh_cert_path: f(str(), 'sshCertPath,omitempty'),
    ssh_agent_auth: f(bool(), 'sshAgentAuth'),
    authorization: f(authzConfig, 'authorization,omitempty'),
    ignore_docker_version: f(bool(), 'ignoreDockerVersion', { pointer: true }),
    enable_cri_dockerd: f(bool('default true for Kubernetes >= 1.24'), 'enableCriDockerd', { pointer: true }),
    kubernetes_version: f(str('e.g. v1.32.13-rancher1-2'), 'kubernetesVersion,omitempty'),
    private_registries: f(list(privateRegistry), 'privateRegistries,omitempty'),
    ingress: f(ingressConfig, 'ingress,omitempty'),
    cluster_name: f(str('default local'), 'clusterName,omitempty'),
    cloud_provider: f(cloudProvider, 'cloudProvider,omitempty'),
    prefix_path: f(str('default /'), 'prefixPath,omitempty'),
    win_prefix_path: f(str(), 'winPrefixPath,omitempty'),
    addon_job_timeout: f(int('seconds (default 45)'), 'addonJobTimeout,omitempty'),
    bastion_host: f(bastionHost, 'bastionHost,omitempty'),
    monitoring: f(monitoringConfig, 'monitoring,omitempty'),
    restore: f(restoreConfig, 'restore,omitempty'),
    rotate_certificates: f(rotateCertificates, 'rotateCertificates,omitempty', { pointer: true }),
    rotate_encryption_key: f(bool(), 'rotateEncryptionKey'),
    dns: f(dnsConfig, 'dns,omitempty', { pointer: true }),
    upgrade_strategy: f(nodeUpgradeStrategy, 'upgradeStrategy,omitempty', { pointer: true }),
    cri_dockerd_stream_server_address: f(str(), 'criDockerdStreamServerAddress,omitempty'),
    cri_dockerd_stream_server_port: f(str(), 'criDockerdStreamServerPort,omitempty'),
    // rke-ts extension (RKE1 ignores the key): a hardened profile applied over this file (src/profile).
    profile: f(strOneOf(PROFILE_NAMES, 'rke-ts: hardened profile, e.g. cis (CIS Kubernetes Benchmark, RKE2-style)'), 'profile,omitempty'),
  },
  { description: 'RKE cluster.yml' },
);

/** cluster.yml as the user writes it (YAML keys); every key optional, as in RKE1. */
export type ClusterConfig = z.infer<typeof clusterConfigSchema>;
export type NodeConfig = z.infer<typeof node>;
export type ServicesConfig = z.infer<typeof services>;
export type NetworkConfig = z.infer<typeof networkConfig>;
export type IngressConfig = z.infer<typeof ingressConfig>;
export type DnsConfig = z.infer<typeof dnsConfig>;
export type MonitoringConfig = z.infer<typeof monitoringConfig>;
export type PrivateRegistryConfig = z.infer<typeof privateRegistry>;
export type BastionHostConfig = z.infer<typeof bastionHost>;
export type SystemImagesConfig = z.infer<typeof systemImages>;
export type NodeUpgradeStrategyConfig = z.infer<typeof nodeUpgradeStrategy>;
