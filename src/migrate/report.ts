/** The assessment as a text table (people) and as JSON (machines). */
import type { Assessment } from './types.js';
import { MAPPING_STATUSES } from './types.js';

function pad(s: string, width: number): string {
  return s.length >= width ? s : s + ' '.repeat(width - s.length);
}

export function assessmentText(a: Assessment): string {
  const header = ['KEY', 'VALUE', 'STATUS', 'RKE2', 'NOTE'];
  const rows = a.items.map((i) => [i.source === 'cluster.yml' ? i.key : `${i.key} (${i.source})`, i.value, i.status, i.rke2, i.note]);
  const widths = header.slice(0, 4).map((h, c) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[c]!.length))));
  const line = (r: string[]) => `${r.slice(0, 4).map((cell, c) => pad(cell, widths[c]!)).join('  ')}  ${r[4]}`.trimEnd();
  const counts = MAPPING_STATUSES.map((s) => `${a.counts[s]} ${s}`).join(', ');
  const nodes = a.nodes.map((n) => `  ${n.name} (${n.address}): RKE1 ${n.rke1Roles.join('+')} -> rke2-${n.rke2Role}${n.first ? ' (restores the snapshot)' : ''}`);
  return [
    `RKE1 cluster "${a.clusterName}", Kubernetes ${a.kubernetesVersion} -> RKE2 ${a.rke2VersionHint}`,
    'Nodes:',
    ...nodes,
    '',
    line(header),
    ...rows.map(line),
    '',
    `Summary: ${counts}`,
    '',
  ].join('\n');
}

export function assessmentJson(a: Assessment): string {
  return `${JSON.stringify(a, null, 2)}\n`;
}
