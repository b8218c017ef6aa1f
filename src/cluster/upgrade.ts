/** What the lifecycle planner needs from a session: previous and desired hosts, strategy, reachability. */
import type { ClusterConfig } from '../config/index.js';
import { fromRkeStateJson } from '../config/index.js';
import { planLifecycle, type LifecycleHost, type LifecycleInput, type LifecyclePlan } from '../plan/lifecycle.js';
import { findEtcdStrays } from '../plan/etcd-strays.js';
import { nodePeerUrl } from './etcd-members.js';
import { nodeName, nodeRoles } from './inputs.js';
import { removedHosts, type Session } from './session.js';

export interface LifecycleFlags {
  /** `--update-only`: leave existing etcd/controlplane hosts alone unless an etcd member joins. */
  updateOnly?: boolean;
  /** `--force-etcd-removal`: remove etcd members even when that breaks quorum. */
  forceEtcdRemoval?: boolean;
}

const hostsOf = (config: ClusterConfig | undefined): LifecycleHost[] =>
  (config?.nodes ?? []).map((n) => ({ address: n.address ?? '', hostname: nodeName(n), roles: nodeRoles(n) }));

/** Peer URLs of every etcd host cluster.yml names, reachable or not. */
const etcdPeerUrls = (config: ClusterConfig): string[] =>
  (config.nodes ?? []).filter((n) => nodeRoles(n).includes('etcd')).map(nodePeerUrl);

export function previousConfig(s: Pick<Session, 'prepared'>): ClusterConfig | undefined {
  const current = s.prepared.state.currentState.rkeConfig;
  return current ? fromRkeStateJson(current) : undefined;
}

export function lifecycleInput(s: Session, flags: LifecycleFlags): LifecycleInput {
  const previous = previousConfig(s);
  const strategy = s.prepared.config.upgrade_strategy;
  const drainInput = strategy?.node_drain_input;
  return {
    existingCluster: previous !== undefined && (previous.nodes ?? []).length > 0,
    previousHosts: hostsOf(previous),
    desiredHosts: hostsOf(s.prepared.config),
    removedHosts: removedHosts(s.prepared),
    ...(s.observed.kubernetes ? { kubernetesNodes: Object.keys(s.observed.kubernetes.nodes) } : {}),
    unreachable: s.plan.unreachableHosts.map((u) => u.address),
    strategy: {
      maxUnavailableWorker: String(strategy?.max_unavailable_worker ?? '10%'),
      maxUnavailableControlplane: String(strategy?.max_unavailable_controlplane ?? '1'),
      drain: strategy?.drain === true,
      drainInput: {
        force: drainInput?.force ?? false,
        ignoreDaemonSets: drainInput?.ignore_daemonsets ?? true,
        deleteLocalData: drainInput?.delete_local_data ?? false,
        gracePeriod: drainInput?.grace_period ?? -1,
        timeout: drainInput?.timeout || 120,
      },
    },
    updateOnly: flags.updateOnly ?? false,
    forceEtcdRemoval: flags.forceEtcdRemoval ?? false,
    ...(s.observed.etcdMembers
      ? { etcdStrays: findEtcdStrays(s.observed.etcdMembers, etcdPeerUrls(s.prepared.config)) }
      : {}),
  };
}

export function lifecyclePlan(s: Session, flags: LifecycleFlags): LifecyclePlan {
  return planLifecycle(s.plan, lifecycleInput(s, flags));
}
