/** The CI gate: only critical findings that the committed baseline does not accept fail. Pure. */
import type { Baseline, BaselineEntry, Finding, GateResult } from './types.js';

/** `*` matches any run of characters, `{a,b}` one of the alternatives; everything else is literal. */
function globToRegExp(glob: string): RegExp {
  const escape = (t: string) => t.replace(/[.+?^$()|[\]\\]/g, '\\$&');
  const parts = glob.split(/(\*|\{[^{}]*\})/).map((t) => {
    if (t === '*') return '.*';
    if (t.startsWith('{') && t.endsWith('}')) return `(?:${t.slice(1, -1).split(',').map(escape).join('|')})`;
    return escape(t);
  });
  return new RegExp(`^${parts.join('')}$`);
}

function accepts(entry: BaselineEntry, f: Finding): boolean {
  if (!globToRegExp(entry.component).test(f.component)) return false;
  return entry.ids.includes('*') || entry.ids.includes(f.id) || f.aliases.some((a) => entry.ids.includes(a));
}

export function gate(findings: readonly Finding[], baseline: Baseline): GateResult {
  const critical = findings.filter((f) => f.severity === 'critical');
  const newCritical: Finding[] = [];
  const accepted: GateResult['accepted'] = [];
  for (const f of critical) {
    const entry = baseline.accepted.find((e) => accepts(e, f));
    if (entry) accepted.push({ finding: f, reason: entry.reason });
    else newCritical.push(f);
  }
  const stale: GateResult['stale'] = [];
  for (const e of baseline.accepted) {
    for (const id of e.ids) {
      if (id === '*') continue;
      const re = globToRegExp(e.component);
      if (!critical.some((f) => re.test(f.component) && (f.id === id || f.aliases.includes(id)))) stale.push({ component: e.component, id });
    }
  }
  return { newCritical, accepted, stale };
}

/** Checks a baseline file's shape; every entry needs a reason. */
export function parseBaseline(text: string, file = 'scan/baseline.json'): Baseline {
  const data = JSON.parse(text) as Partial<Baseline>;
  if (data.version !== 1 || !Array.isArray(data.accepted)) throw new Error(`${file}: expected {"version": 1, "accepted": [...]}`);
  for (const [i, e] of data.accepted.entries()) {
    if (typeof e.component !== 'string' || !Array.isArray(e.ids) || typeof e.reason !== 'string' || e.reason.trim() === '') {
      throw new Error(`${file}: accepted[${i}] needs component, ids and a non-empty reason`);
    }
    if (/^TODO/i.test(e.reason.trim())) throw new Error(`${file}: accepted[${i}] (${e.component}) still has a TODO reason: say why it is accepted`);
  }
  return data as Baseline;
}

/** A baseline entry per component for the given critical findings (for `scripts/scan --write-baseline`). */
export function baselineFor(findings: readonly Finding[], reasonFor: (component: string) => string, previous?: Baseline): Baseline {
  const byComponent = new Map<string, Set<string>>();
  for (const f of findings.filter((x) => x.severity === 'critical')) {
    const ids = byComponent.get(f.component) ?? new Set<string>();
    ids.add(f.id);
    byComponent.set(f.component, ids);
  }
  const kept = (previous?.accepted ?? []).filter((e) => e.ids.includes('*'));
  return {
    version: 1,
    accepted: [
      ...kept,
      ...[...byComponent.entries()]
        .filter(([c]) => !kept.some((e) => globToRegExp(e.component).test(c)))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([component, ids]) => ({
          component,
          ids: [...ids].sort(),
          reason: previous?.accepted.find((e) => e.component === component)?.reason ?? reasonFor(component),
        })),
    ],
  };
}
