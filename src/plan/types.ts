/**
 * A plan: what `rke up` will change, as ordered phases of per-host steps. Pure data: `rke plan`
 * prints it, `--output json` serialises it, the executor runs it.
 */
export const PHASES = ['certificates', 'etcd', 'controlplane', 'worker', 'addons', 'nodes', 'state'] as const;
export type PhaseName = (typeof PHASES)[number];

export type StepAction =
  | 'deploy-certs'
  | 'deploy-file'
  | 'create'
  | 'replace'
  | 'start'
  | 'restart'
  | 'remove'
  | 'apply-addon'
  | 'sync-node'
  | 'delete-node'
  | 'clean-host'
  | 'write-state'
  /** Join a new etcd member: member add through a healthy member, start etcd with initial-cluster-state=existing. */
  | 'add-etcd-member'
  /** Remove an etcd member (through another member) before its container and data go. */
  | 'remove-etcd-member'
  /** Cordon and drain a Kubernetes node whose host leaves the cluster. */
  | 'drain-node';

export interface FieldChange {
  field: string;
  before?: unknown;
  after?: unknown;
  added?: string[];
  removed?: string[];
}

export interface PlanStep {
  phase: PhaseName;
  /** Node address the step runs on; absent for cluster-wide steps (addons, state). */
  host?: string;
  action: StepAction;
  /** Container name, file path, addon name, node name or state file. */
  target: string;
  /** One line a person reads: why this step is needed. */
  reason: string;
  changes: FieldChange[];
}

/** kubectl drain options (upgrade_strategy.node_drain_input), as plain data. */
export interface DrainInput {
  force: boolean;
  ignoreDaemonSets: boolean;
  deleteLocalData: boolean;
  /** Seconds; -1 keeps each pod's own terminationGracePeriodSeconds. */
  gracePeriod: number;
  /** Seconds for the whole drain. */
  timeout: number;
}

/** How one container on one host is put back when its batch fails its health gate. */
export interface RollbackEntry {
  host: string;
  container: string;
  /** previous: recreate from the spec journaled before the batch; absent: the container did not exist, remove it. */
  restore: 'previous' | 'absent';
}

/**
 * A group of hosts changed together during a rolling upgrade (at most max_unavailable of them).
 * Before: journal previous specs, cordon, drain. After: health gates, nodes Ready, uncordon. On a
 * failed gate: the rollback entries are restored and the run stops.
 */
export interface PlanBatch {
  index: number;
  hosts: string[];
  /** Kubernetes node names cordoned before the batch and uncordoned once Ready again. */
  cordon: string[];
  /** Set when upgrade_strategy.drain is true. */
  drain?: DrainInput;
  /** Node names that must be Ready before the batch counts as done. */
  waitReady: string[];
  rollback: RollbackEntry[];
  /** Why this batch cannot be rolled back (etcd membership changes), when that is the case. */
  noRollbackReason?: string;
}

export interface PlanPhase {
  name: PhaseName;
  steps: PlanStep[];
  /** Present for a rolling upgrade of an existing cluster: the phase runs batch after batch. */
  batches?: PlanBatch[];
}

/** The upgrade strategy a rolling plan was computed with (for `rke plan` and the report). */
export interface RollingStrategy {
  maxUnavailableControlplane: number;
  maxUnavailableWorker: number;
  drain: boolean;
}

export interface Plan {
  clusterName: string;
  kubernetesVersion: string;
  phases: PlanPhase[];
  /** Hosts that could not be contacted; their steps are unknown. */
  unreachableHosts: { address: string; error: string }[];
  /** Set when the plan is a rolling upgrade of an existing cluster. */
  rolling?: RollingStrategy;
}

export function planSteps(plan: Plan): PlanStep[] {
  return plan.phases.flatMap((p) => p.steps);
}

export function planHasChanges(plan: Plan): boolean {
  return planSteps(plan).length > 0;
}
