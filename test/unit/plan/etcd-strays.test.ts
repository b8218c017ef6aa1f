import { describe, expect, it } from 'vitest';
import { findEtcdStrays, type ObservedEtcdMember } from '../../../src/plan/etcd-strays.js';
import { planLifecycle, type LifecycleHost, type LifecycleInput } from '../../../src/plan/lifecycle.js';
import type { Plan } from '../../../src/plan/types.js';

const started = (id: string, ip: string): ObservedEtcdMember => ({ id, status: 'started', name: `etcd-${ip}`, peerUrls: [`https://${ip}:2380`], clientUrls: [`https://${ip}:2379`] });
const unstarted = (id: string, ip: string): ObservedEtcdMember => ({ id, status: 'unstarted', name: '', peerUrls: [`https://${ip}:2380`], clientUrls: [] });
const desired = ['10.0.0.1', '10.0.0.2', '10.0.0.3'].map((ip) => `https://${ip}:2380`);

describe('findEtcdStrays', () => {
  it('finds nothing when every member is an etcd host of cluster.yml, started or not', () => {
    expect(findEtcdStrays([started('a', '10.0.0.1'), started('b', '10.0.0.2'), unstarted('c', '10.0.0.3')], desired)).toEqual({ unstarted: [], foreign: [] });
  });

  it('a never-started member of no cluster.yml host is to remove; a started one is only foreign', () => {
    const strays = findEtcdStrays([started('a', '10.0.0.1'), unstarted('d', '10.0.0.9'), started('e', '10.0.0.8')], desired);
    expect(strays.unstarted).toEqual([{ id: 'd', peerUrl: 'https://10.0.0.9:2380', address: '10.0.0.9' }]);
    expect(strays.foreign).toEqual([{ id: 'e', peerUrl: 'https://10.0.0.8:2380', address: '10.0.0.8' }]);
  });

  it('takes IPv6 peer URLs apart without their brackets', () => {
    expect(findEtcdStrays([unstarted('f', '[fd00::9]')], desired).unstarted[0]!.address).toBe('fd00::9');
  });
});

describe('lifecycle plan with stray etcd members', () => {
  const h = (address: string, ...roles: LifecycleHost['roles']): LifecycleHost => ({ address, hostname: `node-${address}`, roles });
  const hosts = [h('10.0.0.1', 'etcd', 'controlplane'), h('10.0.0.2', 'etcd'), h('10.0.0.3', 'etcd'), h('10.0.0.4', 'worker')];
  const empty: Plan = { clusterName: 'local', kubernetesVersion: 'v1.32.13-rancher1-1', unreachableHosts: [], phases: [] };
  const input = (over: Partial<LifecycleInput>): LifecycleInput => ({
    existingCluster: true,
    previousHosts: hosts,
    desiredHosts: hosts,
    removedHosts: [],
    unreachable: [],
    strategy: { maxUnavailableWorker: '1', maxUnavailableControlplane: '1', drain: false, drainInput: { force: false, ignoreDaemonSets: true, deleteLocalData: false, gracePeriod: -1, timeout: 120 } },
    ...over,
  });

  it('removes a never-started stray in the etcd phase and warns about a foreign member', () => {
    const strays = findEtcdStrays([started('a', '10.0.0.1'), unstarted('d', '10.0.0.9'), started('e', '10.0.0.8')], desired);
    const plan = planLifecycle(empty, input({ etcdStrays: strays }));
    const etcd = plan.phases.find((p) => p.name === 'etcd')!;
    expect(etcd.steps).toHaveLength(1);
    expect(etcd.steps[0]).toMatchObject({ action: 'remove-etcd-member', host: '10.0.0.9', target: 'etcd member d' });
    expect(etcd.steps[0]!.reason).toMatch(/never started/);
    expect(plan.warnings.join('\n')).toMatch(/etcd member e \(https:\/\/10\.0\.0\.8:2380\) is no etcd host of cluster\.yml; it is left alone/);
  });

  it('plans nothing when etcd was not asked (no member list) or there are no strays', () => {
    expect(planLifecycle(empty, input({})).phases).toEqual([]);
    expect(planLifecycle(empty, input({ etcdStrays: { unstarted: [], foreign: [] } })).phases).toEqual([]);
  });
});
