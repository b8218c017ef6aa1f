/**
 * The version checks RKE1's config code makes (cluster/validation.go getClusterVersion, the
 * `parsedRange*` ranges in cluster/plan.go, util.StrToSemVer). Ranges use RKE1's bounds, e.g.
 * `>=1.24.0-rancher0`, so that every `v1.24.x-rancherN-M` release falls inside.
 */
import { compareSemVer, parseRange, parseSemVer, type SemVer } from '../versions/semver.js';

/** getClusterVersion: the version must start with `v` and parse as semver. */
export function parseClusterVersion(version: string): { version: SemVer } | { error: string } {
  if (version.length <= 1 || !version.startsWith('v')) return { error: `${version} is not valid version` };
  try {
    return { version: parseSemVer(version.slice(1)) };
  } catch {
    return { error: `${version} is not valid semver` };
  }
}

/** util.StrToSemVer (leading `v` optional). */
export function strToSemVer(version: string): SemVer | undefined {
  try {
    return parseSemVer(version.startsWith('v') ? version.slice(1) : version);
  } catch {
    return undefined;
  }
}

const rangeCache = new Map<string, (v: SemVer) => boolean>();

/** True when `version` (e.g. `v1.32.13-rancher1-2`) parses and lies in the blang/semver range. */
export function versionMatches(version: string, range: string): boolean {
  const parsed = parseClusterVersion(version);
  if ('error' in parsed) return false;
  let test = rangeCache.get(range);
  if (!test) {
    test = parseRange(range);
    rangeCache.set(range, test);
  }
  return test(parsed.version);
}

export const AT_LEAST_1_21 = '>=1.21.0-rancher0';
export const AT_LEAST_1_23 = '>=1.23.0-rancher0';
export const AT_LEAST_1_24 = '>=1.24.0-rancher0';
export const AT_LEAST_1_27_AWS_EXTERNAL = '>=1.27.0-rancher0';
export const WEAVE_SUPPORTED = '<1.30.0-rancher0';
/** kube-api audit log is forced on for these versions (cluster/defaults.go checkVersionNeedsKubeAPIAuditLog). */
export const AUDIT_LOG_FORCED = '>=1.15.11-rancher0 <=1.15.99 || >=1.16.8-rancher0 <=1.16.99 || >=1.17.4-rancher0';
export const ACI_DUALSTACK = '>=1.23.16-rancher2-3 <=1.23.99 || >=1.24.13-rancher2-2 <=1.24.99 || >=1.25.9-rancher2-2';

/** `version` < `other` by semver precedence (util.StrToSemVer + LessThan); false when either is invalid. */
export function versionLessThan(version: string, other: string): boolean {
  const a = strToSemVer(version);
  const b = strToSemVer(other);
  return a !== undefined && b !== undefined && compareSemVer(a, b) < 0;
}
