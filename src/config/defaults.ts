/**
 * The effective cluster.yml: RKE1's defaults (cluster/defaults.go setClusterDefaults, then the cloud
 * provider name resolution of setCloudProvider). Pure: returns a new config, the input is not changed.
 * Defaults that depend on the Kubernetes version are skipped when the version does not parse;
 * validateClusterConfig reports that version.
 */
import type { VersionTable } from '../versions/table.js';
import { SYSTEM_IMAGE_KEYS } from '../versions/types.js';
import { DEFAULTS, DEFAULT_AUTHN_WEBHOOK_CONFIG } from './constants.js';
import { setAddonDefaults, setDnsDefaults } from './defaults-addons.js';
import { setNetworkDefaults } from './defaults-network.js';
import { setServicesDefaults } from './defaults-services.js';
import { AT_LEAST_1_24, versionMatches } from './k8s-version.js';
import type { ClusterConfig } from './schema/cluster.js';

/** What config code needs from the version table (src/versions). */
export type ConfigVersionTable = Pick<VersionTable, 'defaultVersion' | 'versions' | 'deprecated'>;

/** RKE1's common CLI flags that override cluster.yml (cmd/common.go setOptionsFromCLI). */
export interface CliConfigFlags {
  /** `--ssh-agent-auth`: when true forces ssh_agent_auth; when false the file value is kept. */
  sshAgentAuth?: boolean;
  /** `--ignore-docker-version`: always overwrites ignore_docker_version (false when the flag is absent). */
  ignoreDockerVersion?: boolean;
}

/**
 * Applies the CLI flags as RKE1 does. Pass `flags` only for CLI runs: RKE1 then always overwrites
 * ignore_docker_version, so `ignore_docker_version: true` in cluster.yml has no effect (RKE1 #3181).
 */
export function applyCliFlags(config: ClusterConfig, flags: CliConfigFlags): void {
  if (flags.sshAgentAuth) config.ssh_agent_auth = true;
  config.ignore_docker_version = flags.ignoreDockerVersion ?? false;
}

/** `<registry>/<image>` for the default registry; RKE1 prefixes even empty images. */
function withRegistry(image: string, registry: string): string {
  return registry ? `${registry}/${image}` : image;
}

function setSystemImageDefaults(config: ClusterConfig, table: ConfigVersionTable, version: string): void {
  const info = table.versions[version];
  if (!info) return;
  const registry = config.private_registries?.find((registry) => registry.is_default)?.url ?? '';
  const images = (config.system_images ??= {});
  for (const key of SYSTEM_IMAGE_KEYS) {
    if (images[key]) continue;
    const image = withRegistry(info.systemImages[key] ?? '', registry);
    if (image) images[key] = image;
  }
}

function setHostDefaults(config: ClusterConfig): void {
  const sshKeyPath = config.ssh_key_path ?? '';
  const agentAuth = config.ssh_agent_auth ?? false;
  const bastion = config.bastion_host;
  if (bastion?.address) {
    if (!bastion.port) bastion.port = DEFAULTS.sshPort;
    if (!bastion.ssh_key_path) bastion.ssh_key_path = sshKeyPath;
    bastion.ssh_agent_auth = agentAuth;
  }
  for (const node of config.nodes ?? []) {
    if (!node.internal_address) node.internal_address = node.address ?? '';
    if (!node.hostname_override) node.hostname_override = node.address ?? '';
    if (!node.ssh_key_path) node.ssh_key_path = sshKeyPath;
    if (!node.port) node.port = DEFAULTS.sshPort;
    node.hostname_override = node.hostname_override.toLowerCase();
    node.ssh_agent_auth = agentAuth; // only settable cluster-wide
  }
}

/** authentication.strategy split on `|`, trimmed and lower-cased (RKE1's AuthnStrategies). */
export function authnStrategies(config: ClusterConfig): Set<string> {
  const strategy = config.authentication?.strategy || DEFAULTS.authStrategy;
  return new Set(strategy.split('|').map((part) => part.trim().toLowerCase()));
}

function setAuthnDefaults(config: ClusterConfig): void {
  const authentication = (config.authentication ??= {});
  if (!authentication.strategy) authentication.strategy = DEFAULTS.authStrategy;
  if (authnStrategies(config).has('webhook')) authentication.webhook ??= {};
  if (authentication.webhook) {
    if (!authentication.webhook.config_file) authentication.webhook.config_file = DEFAULT_AUTHN_WEBHOOK_CONFIG;
    if (!authentication.webhook.cache_timeout) authentication.webhook.cache_timeout = DEFAULTS.authnCacheTimeout;
  }
}

function setUpgradeStrategyDefaults(config: ClusterConfig): void {
  const strategy = config.upgrade_strategy;
  if (!strategy) {
    config.upgrade_strategy = {
      max_unavailable_worker: DEFAULTS.maxUnavailableWorker,
      max_unavailable_controlplane: DEFAULTS.maxUnavailableControlplane,
    };
    return;
  }
  if (!strategy.max_unavailable_worker) strategy.max_unavailable_worker = DEFAULTS.maxUnavailableWorker;
  if (!strategy.max_unavailable_controlplane) strategy.max_unavailable_controlplane = DEFAULTS.maxUnavailableControlplane;
  if (strategy.drain === true) return;
  strategy.node_drain_input ??= {
    ignore_daemonsets: true,
    timeout: DEFAULTS.nodeDrainTimeout,
    grace_period: DEFAULTS.nodeDrainGracePeriod,
  };
}

type CloudProviderKind = 'aws' | 'azure' | 'openstack' | 'vsphere' | 'harvester' | 'custom';

/** Which provider RKE1's cloudprovider.InitCloudProvider picks (the last matching rule wins). */
export function selectedCloudProvider(config: ClusterConfig): CloudProviderKind | undefined {
  const provider = config.cloud_provider;
  if (!provider) return undefined;
  const name = provider.name ?? '';
  let kind: CloudProviderKind | undefined;
  if (provider.awsCloudProvider || name === 'aws') kind = 'aws';
  if (provider.azureCloudProvider || name === 'azure') kind = 'azure';
  if (provider.openstackCloudProvider || name === 'openstack') kind = 'openstack';
  if (provider.vsphereCloudProvider || name === 'vsphere') kind = 'vsphere';
  if (provider.harvesterCloudProvider || name === 'harvester') kind = 'harvester';
  if (provider.customCloudProvider) kind = 'custom';
  return kind;
}

/**
 * The provider's Init error, worded as RKE1 (azure/openstack/vsphere need their section). A harvester
 * name without its section makes RKE1 crash; it is reported like the others here.
 */
export function cloudProviderInitError(config: ClusterConfig): string | undefined {
  const provider = config.cloud_provider;
  switch (selectedCloudProvider(config)) {
    case 'azure':
      return provider?.azureCloudProvider ? undefined : 'Azure Cloud Provider Config is empty';
    case 'openstack':
      return provider?.openstackCloudProvider ? undefined : 'Openstack Cloud Provider Config is empty';
    case 'vsphere':
      return provider?.vsphereCloudProvider ? undefined : 'Vsphere Cloud Provider Config is empty';
    case 'harvester':
      return provider?.harvesterCloudProvider ? undefined : 'Harvester Cloud Provider Config is empty';
    default:
      return undefined;
  }
}

/**
 * The provider name RKE1 stores (GetName after Init): `aws` for the AWS section, `external` for
 * harvester, azure/openstack/vsphere keep a non-empty `name`, a custom provider keeps `name` as given.
 */
export function resolvedCloudProviderName(config: ClusterConfig): string | undefined {
  const kind = selectedCloudProvider(config);
  if (kind === undefined || cloudProviderInitError(config) !== undefined) return undefined;
  const name = config.cloud_provider?.name ?? '';
  switch (kind) {
    case 'aws':
      return 'aws';
    case 'harvester':
      return 'external';
    case 'custom':
      return name;
    default:
      return name || kind;
  }
}

export interface DefaultsOptions {
  /** CLI flags; omit for library use (the file's values are kept). */
  flags?: CliConfigFlags;
}

export function applyDefaults(input: ClusterConfig, table: ConfigVersionTable, options: DefaultsOptions = {}): ClusterConfig {
  const config = structuredClone(input);
  if (options.flags) applyCliFlags(config, options.flags);

  if (!config.ssh_key_path) config.ssh_key_path = DEFAULTS.sshKeyPath;
  if (!config.prefix_path) config.prefix_path = '/';
  setHostDefaults(config);

  (config.authorization ??= {}).mode ||= DEFAULTS.authorizationMode;
  (config.ingress ??= {}).provider ||= DEFAULTS.ingressProvider;
  if (!config.cluster_name) config.cluster_name = DEFAULTS.clusterName;
  if (!config.kubernetes_version) config.kubernetes_version = table.defaultVersion;
  if (!config.addon_job_timeout) config.addon_job_timeout = DEFAULTS.addonJobTimeout;
  (config.monitoring ??= {}).provider ||= DEFAULTS.monitoringProvider;
  const version = config.kubernetes_version;

  setSystemImageDefaults(config, table, version);

  const cloudProvider = config.cloud_provider;
  if (cloudProvider?.name === 'aws' && cloudProvider.useInstanceMetadataHostname === undefined) {
    cloudProvider.useInstanceMetadataHostname = false;
  }
  // cri-dockerd is on by default from Kubernetes 1.24 (dockershim removal).
  if (versionMatches(version, AT_LEAST_1_24)) config.enable_cri_dockerd ??= true;

  setDnsDefaults(config, version);
  setServicesDefaults(config, version);
  setNetworkDefaults(config);
  setAuthnDefaults(config);
  setUpgradeStrategyDefaults(config);
  setAddonDefaults(config, version);

  const providerName = resolvedCloudProviderName(config);
  if (providerName !== undefined && config.cloud_provider) config.cloud_provider.name = providerName;
  return config;
}
