import { isContainerUpgradable, type ContainerSpec } from '../desired/index.js';
import type { ReachableHost } from '../observe/types.js';
import type { FieldChange, PhaseName, PlanStep } from './types.js';

/**
 * The long-running containers RKE manages; one found on a host that no longer wants it is removed
 * (a role taken away, nginx-proxy on a node that became controlplane, snapshots turned off).
 */
export const MANAGED_CONTAINERS: Record<string, PhaseName> = {
  etcd: 'etcd',
  'etcd-rolling-snapshots': 'etcd',
  'kube-apiserver': 'controlplane',
  'kube-controller-manager': 'controlplane',
  'kube-scheduler': 'controlplane',
  kubelet: 'worker',
  'kube-proxy': 'worker',
  'nginx-proxy': 'worker',
  'service-sidekick': 'worker',
};

/** service-sidekick lends its volume to the control plane, so it comes with the first plane that needs it. */
export function phaseOfContainer(name: string, hostIsControlPlane: boolean): PhaseName {
  if (name === 'service-sidekick' && hostIsControlPlane) return 'controlplane';
  return MANAGED_CONTAINERS[name] ?? 'worker';
}

/**
 * RKE1's DoRunContainer decision for one container: create when absent, replace when
 * IsContainerUpgradable says so (stopped or not), start when stopped, restart when unchanged but in
 * a restart loop.
 */
export function containerStep(
  host: ReachableHost,
  spec: ContainerSpec,
  phase: PhaseName,
): PlanStep | undefined {
  const actual = host.containers[spec.name];
  const base = { phase, host: host.address, target: spec.name };
  if (!actual) {
    return { ...base, action: 'create', reason: 'container does not exist', changes: [{ field: 'image', after: spec.image }] };
  }
  // A restarting container counts as running: a changed spec replaces it, an unchanged one is
  // restarted. A stopped one is started when its spec is current; RKE1 starts it without comparing
  // and replaces it only on its next run, but a stopped, outdated container is what a run killed
  // in the middle of a replace leaves behind, and the next run must converge in one go.
  const check = isContainerUpgradable(spec, actual, host.imageEnv[spec.image] ?? null);
  const stopped = spec.start && !actual.State.Running && !actual.State.Restarting;
  if (stopped && !check.upgradable) {
    return { ...base, action: 'start', reason: `container is ${actual.State.Status}`, changes: [] };
  }
  if (check.upgradable) {
    const changes: FieldChange[] = check.diffs.map((d) => ({
      field: d.field,
      before: d.old,
      after: d.new,
      ...(d.added ? { added: d.added } : {}),
      ...(d.removed ? { removed: d.removed } : {}),
    }));
    const note = stopped ? ` (container is ${actual.State.Status})` : '';
    return { ...base, action: 'replace', reason: `${check.diffs.map((d) => d.field).join(', ')} changed${note}`, changes };
  }
  if (spec.start && actual.State.Restarting) return { ...base, action: 'restart', reason: 'container is restarting in a loop', changes: [] };
  return undefined;
}
