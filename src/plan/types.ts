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
  | 'write-state';

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

export interface PlanPhase {
  name: PhaseName;
  steps: PlanStep[];
}

export interface Plan {
  clusterName: string;
  kubernetesVersion: string;
  phases: PlanPhase[];
  /** Hosts that could not be contacted; their steps are unknown. */
  unreachableHosts: { address: string; error: string }[];
}

export function planSteps(plan: Plan): PlanStep[] {
  return plan.phases.flatMap((p) => p.steps);
}

export function planHasChanges(plan: Plan): boolean {
  return planSteps(plan).length > 0;
}
