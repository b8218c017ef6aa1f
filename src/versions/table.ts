/**
 * Builds the version table from KDM data the way RKE1's metadata loader does
 * (`metadata.initK8sRKESystemImages`), for a given RKE version. Pure.
 */
import type { KdmData } from './kdm.js';
import { phpVersionCompare } from './php-version.js';
import { compareVersionTags, parseRange, parseVersionTag, SemVerError } from './semver.js';
import type { AddonName, KubernetesVersionInfo, ServiceOptions, SystemImages } from './types.js';

/** The RKE release whose rules rke-ts follows when it evaluates KDM version bounds. */
export const RKE_COMPAT_VERSION = 'v1.8.14';

export interface VersionTableSource {
  kind: 'builtin' | 'file' | 'url';
  location: string;
}

export interface VersionTable {
  /** e.g. 'v1.32.13-rancher1-2' */
  defaultVersion: string;
  /** Full version → info, every version this RKE version accepts (current or not). */
  versions: Record<string, KubernetesVersionInfo>;
  /** Versions RKE rejects (DeprecateRKEVersion reached). */
  deprecated: string[];
  /** Highest patch per minor, ascending. */
  current: string[];
  rkeVersion: string;
  source: VersionTableSource;
  /** Raw KDM maps, for lookups by versions not in `versions` (e.g. a custom hyperkube image). */
  serviceOptions: Record<string, ServiceOptions>;
  templateRanges: Record<string, Record<string, string>>;
  dockerInfo: Record<string, string[]>;
}

/** `v1.32.13-rancher1-2` → `v1.32` (RKE's GetTagMajorVersion). */
export function minorOf(tag: string): string {
  const parts = tag.split('.');
  return parts.length < 2 ? '' : `${parts[0]}.${parts[1]}`;
}

/** Tag of an image reference: the part after the last `:` that follows the last `/`. */
export function imageTag(image: string): string {
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? image.slice(colon + 1) : '';
}

/**
 * RKE's service-options choice: the exact version key, else `vMAJOR.MINOR` taken from the
 * hyperkube image tag when it has one (it wins over the cluster version's minor).
 */
export function serviceOptionsKeyFor(
  serviceOptions: Record<string, ServiceOptions>,
  version: string,
  kubernetesImage?: string,
): { key?: string; minorKey: string } {
  if (serviceOptions[version]) return { key: version, minorKey: minorOf(version) };
  const imageMinor = kubernetesImage ? minorOf(imageTag(kubernetesImage)) : '';
  const minorKey = imageMinor !== '' ? imageMinor : minorOf(version);
  return serviceOptions[minorKey] ? { key: minorKey, minorKey } : { minorKey };
}

/** First KDM range (in sorted order) that holds the version; undefined when none does. */
export function templateKeyFor(ranges: Record<string, string> | undefined, version: string): string | undefined {
  if (!ranges) return undefined;
  let parsed;
  try {
    parsed = parseVersionTag(version);
  } catch (err) {
    if (err instanceof SemVerError) return undefined;
    throw err;
  }
  for (const range of Object.keys(ranges).sort()) {
    let matches = false;
    try {
      matches = parseRange(range)(parsed);
    } catch (err) {
      if (!(err instanceof SemVerError)) throw err; // RKE logs unparsable ranges and skips them
    }
    if (matches) return ranges[range];
  }
  return undefined;
}

function describeVersion(data: KdmData, version: string, images: SystemImages): KubernetesVersionInfo {
  const { key } = serviceOptionsKeyFor(data.serviceOptions, version, images.kubernetes);
  const templates: Partial<Record<AddonName, string>> = {};
  const templateTexts: Partial<Record<AddonName, string>> = {};
  for (const [addon, ranges] of Object.entries(data.templateRanges)) {
    const templateKey = templateKeyFor(ranges, version);
    if (templateKey !== undefined) templates[addon as AddonName] = templateKey;
    const text = templateKey !== undefined ? data.templateTexts?.[templateKey] : undefined;
    if (text !== undefined) templateTexts[addon as AddonName] = text;
  }
  const info: KubernetesVersionInfo = {
    version,
    systemImages: images,
    serviceOptions: key !== undefined ? (data.serviceOptions[key] ?? {}) : {},
    templates,
    dockerVersions: data.dockerInfo[minorOf(version).replace(/^v/, '')] ?? [],
  };
  if (key !== undefined) info.serviceOptionsKey = key;
  if (Object.keys(templateTexts).length > 0) info.templateTexts = templateTexts;
  return info;
}

function sortTags(tags: string[]): string[] {
  return [...tags].sort((a, b) => {
    try {
      return compareVersionTags(a, b);
    } catch {
      return a < b ? -1 : a > b ? 1 : 0;
    }
  });
}

export function buildVersionTable(
  data: KdmData,
  source: VersionTableSource,
  rkeVersion: string = RKE_COMPAT_VERSION,
): VersionTable {
  const rke = rkeVersion.replace(/^v/, '');
  const versions: Record<string, KubernetesVersionInfo> = {};
  const deprecated: string[] = [];
  const highestPerMinor = new Map<string, string>();

  for (const [version, images] of Object.entries(data.systemImages)) {
    const bounds = data.versionInfo[version];
    if (bounds?.deprecateRKEVersion && phpVersionCompare(rke, bounds.deprecateRKEVersion) >= 0) {
      deprecated.push(version);
      continue;
    }
    if (bounds?.minRKEVersion && phpVersionCompare(rke, bounds.minRKEVersion) < 0) continue;
    versions[version] = describeVersion(data, version, images);

    const minor = minorOf(version);
    const minorBounds = data.versionInfo[minor];
    if (minorBounds?.maxRKEVersion && phpVersionCompare(rke, minorBounds.maxRKEVersion) > 0) continue;
    const best = highestPerMinor.get(minor);
    if (best === undefined || phpVersionCompare(version, best) > 0) highestPerMinor.set(minor, version);
  }

  return {
    defaultVersion: data.rkeDefaultVersions[rke] ?? data.rkeDefaultVersions['default'] ?? '',
    versions,
    deprecated: sortTags(deprecated),
    current: sortTags([...highestPerMinor.values()]),
    rkeVersion: `v${rke}`,
    source,
    serviceOptions: data.serviceOptions,
    templateRanges: data.templateRanges,
    dockerInfo: data.dockerInfo,
  };
}
