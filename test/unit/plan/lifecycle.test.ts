import { describe, expect, it } from 'vitest';
import { chunk, maxUnavailableFor, planLifecycle, type LifecycleHost, type LifecycleInput } from '../../../src/plan/lifecycle.js';
import { checkEtcdRemoval, EtcdQuorumError } from '../../../src/plan/etcd-quorum.js';
import type { Plan, PlanStep } from '../../../src/plan/types.js';

const step = (phase: PlanStep['phase'], host: string | undefined, action: PlanStep['action'], target: string): PlanStep => ({
  phase, host, action, target, reason: 'test', changes: [],
});
const h = (address: string, ...roles: LifecycleHost['roles']): LifecycleHost => ({ address, hostname: `node-${address}`, roles });

function planOf(steps: PlanStep[]): Plan {
  const phases = ['certificates', 'etcd', 'controlplane', 'worker', 'addons', 'nodes', 'state'] as const;
  return {
    clusterName: 'local',
    kubernetesVersion: 'v1.32.13-rancher1-1',
    unreachableHosts: [],
    phases: phases.map((name) => ({ name, steps: steps.filter((s) => s.phase === name) })).filter((p) => p.steps.length > 0),
  };
}

const drainInput = { force: false, ignoreDaemonSets: true, deleteLocalData: false, gracePeriod: -1, timeout: 120 };
function input(over: Partial<LifecycleInput> = {}): LifecycleInput {
  const hosts = [h('cp1', 'etcd', 'controlplane'), h('w1', 'worker'), h('w2', 'worker'), h('w3', 'worker'), h('w4', 'worker')];
  return {
    existingCluster: true,
    previousHosts: hosts,
    desiredHosts: hosts,
    removedHosts: [],
    kubernetesNodes: hosts.map((x) => x.hostname),
    unreachable: [],
    strategy: { maxUnavailableWorker: '1', maxUnavailableControlplane: '1', drain: false, drainInput },
    ...over,
  };
}
const kubeletEverywhere = ['cp1', 'w1', 'w2', 'w3', 'w4'].map((a) => step('worker', a, 'replace', 'kubelet'));

describe('max_unavailable as a host count', () => {
  it('takes numbers and percentages (rounded down, 0 becomes 1), capped at 50', () => {
    expect(maxUnavailableFor('2', 'worker', 10, 0)).toBe(2);
    expect(maxUnavailableFor('25%', 'worker', 10, 0)).toBe(2);
    expect(maxUnavailableFor('10%', 'worker', 4, 0)).toBe(1);
    expect(maxUnavailableFor('50%', 'worker', 4, 0)).toBe(2);
    expect(maxUnavailableFor('100%', 'worker', 400, 0)).toBe(50);
  });
  it('is reduced by unreachable hosts of the role, and refuses when none would be left', () => {
    expect(maxUnavailableFor('3', 'worker', 10, 1)).toBe(2);
    expect(() => maxUnavailableFor('1', 'controlplane', 3, 1)).toThrow('cannot proceed with upgrade of controlplane since 1 host(s) cannot be reached');
  });
  it('rejects values RKE1 rejects', () => {
    expect(() => maxUnavailableFor('0', 'worker', 3, 0)).toThrow('invalid input for max_unavailable_worker: 0, value must be > 0');
    expect(() => maxUnavailableFor('0%', 'worker', 3, 0)).toThrow('value must be > 0');
  });
  it('chunks keep order', () => {
    expect(chunk(['a', 'b', 'c', 'd', 'e'], 2)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });
});

describe('rolling upgrade batches', () => {
  it('upgrades the controlplane host (with its kubelet) first, then workers max_unavailable at a time', () => {
    const plan = planLifecycle(planOf([step('controlplane', 'cp1', 'replace', 'kube-apiserver'), ...kubeletEverywhere]), input());
    const cp = plan.phases.find((p) => p.name === 'controlplane')!;
    expect(cp.steps.map((s) => `${s.host} ${s.target}`)).toEqual(['cp1 kube-apiserver', 'cp1 kubelet']);
    expect(cp.batches?.map((b) => b.hosts)).toEqual([['cp1']]);
    const worker = plan.phases.find((p) => p.name === 'worker')!;
    expect(worker.batches?.map((b) => b.hosts)).toEqual([['w1'], ['w2'], ['w3'], ['w4']]);
    expect(worker.batches?.every((b) => b.cordon.length === 1 && b.drain === undefined)).toBe(true);
    expect(plan.rolling).toEqual({ maxUnavailableControlplane: 1, maxUnavailableWorker: 1, drain: false });
  });

  it('uses percentages over worker-only hosts and carries node_drain_input when drain is on', () => {
    const plan = planLifecycle(planOf(kubeletEverywhere), input({ strategy: { maxUnavailableWorker: '50%', maxUnavailableControlplane: '1', drain: true, drainInput } }));
    const worker = plan.phases.find((p) => p.name === 'worker')!;
    expect(worker.batches?.map((b) => b.hosts)).toEqual([['w1', 'w2'], ['w3', 'w4']]);
    expect(worker.batches?.[0]?.cordon).toEqual(['node-w1', 'node-w2']);
    expect(worker.batches?.[0]?.drain).toEqual(drainInput);
    expect(worker.batches?.[0]?.waitReady).toEqual(['node-w1', 'node-w2']);
  });

  it('plans the restore of each changed container: replaced/removed to the previous spec, created to absent', () => {
    const plan = planLifecycle(
      planOf([step('worker', 'w1', 'replace', 'kubelet'), step('worker', 'w1', 'create', 'kube-proxy'), step('worker', 'w1', 'remove', 'nginx-proxy'), step('worker', 'w1', 'restart', 'service-sidekick')]),
      input(),
    );
    expect(plan.phases[0]!.batches![0]!.rollback).toEqual([
      { host: 'w1', container: 'kubelet', restore: 'previous' },
      { host: 'w1', container: 'kube-proxy', restore: 'absent' },
      { host: 'w1', container: 'nginx-proxy', restore: 'previous' },
    ]);
  });

  it('puts new hosts in one first batch, never cordoned', () => {
    const hosts = [...input().desiredHosts, h('w5', 'worker'), h('w6', 'worker')];
    const plan = planLifecycle(
      planOf([step('worker', 'w5', 'create', 'kubelet'), step('worker', 'w6', 'create', 'kubelet'), step('worker', 'w1', 'replace', 'kubelet')]),
      input({ desiredHosts: hosts }),
    );
    const batches = plan.phases[0]!.batches!;
    expect(batches.map((b) => b.hosts)).toEqual([['w5', 'w6'], ['w1']]);
    expect(batches[0]!.cordon).toEqual([]);
  });

  it('is not rolling for a new cluster: no batches, worker steps stay in the worker phase', () => {
    const plan = planLifecycle(planOf(kubeletEverywhere), input({ existingCluster: false, previousHosts: [] }));
    expect(plan.rolling).toBeUndefined();
    expect(plan.phases.map((p) => [p.name, p.batches])).toEqual([['worker', undefined]]);
  });

  it('etcd hosts go one at a time', () => {
    const hosts = [h('e1', 'etcd'), h('e2', 'etcd'), h('e3', 'etcd'), h('cp1', 'controlplane'), h('w1', 'worker')];
    const plan = planLifecycle(planOf(['e1', 'e2', 'e3'].map((a) => step('etcd', a, 'replace', 'etcd'))), input({ previousHosts: hosts, desiredHosts: hosts }));
    expect(plan.phases[0]!.batches!.map((b) => b.hosts)).toEqual([['e1'], ['e2'], ['e3']]);
  });
});

describe('etcd scale', () => {
  const one = [h('n1', 'etcd', 'controlplane'), h('w1', 'worker')];
  const three = [...one, h('n2', 'etcd', 'controlplane'), h('n3', 'etcd', 'controlplane')];

  it('turns the create of etcd on a new etcd host into a member join, new members first and one per batch', () => {
    const plan = planLifecycle(
      planOf([step('etcd', 'n1', 'replace', 'etcd'), step('etcd', 'n2', 'create', 'etcd'), step('etcd', 'n3', 'create', 'etcd')]),
      input({ previousHosts: one, desiredHosts: three }),
    );
    const etcd = plan.phases.find((p) => p.name === 'etcd')!;
    expect(etcd.steps.filter((s) => s.action === 'add-etcd-member').map((s) => s.host)).toEqual(['n2', 'n3']);
    expect(etcd.batches!.map((b) => b.hosts)).toEqual([['n2'], ['n3'], ['n1']]);
    expect(etcd.batches![0]!.rollback).toEqual([]);
    expect(etcd.batches![0]!.noRollbackReason).toMatch(/membership/);
  });

  it('a host already in the cluster that gains the etcd role joins before any other etcd restart', () => {
    const before = [h('n1', 'etcd', 'controlplane'), h('w1', 'worker'), h('w2', 'worker')];
    const after = [h('n1', 'etcd', 'controlplane'), h('w1', 'etcd', 'worker'), h('w2', 'etcd', 'worker')];
    const plan = planLifecycle(
      planOf([step('etcd', 'n1', 'replace', 'etcd'), step('etcd', 'w1', 'create', 'etcd'), step('etcd', 'w2', 'create', 'etcd')]),
      input({ previousHosts: before, desiredHosts: after }),
    );
    expect(plan.phases[0]!.batches!.map((b) => b.hosts)).toEqual([['w1'], ['w2'], ['n1']]);
  });

  it('removes members of hosts taken out, and drains their Kubernetes nodes before cleaning them', () => {
    const removed = [
      { address: 'n2', hostname: 'node-n2', roles: ['etcd', 'controlplane'] as LifecycleHost['roles'] },
      { address: 'n3', hostname: 'node-n3', roles: ['etcd', 'controlplane'] as LifecycleHost['roles'] },
    ];
    const plan = planLifecycle(
      planOf([step('etcd', 'n2', 'clean-host', 'n2'), step('etcd', 'n3', 'clean-host', 'n3'), step('nodes', 'n2', 'delete-node', 'node-n2')]),
      input({ previousHosts: three, desiredHosts: one, removedHosts: removed, kubernetesNodes: three.map((x) => x.hostname) }),
    );
    const etcd = plan.phases.find((p) => p.name === 'etcd')!;
    expect(etcd.steps.filter((s) => s.host === 'n2').map((s) => s.action).sort()).toEqual(['clean-host', 'drain-node', 'remove-etcd-member']);
    expect(etcd.steps.find((s) => s.action === 'remove-etcd-member' && s.host === 'n2')!.target).toBe('etcd-node-n2');
  });

  it('refuses a removal that breaks quorum, naming the hosts, unless forced', () => {
    const members = [h('n1', 'etcd'), h('n2', 'etcd'), h('n3', 'etcd'), h('w1', 'worker')];
    const after = members.filter((m) => m.address !== 'n3');
    const planned = () =>
      planLifecycle(planOf([]), input({ previousHosts: members, desiredHosts: after, unreachable: ['n2'], removedHosts: [{ address: 'n3', hostname: 'node-n3', roles: ['etcd'] }] }));
    expect(planned).toThrow(EtcdQuorumError);
    expect(planned).toThrow(/host\(s\) \[n3\].*unreachable: \[n2\]/);
    const forced = planLifecycle(
      planOf([]),
      input({ previousHosts: members, desiredHosts: after, unreachable: ['n2'], forceEtcdRemoval: true, removedHosts: [{ address: 'n3', hostname: 'node-n3', roles: ['etcd'] }] }),
    );
    expect(forced.warnings.join()).toMatch(/force-etcd-removal/);
    expect(forced.phases[0]!.steps.some((s) => s.action === 'remove-etcd-member' && s.host === 'n3')).toBe(true);
  });

  it('refuses to replace the whole etcd plane', () => {
    const before = [h('n1', 'etcd'), h('w1', 'worker')];
    const after = [h('n2', 'etcd'), h('w1', 'worker')];
    expect(() => planLifecycle(planOf([]), input({ previousHosts: before, desiredHosts: after }))).toThrow('Etcd plane nodes are replaced');
  });
});

describe('checkEtcdRemoval', () => {
  const m = (a: string) => ({ address: a, hostname: a });
  it('3 → 1 with every member reachable is safe (one at a time)', () => {
    const c = checkEtcdRemoval([m('a'), m('b'), m('c')], ['a'], new Set(['a', 'b', 'c']));
    expect(c.problems).toEqual([]);
    expect(c.removals.map((r) => r.address)).toEqual(['b', 'c']);
  });
  it('removes unreachable members first: 3 with c down, remove c → safe', () => {
    expect(checkEtcdRemoval([m('a'), m('b'), m('c')], ['a', 'b'], new Set(['a', 'b'])).problems).toEqual([]);
  });
  it('5 with two down, removing two healthy ones leaves 3 members of which 1 is reachable', () => {
    const c = checkEtcdRemoval([m('a'), m('b'), m('c'), m('d'), m('e')], ['a', 'd', 'e'], new Set(['a', 'b', 'c']));
    expect(c.problems.length).toBeGreaterThan(0);
    expect(c.problems.at(-1)).toMatch(/leaves 3 member\(s\) of which 1 reachable \[a\], quorum needs 2/);
  });
});

describe('--update-only', () => {
  it('leaves existing etcd and controlplane hosts alone', () => {
    const plan = planLifecycle(planOf([step('controlplane', 'cp1', 'replace', 'kube-apiserver'), ...kubeletEverywhere]), input({ updateOnly: true }));
    const all = plan.phases.flatMap((p) => p.steps).map((s) => `${s.host} ${s.target}`);
    expect(all).not.toContain('cp1 kube-apiserver');
    expect(all).toContain('w1 kubelet');
  });
});
