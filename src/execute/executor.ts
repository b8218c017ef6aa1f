import { RkeError } from '../errors.js';
import type { Plan, PlanBatch, PlanPhase, PlanStep, PhaseName } from '../plan/types.js';
import { mapSettledLimit } from '../util/concurrency.js';
import type { ExecListener } from './events.js';

/** Carries out one step; supplied by the caller (the up/remove flows), so the executor holds no policy. */
export interface StepRunner {
  run(step: PlanStep): Promise<void>;
  /**
   * Health gate after a phase's steps on one host (or cluster-wide when host is undefined).
   * Throws with a message naming the check when it fails.
   */
  gate?(phase: PhaseName, host: string | undefined, steps: PlanStep[]): Promise<void>;
  /** Called after a phase completed (state writes live here). */
  afterPhase?(phase: PhaseName, steps: PlanStep[]): Promise<void>;
  /** Rolling upgrade: journal the batch's previous specs, cordon and drain its nodes. */
  beforeBatch?(phase: PhaseName, batch: PlanBatch): Promise<void>;
  /** Rolling upgrade: the batch's nodes are Ready again; uncordon them, mark the journal done. */
  afterBatch?(phase: PhaseName, batch: PlanBatch): Promise<void>;
  /** Rolling upgrade: put the batch back on its journaled previous specs (idempotent). */
  rollbackBatch?(phase: PhaseName, batch: PlanBatch): Promise<void>;
}

export interface ExecuteOptions {
  /** Hosts worked on at once within a phase. */
  parallelism: number;
  listener?: ExecListener;
  /** `--no-rollback`: a failed batch stays as it is, for debugging. */
  noRollback?: boolean;
}

export class PhaseFailedError extends RkeError {
  constructor(
    readonly phase: PhaseName,
    readonly failures: { host?: string; error: Error }[],
  ) {
    super(
      `[${phase}] ${failures
        .map((f) => (f.host ? `host [${f.host}]: ${f.error.message}` : f.error.message))
        .join('; ')}`,
      failures.length === 1 && failures[0]!.host ? { host: failures[0]!.host } : {},
    );
  }
}

/**
 * A batch of a rolling upgrade failed its health gate. `rolledBack` says whether its previous
 * containers were restored; the message names the host(s) and the failed check.
 */
export class BatchFailedError extends PhaseFailedError {
  constructor(
    phase: PhaseName,
    failures: { host?: string; error: Error }[],
    readonly batch: PlanBatch,
    readonly rolledBack: boolean,
    readonly rollbackError?: Error,
  ) {
    super(phase, failures);
    const hosts = batch.hosts.join(', ');
    const outcome = rolledBack
      ? `rolled back: previous containers restored on host(s) [${hosts}]; the upgrade stopped and cluster.rkestate keeps the last good state`
      : rollbackError
        ? `rollback of host(s) [${hosts}] failed too: ${rollbackError.message}`
        : batch.noRollbackReason
          ? `not rolled back (${batch.noRollbackReason})`
          : `not rolled back (--no-rollback): host(s) [${hosts}] left as they failed`;
    this.message = `Upgrade of ${phase} batch ${batch.index + 1} failed: ${this.message}; ${outcome}`;
  }
}

/** Order inside one host: files before containers, removals first, sidekick before what mounts it. */
const ACTION_ORDER: Record<PlanStep['action'], number> = {
  'deploy-certs': 0,
  'deploy-file': 1,
  'drain-node': 1.5,
  'remove-etcd-member': 1.7,
  remove: 2,
  'clean-host': 2,
  'add-etcd-member': 3,
  create: 3,
  replace: 3,
  start: 3,
  restart: 3,
  'apply-addon': 4,
  'sync-node': 5,
  'delete-node': 5,
  'write-state': 6,
};
const CONTAINER_ORDER = ['service-sidekick', 'etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy', 'nginx-proxy', 'etcd-rolling-snapshots'];

export function orderHostSteps(steps: PlanStep[]): PlanStep[] {
  const rank = (s: PlanStep) => {
    const c = CONTAINER_ORDER.indexOf(s.target);
    return ACTION_ORDER[s.action] * 100 + (c < 0 ? 50 : c);
  };
  return [...steps].sort((a, b) => rank(a) - rank(b));
}

function groupByHost(steps: PlanStep[]): Map<string | undefined, PlanStep[]> {
  const groups = new Map<string | undefined, PlanStep[]>();
  for (const s of steps) groups.set(s.host, [...(groups.get(s.host) ?? []), s]);
  return groups;
}

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

async function runHostGroup(phase: PlanPhase, host: string | undefined, steps: PlanStep[], runner: StepRunner, opts: ExecuteOptions): Promise<void> {
  for (const step of orderHostSteps(steps)) {
    const started = Date.now();
    opts.listener?.({ type: 'step-start', step });
    try {
      await runner.run(step);
    } catch (err) {
      opts.listener?.({ type: 'step-failed', step, error: asError(err) });
      throw err;
    }
    opts.listener?.({ type: 'step-done', step, ms: Date.now() - started });
  }
  if (runner.gate) {
    const check = host ? `${phase.name} health on ${host}` : `${phase.name} health`;
    opts.listener?.({ type: 'gate-start', phase: phase.name, host, check });
    try {
      await runner.gate(phase.name, host, steps);
      opts.listener?.({ type: 'gate-done', phase: phase.name, host, check, ok: true });
    } catch (err) {
      opts.listener?.({ type: 'gate-done', phase: phase.name, host, check, ok: false, detail: asError(err).message });
      throw err;
    }
  }
}

async function runHosts(phase: PlanPhase, hostGroups: [string | undefined, PlanStep[]][], runner: StepRunner, opts: ExecuteOptions) {
  const results = await mapSettledLimit(hostGroups, opts.parallelism, ([host, steps]) => runHostGroup(phase, host, steps, runner, opts));
  return results.flatMap((r, i) => (r.status === 'rejected' ? [{ host: hostGroups[i]![0], error: asError(r.reason) }] : []));
}

/**
 * One batch of a rolling phase: prepare (journal, cordon, drain), run its hosts in parallel with
 * their gates, finish (nodes Ready, uncordon). Any failure restores the batch unless told not to.
 */
async function runBatch(phase: PlanPhase, batch: PlanBatch, groups: Map<string | undefined, PlanStep[]>, runner: StepRunner, opts: ExecuteOptions): Promise<void> {
  opts.listener?.({ type: 'batch-start', phase: phase.name, batch: batch.index, hosts: batch.hosts });
  let failures: { host?: string; error: Error }[] = [];
  try {
    await runner.beforeBatch?.(phase.name, batch);
    failures = await runHosts(phase, batch.hosts.map((h) => [h, groups.get(h) ?? []] as [string, PlanStep[]]), runner, opts);
    if (failures.length === 0) await runner.afterBatch?.(phase.name, batch);
  } catch (err) {
    failures.push({ error: asError(err) });
  }
  if (failures.length === 0) {
    opts.listener?.({ type: 'batch-done', phase: phase.name, batch: batch.index, ok: true });
    return;
  }
  let rolledBack = false;
  let rollbackError: Error | undefined;
  if (!opts.noRollback && batch.rollback.length > 0 && runner.rollbackBatch) {
    opts.listener?.({ type: 'rollback-start', phase: phase.name, batch: batch.index, hosts: batch.hosts });
    try {
      await runner.rollbackBatch(phase.name, batch);
      rolledBack = true;
    } catch (err) {
      rollbackError = asError(err);
    }
  }
  opts.listener?.({ type: 'batch-done', phase: phase.name, batch: batch.index, ok: false, rolledBack });
  throw new BatchFailedError(phase.name, failures, batch, rolledBack, rollbackError);
}

/**
 * Runs a plan phase by phase. Within a phase, hosts run in parallel (bounded) and each host's steps
 * run in order followed by its health gate; cluster-wide steps run after the host groups. A phase
 * with any failure stops the run after every host of that phase has finished, and the error lists
 * every failed host. A phase with batches (rolling upgrade) runs them one after another first.
 */
export async function executePlan(plan: Plan, runner: StepRunner, opts: ExecuteOptions): Promise<void> {
  for (const phase of plan.phases) {
    const started = Date.now();
    const groups = groupByHost(phase.steps);
    const perHost: Record<string, number> = {};
    for (const [host, steps] of groups) if (host !== undefined) perHost[host] = steps.length;
    opts.listener?.({ type: 'phase-start', phase: phase.name, steps: phase.steps.length, hosts: perHost });
    const batched = new Set((phase.batches ?? []).flatMap((b) => b.hosts));
    for (const batch of phase.batches ?? []) await runBatch(phase, batch, groups, runner, opts);
    const hostGroups = [...groups].filter(([h]) => h !== undefined && !batched.has(h));
    const failures = await runHosts(phase, hostGroups, runner, opts);
    if (failures.length > 0) throw new PhaseFailedError(phase.name, failures);
    const clusterSteps = groups.get(undefined);
    if (clusterSteps) {
      try {
        await runHostGroup(phase, undefined, clusterSteps, runner, opts);
      } catch (err) {
        throw new PhaseFailedError(phase.name, [{ error: asError(err) }]);
      }
    }
    await runner.afterPhase?.(phase.name, phase.steps);
    opts.listener?.({ type: 'phase-done', phase: phase.name, ms: Date.now() - started });
  }
}
