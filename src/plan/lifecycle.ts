/**
 * Turns the diff plan of an existing cluster into a lifecycle plan (pure, no I/O):
 * - etcd scale: a new etcd host joins as a member (one at a time, the etcd phase runs host by
 *   host); a removed one is taken out of the member list first, refused when that breaks quorum;
 * - hosts leaving the cluster: their Kubernetes node is cordoned and drained before the host is
 *   cleaned (and deleted from the API at the end);
 * - `--update-only`: existing etcd/controlplane hosts are left alone unless a member joins;
 * - rolling upgrade: control plane then workers in batches of max_unavailable, each batch with
 *   the nodes to cordon/drain/wait for, and the containers to restore if its health gate fails.
 */
import { calculateMaxUnavailable } from '../config/max-unavailable.js';
import type { Role } from '../desired/index.js';
import { RkeError } from '../errors.js';
import type { EtcdStrays } from './etcd-strays.js';
import { checkEtcdRemoval, ETCD_PLANE_REPLACED, EtcdQuorumError, etcdQuorumErrorMessage, type EtcdMemberHost } from './etcd-quorum.js';
import type { RemovedHost } from './plan-cluster.js';
import { PHASES, planSteps, type DrainInput, type PhaseName, type Plan, type PlanBatch, type PlanStep, type RollbackEntry } from './types.js';

export interface LifecycleHost {
  address: string;
  hostname: string;
  roles: Role[];
}

export interface UpgradeStrategyInput {
  maxUnavailableWorker: string;
  maxUnavailableControlplane: string;
  drain: boolean;
  drainInput: DrainInput;
}

export interface LifecycleInput {
  /** The state file records a built cluster (currentState has a config). */
  existingCluster: boolean;
  /** Hosts of the last successful run (currentState), with their roles then. */
  previousHosts: LifecycleHost[];
  /** Hosts of cluster.yml now, in file order; hostname = Kubernetes node name. */
  desiredHosts: LifecycleHost[];
  removedHosts: RemovedHost[];
  /** Node names the Kubernetes API knows; undefined when the API did not answer. */
  kubernetesNodes?: readonly string[];
  /** Addresses that could not be contacted. */
  unreachable: readonly string[];
  strategy: UpgradeStrategyInput;
  updateOnly?: boolean;
  forceEtcdRemoval?: boolean;
  /** etcd members that are no host of cluster.yml (etcd-strays.ts); undefined when etcd was not asked. */
  etcdStrays?: EtcdStrays;
}

/** WorkerThreads in RKE1: max_unavailable never goes above it. */
const MAX_THREADS = 50;
const CONTAINER_ACTIONS = new Set<PlanStep['action']>(['create', 'replace', 'start', 'restart', 'remove']);
const MEMBERSHIP_ACTIONS = new Set<PlanStep['action']>(['add-etcd-member', 'remove-etcd-member']);
const REMOVAL_ACTIONS = new Set<PlanStep['action']>(['remove-etcd-member', 'clean-host', 'drain-node', 'delete-node']);

const isRole = (h: LifecycleHost, r: Role) => h.roles.includes(r);

/**
 * max_unavailable for one role as a host count: RKE1's rounding and validation, capped at 50,
 * less the hosts of that role that cannot be reached (an error when none would be left).
 */
export function maxUnavailableFor(value: string, role: 'worker' | 'controlplane', hosts: number, unreachable: number): number {
  const computed = calculateMaxUnavailable(value, hosts, role);
  if ('error' in computed) throw new RkeError(computed.error, { key: `upgrade_strategy.max_unavailable_${role}` });
  const capped = Math.min(computed.value, MAX_THREADS);
  if (unreachable >= capped && unreachable > 0) {
    throw new RkeError(`cannot proceed with upgrade of ${role} since ${unreachable} host(s) cannot be reached prior to upgrade`, {
      key: `upgrade_strategy.max_unavailable_${role}`,
    });
  }
  return capped - unreachable;
}

/** Splits hosts into consecutive groups of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += Math.max(1, size)) out.push(items.slice(i, i + Math.max(1, size)));
  return out;
}

function etcdMembership(steps: PlanStep[], input: LifecycleInput): { steps: PlanStep[]; warnings: string[] } {
  const previousEtcd = input.previousHosts.filter((h) => isRole(h, 'etcd'));
  if (!input.existingCluster || previousEtcd.length === 0) return { steps, warnings: [] };
  const desiredEtcd = input.desiredHosts.filter((h) => isRole(h, 'etcd'));
  const before = new Set(previousEtcd.map((h) => h.address));
  const added = new Set(desiredEtcd.filter((h) => !before.has(h.address)).map((h) => h.address));
  const out = steps.map((s) =>
    s.phase === 'etcd' && s.target === 'etcd' && s.action === 'create' && added.has(s.host ?? '')
      ? { ...s, action: 'add-etcd-member' as const, reason: 'new etcd member: added to the member list, then joins the running cluster' }
      : s,
  );
  const reachable = new Set([...input.previousHosts, ...input.desiredHosts, ...input.removedHosts].map((h) => h.address).filter((a) => !input.unreachable.includes(a)));
  const members: EtcdMemberHost[] = previousEtcd.map((h) => ({ address: h.address, hostname: h.hostname }));
  const check = checkEtcdRemoval(members, desiredEtcd.map((h) => h.address), reachable);
  if (check.planeReplaced) throw new EtcdQuorumError(ETCD_PLANE_REPLACED);
  const warnings: string[] = [];
  if (check.problems.length > 0) {
    if (!input.forceEtcdRemoval) throw new EtcdQuorumError(etcdQuorumErrorMessage(check), { host: check.removals[0]?.address });
    warnings.push(`--force-etcd-removal: ${check.problems.join('; ')}`);
  }
  for (const m of check.removals) {
    out.push({
      phase: 'etcd',
      host: m.address,
      action: 'remove-etcd-member',
      target: `etcd-${m.hostname}`,
      reason: 'etcd role removed from this host: member leaves the etcd cluster before its data is cleaned',
      changes: [],
    });
  }
  const removing = new Set(check.removals.map((m) => m.address));
  for (const stray of input.etcdStrays?.unstarted ?? []) {
    if (removing.has(stray.address)) continue;
    out.push({
      phase: 'etcd',
      host: stray.address,
      action: 'remove-etcd-member',
      target: `etcd member ${stray.id}`,
      reason: `member ${stray.peerUrl} never started and is no etcd host of cluster.yml (a run killed after adding it): it only counts against quorum`,
      changes: [],
    });
  }
  for (const stray of input.etcdStrays?.foreign ?? []) {
    warnings.push(`etcd member ${stray.id} (${stray.peerUrl}) is no etcd host of cluster.yml; it is left alone (remove it with etcdctl member remove if it should not be there)`);
  }
  return { steps: out, warnings };
}

function drainRemovedNodes(steps: PlanStep[], input: LifecycleInput): PlanStep[] {
  const out = [...steps];
  for (const removed of input.removedHosts) {
    if (!removed.roles.includes('worker') && !removed.roles.includes('controlplane')) continue;
    if (input.kubernetesNodes && !input.kubernetesNodes.includes(removed.hostname)) continue;
    const clean = steps.find((s) => s.action === 'clean-host' && s.host === removed.address);
    out.push({
      phase: clean?.phase ?? 'worker',
      host: removed.address,
      action: 'drain-node',
      target: removed.hostname,
      reason: 'host removed from cluster.yml: its pods move elsewhere before it is cleaned',
      changes: [],
    });
  }
  return out;
}

function updateOnly(steps: PlanStep[], input: LifecycleInput): PlanStep[] {
  if (!input.updateOnly || steps.some((s) => s.action === 'add-etcd-member')) return steps;
  const existing = new Set(input.previousHosts.map((h) => h.address));
  return steps.filter((s) => !((s.phase === 'etcd' || s.phase === 'controlplane') && existing.has(s.host ?? '') && !REMOVAL_ACTIONS.has(s.action)));
}

function rollbackFor(steps: PlanStep[]): RollbackEntry[] {
  const out: RollbackEntry[] = [];
  for (const s of steps) {
    if (!s.host || !['create', 'replace', 'remove'].includes(s.action)) continue;
    out.push({ host: s.host, container: s.target, restore: s.action === 'create' ? 'absent' : 'previous' });
  }
  return out;
}

function batchesFor(
  phase: PhaseName,
  steps: PlanStep[],
  size: number,
  input: LifecycleInput,
  hostOrder: (h: string) => number,
): PlanBatch[] {
  const hosts = [...new Set(steps.map((s) => s.host).filter((h): h is string => h !== undefined))].sort((a, b) => hostOrder(a) - hostOrder(b));
  const previous = new Set(input.previousHosts.map((h) => h.address));
  const desired = new Map(input.desiredHosts.map((h) => [h.address, h]));
  const newHosts = hosts.filter((h) => !previous.has(h) && desired.has(h));
  // Joining etcd members go first: right after a member add (or a run killed after one) etcd may
  // lack quorum until the new member starts, so no other etcd restart may come before it.
  const joins = (h: string) => (steps.some((s) => s.host === h && s.action === 'add-etcd-member') ? 0 : 1);
  const existingHosts = hosts.filter((h) => !newHosts.includes(h)).sort((a, b) => joins(a) - joins(b));
  // New hosts carry no workload: RKE1 deploys them without checks, here as one first batch.
  const groups = [...(newHosts.length > 0 && phase !== 'etcd' ? [newHosts] : chunk(newHosts, 1)), ...chunk(existingHosts, size)];
  return groups.map((group, index) => {
    const own = steps.filter((s) => group.includes(s.host ?? ''));
    const changesContainers = (h: string) => own.some((s) => s.host === h && CONTAINER_ACTIONS.has(s.action));
    const cordon =
      phase === 'etcd'
        ? []
        : group
            .filter((h) => previous.has(h) && desired.has(h) && changesContainers(h))
            .map((h) => desired.get(h)!.hostname)
            // API not answering at plan time (a loaded machine): the runner cordons those that exist.
            .filter((n) => input.kubernetesNodes?.includes(n) ?? true);
    const unrollable = own.some((s) => MEMBERSHIP_ACTIONS.has(s.action) || s.action === 'clean-host');
    return {
      index,
      hosts: group,
      cordon,
      ...(input.strategy.drain && cordon.length > 0 ? { drain: input.strategy.drainInput } : {}),
      waitReady: cordon,
      rollback: unrollable ? [] : rollbackFor(own),
      ...(unrollable ? { noRollbackReason: 'etcd membership or host removal changes are not rolled back' } : {}),
    };
  });
}

export interface LifecyclePlan extends Plan {
  warnings: string[];
}

export function planLifecycle(plan: Plan, input: LifecycleInput): LifecyclePlan {
  const membership = etcdMembership(planSteps(plan).map((s) => ({ ...s })), input);
  let steps = drainRemovedNodes(membership.steps, input);
  steps = updateOnly(steps, input);

  const order = new Map([...input.desiredHosts, ...input.removedHosts].map((h, i) => [h.address, i]));
  const hostOrder = (h: string | undefined) => order.get(h ?? '') ?? Number.MAX_SAFE_INTEGER;
  const cpHosts = input.desiredHosts.filter((h) => isRole(h, 'controlplane'));
  const rolling = input.existingCluster;
  if (rolling) {
    // RKE1 upgrades a controlplane host's worker components together with its control plane.
    const cp = new Set(cpHosts.map((h) => h.address));
    steps = steps.map((s) => (s.phase === 'worker' && cp.has(s.host ?? '') && CONTAINER_ACTIONS.has(s.action) ? { ...s, phase: 'controlplane' } : s));
  }

  const phases = PHASES.map((name) => ({ name, steps: steps.filter((s) => s.phase === name).sort((a, b) => hostOrder(a.host) - hostOrder(b.host)) })).filter(
    (p) => p.steps.length > 0,
  );
  const result: LifecyclePlan = { ...plan, phases, warnings: membership.warnings };
  if (!rolling) return result;

  const workerOnly = input.desiredHosts.filter((h) => isRole(h, 'worker') && !isRole(h, 'controlplane'));
  const unreachableOf = (hosts: LifecycleHost[]) => hosts.filter((h) => input.unreachable.includes(h.address)).length;
  const sizes: Partial<Record<PhaseName, () => number>> = {
    etcd: () => 1,
    controlplane: () => maxUnavailableFor(input.strategy.maxUnavailableControlplane, 'controlplane', cpHosts.length, unreachableOf(cpHosts)),
    worker: () => maxUnavailableFor(input.strategy.maxUnavailableWorker, 'worker', workerOnly.length, unreachableOf(workerOnly)),
  };
  const strategy = { maxUnavailableControlplane: 0, maxUnavailableWorker: 0, drain: input.strategy.drain };
  for (const phase of result.phases) {
    const size = sizes[phase.name];
    const hostSteps = phase.steps.filter((s) => s.host !== undefined);
    if (!size || hostSteps.length === 0) continue;
    const n = size();
    if (phase.name === 'controlplane') strategy.maxUnavailableControlplane = n;
    if (phase.name === 'worker') strategy.maxUnavailableWorker = n;
    phase.batches = batchesFor(phase.name, hostSteps, n, input, hostOrder);
  }
  result.rolling = strategy;
  return result;
}
