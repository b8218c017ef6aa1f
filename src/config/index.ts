/** cluster.yml: schema, parsing, RKE1 defaults, validation, state-file form. */
export { clusterConfigSchema, SYSTEM_IMAGE_JSON_KEYS } from './schema/cluster.js';
export type {
  BastionHostConfig,
  ClusterConfig,
  DnsConfig,
  IngressConfig,
  MonitoringConfig,
  NetworkConfig,
  NodeConfig,
  NodeUpgradeStrategyConfig,
  PrivateRegistryConfig,
  ServicesConfig,
  SystemImagesConfig,
} from './schema/cluster.js';
export { clusterConfigJsonSchema } from './json-schema.js';
export { parseClusterConfig, ConfigIssuesError } from './parse.js';
export type { ParsedClusterConfig, ParseOptions } from './parse.js';
export {
  applyDefaults,
  applyCliFlags,
  authnStrategies,
  cloudProviderInitError,
  resolvedCloudProviderName,
  selectedCloudProvider,
} from './defaults.js';
export type { CliConfigFlags, ConfigVersionTable, DefaultsOptions } from './defaults.js';
export { validateClusterConfig, configWarnings } from './validate.js';
export type { ValidateOptions } from './validate.js';
export { loadClusterConfig, effectiveClusterConfig } from './load.js';
export type { LoadClusterConfigOptions, LoadedClusterConfig } from './load.js';
export { toRkeStateJson, fromRkeStateJson } from './state-json.js';
export { calculateMaxUnavailable } from './max-unavailable.js';
export type { MaxUnavailableResult } from './max-unavailable.js';
export { formatIssue, lineOf, rkeMessage } from './issues.js';
export type { ConfigIssue, ConfigWarning, LineIndex } from './issues.js';
export { DEFAULTS, DEFAULT_AUTHN_WEBHOOK_CONFIG } from './constants.js';
export { privateRegistryUrl } from './registries.js';
export { canonicalClusterConfig } from './canonical.js';
export { toYamlV2Object } from './yaml-v2.js';
