/**
 * The Kubernetes version table: which K8s versions rke-ts accepts, their system images, default
 * service flags, addon template keys and supported Docker versions (RKE1's KDM metadata).
 */
export { SYSTEM_IMAGE_KEYS } from './types.js';
export type { AddonName, KubernetesVersionInfo, ServiceOptions, SystemImageKey, SystemImages } from './types.js';
export { RKE_COMPAT_VERSION, buildVersionTable, imageTag, minorOf, templateKeyFor } from './table.js';
export type { VersionTable, VersionTableSource } from './table.js';
export {
  MetadataError,
  RANCHER_METADATA_URL_ENV,
  builtinKdmData,
  isRemoteLocation,
  loadVersionTable,
  loadVersionTableAsync,
} from './load.js';
export type { LoadVersionTableOptions } from './load.js';
export { KdmFormatError, SYSTEM_IMAGE_JSON_KEYS, parseKdmData } from './kdm.js';
export type { KdmData, KdmVersionInfo } from './kdm.js';
export { isSupportedDockerVersion, serviceOptionsFor, systemImagesFor, templateFor, uniqueSystemImages } from './lookups.js';
export { compareVersionTags, parseRange, parseSemVer, parseVersionTag, versionInRange } from './semver.js';
export { phpVersionCompare } from './php-version.js';
