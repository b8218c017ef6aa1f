/** Runs every check on every node it applies to. Pure: facts in, results out. */
import { CHECKS, type AuditCheck, type CheckStatus } from './checks.js';
import type { NodeFacts } from './facts.js';

export interface AuditResult {
  node: string;
  address: string;
  id: string;
  cis?: string;
  title: string;
  status: CheckStatus;
  detail: string;
}

export interface AuditReport {
  results: AuditResult[];
  counts: Record<CheckStatus, number>;
  /** True when no check failed (warnings are accepted exceptions or unreadable facts). */
  passed: boolean;
}

export function auditNodes(nodes: readonly NodeFacts[], checks: readonly AuditCheck[] = CHECKS): AuditReport {
  const results: AuditResult[] = [];
  for (const node of nodes) {
    for (const check of checks) {
      if (!check.roles.some((r) => node.roles.includes(r))) continue;
      const { status, detail } = check.evaluate(node);
      results.push({
        node: node.hostname,
        address: node.address,
        id: check.id,
        ...(check.cis ? { cis: check.cis } : {}),
        title: check.title,
        status,
        detail,
      });
    }
  }
  const counts: Record<CheckStatus, number> = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const r of results) counts[r.status]++;
  return { results, counts, passed: counts.fail === 0 };
}
