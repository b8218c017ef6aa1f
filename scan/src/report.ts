/** The human report (report.md): coverage first, then the gate, then every finding. Pure. */
import type { CoverageNote, Finding, GateResult } from './types.js';

export interface ScanReport {
  generatedAt: string;
  coverage: CoverageNote[];
  findings: Finding[];
  gate: GateResult;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(r: ScanReport): string {
  const count = (sev: Finding['severity']) => r.findings.filter((f) => f.severity === sev).length;
  const lines = [
    `# rke-ts scan report (${r.generatedAt})`,
    '',
    '## Coverage',
    '',
    '| scope | covered | how / why not |',
    '|---|---|---|',
    ...r.coverage.map((c) => `| ${cell(c.scope)} | ${c.covered ? 'yes' : 'NO'} | ${cell(c.detail)} |`),
    '',
    '## Gate',
    '',
    `Findings: ${count('critical')} critical, ${count('high')} high, ${count('moderate')} moderate, ${count('low')} low.`,
    `New critical (fail): ${r.gate.newCritical.length}; accepted by scan/baseline.json: ${r.gate.accepted.length}; stale baseline ids: ${r.gate.stale.length}.`,
    ...r.gate.newCritical.map((f) => `- NEW CRITICAL ${f.id} in ${f.component}: ${f.package}@${f.installed}${f.fixed ? ` (fixed in ${f.fixed})` : ''}: ${f.summary}`),
    ...r.gate.stale.map((s) => `- stale baseline entry: ${s.id} for ${s.component} (no longer found: remove it)`),
    '',
    '## Findings',
    '',
    '| severity | id | component | package | installed | fixed | summary |',
    '|---|---|---|---|---|---|---|',
    ...[...r.findings]
      .sort((a, b) => a.severity.localeCompare(b.severity) || a.component.localeCompare(b.component) || a.id.localeCompare(b.id))
      .map((f) => `| ${f.severity} | ${f.id} | ${cell(f.component)} | ${cell(f.package)} | ${f.installed} | ${f.fixed} | ${cell(f.summary)} |`),
    '',
  ];
  return lines.join('\n');
}
