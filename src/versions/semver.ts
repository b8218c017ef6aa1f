/**
 * Semantic versions and ranges with the rules RKE1 relies on (blang/semver as used by
 * `util.SemVerMatchRange` and template selection):
 * - a leading `v` is stripped by callers (`v1.32.13-rancher1-2` → `1.32.13-rancher1-2`);
 * - everything after the first `-` is the pre-release, split on `.`; `rancher1-2` is ONE
 *   alphanumeric identifier, compared as ASCII text (so `rancher10-1` < `rancher2-1`);
 * - a version with a pre-release sorts before the same version without one, which is why KDM
 *   ranges use bounds such as `>=1.30.0-rancher0` or `<1.31.0-rancher1-1`.
 */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  /** Pre-release identifiers (numbers for all-digit identifiers). */
  pre: (string | number)[];
  build: string[];
}

const VERSION_RE = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/;

export class SemVerError extends Error {}

export function parseSemVer(text: string): SemVer {
  const match = VERSION_RE.exec(text.trim());
  if (!match) throw new SemVerError(`not a semantic version: ${JSON.stringify(text)}`);
  const [, major, minor, patch, pre, build] = match;
  const nums = [major, minor, patch].map((n) => Number(n));
  if ([major, minor, patch].some((n) => n !== undefined && n.length > 1 && n.startsWith('0'))) {
    throw new SemVerError(`leading zero in version ${JSON.stringify(text)}`);
  }
  const preIds = pre === undefined ? [] : pre.split('.');
  if (preIds.some((id) => id === '' || (/^\d+$/.test(id) && id.length > 1 && id.startsWith('0')))) {
    throw new SemVerError(`invalid pre-release in version ${JSON.stringify(text)}`);
  }
  return {
    major: nums[0] ?? 0,
    minor: nums[1] ?? 0,
    patch: nums[2] ?? 0,
    pre: preIds.map((id) => (/^\d+$/.test(id) ? Number(id) : id)),
    build: build === undefined ? [] : build.split('.'),
  };
}

/** Parses a version that may carry RKE's leading `v`. */
export function parseVersionTag(tag: string): SemVer {
  return parseSemVer(tag.startsWith('v') ? tag.slice(1) : tag);
}

function compareIdentifiers(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareSemVer(a: SemVer, b: SemVer): number {
  for (const key of ['major', 'minor', 'patch'] as const) {
    if (a[key] !== b[key]) return Math.sign(a[key] - b[key]);
  }
  if (a.pre.length === 0 && b.pre.length === 0) return 0;
  if (a.pre.length === 0) return 1;
  if (b.pre.length === 0) return -1;
  for (let i = 0; i < Math.max(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i];
    const y = b.pre[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const c = compareIdentifiers(x, y);
    if (c !== 0) return c;
  }
  return 0;
}

/** Compares two RKE version tags (`v1.31.2-rancher2-1`) by semver precedence. */
export function compareVersionTags(a: string, b: string): number {
  return compareSemVer(parseVersionTag(a), parseVersionTag(b));
}

type Comparator = (v: SemVer) => boolean;

const OPERATORS: Record<string, (c: number) => boolean> = {
  '>=': (c) => c >= 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '<': (c) => c < 0,
  '=': (c) => c === 0,
  '==': (c) => c === 0,
  '!=': (c) => c !== 0,
  '!': (c) => c !== 0,
  '': (c) => c === 0,
};

function parseComparator(part: string): Comparator {
  const match = /^(>=|<=|==|!=|>|<|=|!)?(.*)$/.exec(part);
  const op = match?.[1] ?? '';
  const test = OPERATORS[op];
  if (!match || !test) throw new SemVerError(`invalid range part ${JSON.stringify(part)}`);
  const bound = parseSemVer(match[2] ?? '');
  return (v) => test(compareSemVer(v, bound));
}

/**
 * A range as blang/semver.ParseRange reads it: `||` separates alternatives, whitespace separates
 * conditions that must all hold, and whitespace right after an operator belongs to it
 * (`< 1.32.6-rancher1-1` equals `<1.32.6-rancher1-1`).
 */
export function parseRange(range: string): (v: SemVer) => boolean {
  const alternatives = range.split('||').map((alt) => {
    const parts = alt.replace(/([<>=!])\s+/g, '$1').trim().split(/\s+/).filter(Boolean);
    if (parts.length === 0) throw new SemVerError(`empty range in ${JSON.stringify(range)}`);
    const comparators = parts.map(parseComparator);
    return (v: SemVer) => comparators.every((c) => c(v));
  });
  return (v) => alternatives.some((alt) => alt(v));
}

/** True when the RKE version tag (`v1.32.13-rancher1-2`) falls in the KDM range. */
export function versionInRange(tag: string, range: string): boolean {
  return parseRange(range)(parseVersionTag(tag));
}
