import { Command } from 'commander';
import type { AuditResult } from '../../audit/index.js';
import { auditCluster, type ClusterAudit } from '../../cluster/audit.js';
import { ExitCode } from '../../errors.js';
import { log } from '../../log/logger.js';
import { addCommonFlags, configOption, outputOption } from '../common.js';

const STATUS_LABEL: Record<AuditResult['status'], string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skip: 'SKIP' };

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd()).join('\n');
}

/** One row per check and node; then the counts. */
export function formatAuditText(audit: ClusterAudit): string {
  const rows = [['NODE', 'CHECK', 'STATUS', 'TITLE', 'DETAIL']];
  for (const r of audit.results) rows.push([r.node, r.id, STATUS_LABEL[r.status], r.title, r.detail]);
  const c = audit.counts;
  const profile = audit.profile ? `profile ${audit.profile}` : 'no profile';
  return `${table(rows)}\n\naudit (${profile}): ${c.pass} pass, ${c.fail} fail, ${c.warn} warn, ${c.skip} skip\n`;
}

export function formatAuditJson(audit: ClusterAudit): string {
  const { results, counts, passed, profile } = audit;
  return `${JSON.stringify({ profile: profile ?? null, passed, counts, results }, null, 2)}\n`;
}

/** rke-ts extension: hardening checks (CIS Kubernetes Benchmark, kube-bench rke-cis-1.7 numbering) on the live nodes. */
export function auditCommand(): Command {
  const cmd = new Command('audit')
    .description('Check the nodes against the CIS hardening rules (component flags, file modes and owners, kernel settings); exit 1 when a check fails')
    .addOption(configOption())
    .addOption(outputOption());
  return addCommonFlags(cmd).action(async (flags: { config: string; output: 'text' | 'json'; sshAgentAuth: boolean; ignoreDockerVersion: boolean }) => {
    const audit = await auditCluster({
      configPath: flags.config,
      flags: { sshAgentAuth: flags.sshAgentAuth, ignoreDockerVersion: flags.ignoreDockerVersion },
      log,
    });
    process.stdout.write(flags.output === 'json' ? formatAuditJson(audit) : formatAuditText(audit));
    process.exitCode = audit.passed ? ExitCode.ok : ExitCode.error;
  });
}
