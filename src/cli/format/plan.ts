import type { FieldChange, Plan, PlanStep } from '../../plan/types.js';
import { planSteps } from '../../plan/types.js';

const SYMBOL: Record<PlanStep['action'], string> = {
  'deploy-certs': '+',
  'deploy-file': '+',
  create: '+',
  replace: '~',
  start: '>',
  restart: '>',
  remove: '-',
  'apply-addon': '~',
  'sync-node': '~',
  'delete-node': '-',
  'clean-host': '-',
  'write-state': '~',
  'add-etcd-member': '+',
  'remove-etcd-member': '-',
  'drain-node': '-',
};

function show(v: unknown): string {
  if (v === undefined) return '(none)';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

function changeLines(c: FieldChange): string[] {
  if (c.added || c.removed) {
    return [
      `      ${c.field}:`,
      ...(c.removed ?? []).map((r) => `        - ${r}`),
      ...(c.added ?? []).map((a) => `        + ${a}`),
    ];
  }
  if (c.before === undefined && c.after !== undefined) return [`      ${c.field}: ${show(c.after)}`];
  return [`      ${c.field}: ${show(c.before)} -> ${show(c.after)}`];
}

/** Human-readable plan: per phase, per host, what changes and why, field by field. */
export function formatPlanText(plan: Plan): string {
  const lines: string[] = [];
  for (const u of plan.unreachableHosts) lines.push(`! host [${u.address}] could not be contacted: ${u.error}`);
  if (!planSteps(plan).length) {
    lines.push(`No changes. Cluster [${plan.clusterName}] matches cluster.yml (Kubernetes ${plan.kubernetesVersion}).`);
    return `${lines.join('\n')}\n`;
  }
  for (const phase of plan.phases) {
    lines.push(`[${phase.name}]`);
    let host: string | undefined = '\0';
    for (const step of phase.steps) {
      if (step.host !== host) {
        host = step.host;
        lines.push(host ? `  host ${host}` : '  cluster');
      }
      lines.push(`    ${SYMBOL[step.action]} ${step.action} ${step.target}: ${step.reason}`);
      for (const c of step.changes) lines.push(...changeLines(c));
    }
    for (const b of phase.batches ?? []) {
      const extra = [b.cordon.length > 0 ? `${b.drain ? 'drain' : 'cordon'} ${b.cordon.join(', ')}` : '', b.rollback.length > 0 ? 'rollback on failure' : ''].filter(Boolean);
      lines.push(`  batch ${b.index + 1}: [${b.hosts.join(', ')}]${extra.length > 0 ? ` (${extra.join('; ')})` : ''}`);
    }
  }
  const counts = new Map<string, number>();
  for (const s of planSteps(plan)) counts.set(s.action, (counts.get(s.action) ?? 0) + 1);
  lines.push(`Plan: ${[...counts].map(([a, n]) => `${n} ${a}`).join(', ')}.`);
  return `${lines.join('\n')}\n`;
}

export function formatPlanJson(plan: Plan): string {
  return `${JSON.stringify({ ...plan, changes: planSteps(plan).length }, null, 2)}\n`;
}
