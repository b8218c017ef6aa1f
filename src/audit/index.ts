/** `rke audit`: hardening checks over facts observed on nodes (pure; gathering is in src/cluster/audit.ts). */
export type { ContainerFact, FileFact, NodeFacts, NodeRole } from './facts.js';
export { CHECKS, type AuditCheck, type CheckStatus, type Verdict } from './checks.js';
export { auditNodes, type AuditReport, type AuditResult } from './evaluate.js';
export { parseFlags, modeWithin } from './flags.js';
export { parseStatOutput, parseSysctlOutput, parseAccounts, STAT_FORMAT } from './parse-host.js';
export { hostRequirementProblems, type HostRequirementFacts } from './preflight.js';
