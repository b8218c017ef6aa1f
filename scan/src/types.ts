/** What the scan finds and how the CI gate judges it (docs/security/scanning.md). */

/**
 * The scan's own severity scale. CVSS scores are not reachable offline (neither the Go vulnerability
 * database nor Debian's package lists carry them), so severity says how directly the finding affects
 * what we ship:
 * - critical: a known vulnerability whose vulnerable code is linked into a shipped binary
 *   (govulncheck symbol level), or an npm advisory rated critical (when the npm endpoint answers);
 * - high: a Debian package with a pending security update, or an npm advisory rated high;
 * - moderate: the vulnerable module/package is in a binary but its vulnerable symbols are not.
 */
export type Severity = 'critical' | 'high' | 'moderate' | 'low';

export interface Finding {
  /** GO-YYYY-NNNN, a CVE/DSA id, or an npm advisory id. */
  id: string;
  aliases: string[];
  ecosystem: 'go' | 'deb' | 'npm';
  /** Where: `<image> <path in image>` for binaries, `<image>` for Debian packages, `npm:<name>` for npm. */
  component: string;
  /** Affected module / package name. */
  package: string;
  installed: string;
  /** Fixed version, '' when none is known. */
  fixed: string;
  severity: Severity;
  summary: string;
}

export interface BaselineEntry {
  /** Component as in Finding.component; `*` matches any run of characters, `{a,b}` either alternative. */
  component: string;
  /** Accepted finding ids for that component; `*` accepts every id (say why in `reason`). */
  ids: string[];
  reason: string;
}

export interface Baseline {
  version: 1;
  accepted: BaselineEntry[];
}

export interface GateResult {
  /** Critical findings no baseline entry accepts: these fail CI. */
  newCritical: Finding[];
  /** Critical findings a baseline entry accepts, with its reason. */
  accepted: Array<{ finding: Finding; reason: string }>;
  /** Baseline ids that no current finding matches any more (fixed: remove them). */
  stale: Array<{ component: string; id: string }>;
}

/** One thing the scan could not check, said plainly in the report. */
export interface CoverageNote {
  scope: string;
  covered: boolean;
  detail: string;
}
