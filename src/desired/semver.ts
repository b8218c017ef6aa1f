/**
 * The semantic-version comparisons RKE1 uses to switch behaviour by Kubernetes / etcd / rke-tools
 * version (blang/semver and coreos/go-semver agree on these): a leading `v` is stripped, and
 * `-rancher1-2` is a pre-release, so ranges use `-rancher0` lower bounds.
 */
import { ConfigError } from '../errors.js';

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: string[];
}

const SEMVER_RE = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseSemVer(version: string): SemVer | undefined {
  const m = SEMVER_RE.exec(version.startsWith('v') ? version.slice(1) : version);
  if (!m) return undefined;
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: Number(m[3]),
    prerelease: m[4] ? m[4].split('.') : [],
  };
}

export function mustParseSemVer(version: string, key = 'kubernetes_version'): SemVer {
  const v = parseSemVer(version);
  if (!v) throw new ConfigError(`${version} is not valid semver`, { key });
  return v;
}

function compareIdentifier(a: string, b: string): number {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn) return Math.sign(Number(a) - Number(b));
  if (an) return -1;
  if (bn) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareSemVer(a: SemVer, b: SemVer): number {
  for (const k of ['major', 'minor', 'patch'] as const) {
    if (a[k] !== b[k]) return Math.sign(a[k] - b[k]);
  }
  if (a.prerelease.length === 0 && b.prerelease.length === 0) return 0;
  if (a.prerelease.length === 0) return 1;
  if (b.prerelease.length === 0) return -1;
  const n = Math.max(a.prerelease.length, b.prerelease.length);
  for (let i = 0; i < n; i++) {
    const x = a.prerelease[i];
    const y = b.prerelease[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const c = compareIdentifier(x, y);
    if (c !== 0) return c;
  }
  return 0;
}

/** `version >= bound`; both may carry a leading `v`. An unparsable version is never at least. */
export function atLeast(version: string, bound: string): boolean {
  const v = parseSemVer(version);
  const b = parseSemVer(bound);
  if (!v || !b) return false;
  return compareSemVer(v, b) >= 0;
}

/** `version < bound`; an unparsable version is not "less than" (RKE1 logs and moves on). */
export function lessThan(version: string, bound: string): boolean {
  const v = parseSemVer(version);
  const b = parseSemVer(bound);
  if (!v || !b) return false;
  return compareSemVer(v, b) < 0;
}

/** Thresholds RKE1 checks against the cluster version (cluster/plan.go, util/util.go). */
export const K8S_122 = '1.22.0-rancher0';
export const K8S_123 = '1.23.0-rancher0';
export const K8S_124 = '1.24.0-rancher0';
export const K8S_125 = '1.25.0-rancher0';
export const K8S_127 = '1.27.0-rancher0';

/** Tag of an image reference (`repo/name:tag` → `tag`; no tag → `latest`, as Docker normalizes). */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  const ref = at >= 0 ? image.slice(0, at) : image;
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? ref.slice(colon + 1) : 'latest';
}

/** `v1.32` from `v1.32.13-rancher1`: RKE1 util.GetTagMajorVersion. */
export function tagMajorVersion(tag: string): string {
  const parts = tag.split('.');
  if (parts.length < 2) return '';
  return parts.slice(0, 2).join('.');
}
