/**
 * Version comparison as RKE1's metadata loader does it for RKE-vs-KDM bounds (MinRKEVersion,
 * MaxRKEVersion, DeprecateRKEVersion) and for picking the highest patch per minor: PHP
 * `version_compare` semantics (mcuadros/go-version), not semver.
 *
 * Both strings are canonicalised: `-`, `_`, `+` become `.`, every run of non-digits is fenced with
 * dots (`v1.32.13-rancher1-2` → `.v.1.32.13.rancher.1.2`), repeated dots collapse, then the parts
 * are compared left to right. Numbers compare numerically; the special words rank
 * any-other-word < dev < alpha = a < beta = b < RC = rc < # < (number 0) < pl = p; a missing part
 * counts as 0.
 */
const SPECIAL_WORDS: Readonly<Record<string, number>> = {
  dev: -6, alpha: -5, a: -5, beta: -4, b: -4, RC: -3, rc: -3, '#': -2, p: 1, pl: 1,
};
const UNKNOWN_WORD = -7;

function parts(version: string): string[] {
  if (version === '') return [''];
  return version
    .replace(/[-_+]/g, '.')
    .replace(/([^.\d]+)/g, '.$1.')
    .replace(/\.{2,}/g, '.')
    .split('.');
}

function rank(part: string | undefined): number {
  if (part === undefined || part === '') return 0;
  if (/^[+-]?\d+$/.test(part)) return Number(part);
  return SPECIAL_WORDS[part] ?? UNKNOWN_WORD;
}

/** -1, 0 or 1 as `a` is lower than, equal to or higher than `b`. */
export function phpVersionCompare(a: string, b: string): -1 | 0 | 1 {
  const left = parts(a);
  const right = parts(b);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (left[i] !== undefined && left[i] === right[i]) continue;
    const l = rank(left[i]);
    const r = rank(right[i]);
    if (l !== r) return l < r ? -1 : 1;
  }
  return 0;
}
