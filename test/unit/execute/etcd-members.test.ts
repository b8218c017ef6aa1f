import { describe, expect, it } from 'vitest';
import { changeWhenClusterAllows, joinSpec, parseMemberList } from '../../../src/cluster/etcd-members.js';
import type { ContainerSpec } from '../../../src/desired/index.js';

const LIST = [
  '8e9e05c52164694d, started, etcd-node-1, https://10.0.0.3:2380, https://10.0.0.3:2379, false',
  '91bc3c398fb3c146, unstarted, , https://10.0.0.6:2380, , false',
].join('\n');

describe('etcd member helpers', () => {
  it('parses etcdctl member list (simple format), unstarted members included', () => {
    expect(parseMemberList(LIST)).toEqual([
      { id: '8e9e05c52164694d', status: 'started', name: 'etcd-node-1', peerUrls: ['https://10.0.0.3:2380'], clientUrls: ['https://10.0.0.3:2379'] },
      { id: '91bc3c398fb3c146', status: 'unstarted', name: '', peerUrls: ['https://10.0.0.6:2380'], clientUrls: [] },
    ]);
  });

  it('first start of a joining member: existing cluster, initial-cluster of the members it will find and itself (no duplicates)', () => {
    const spec = {
      name: 'etcd',
      cmd: ['/usr/local/bin/etcd', '--initial-cluster=etcd-node-1=https://10.0.0.3:2380,etcd-node-4=https://10.0.0.6:2380', '--initial-cluster-state=new', '--name=etcd-node-4'],
    } as ContainerSpec;
    const first = joinSpec(spec, [
      { name: 'etcd-node-1', peerUrl: 'https://10.0.0.3:2380' },
      { name: 'etcd-node-4', peerUrl: 'https://10.0.0.6:2380' },
      { name: 'etcd-node-4', peerUrl: 'https://10.0.0.6:2380' },
    ]);
    expect(first.cmd).toEqual([
      '/usr/local/bin/etcd',
      '--initial-cluster=etcd-node-1=https://10.0.0.3:2380,etcd-node-4=https://10.0.0.6:2380',
      '--initial-cluster-state=existing',
      '--name=etcd-node-4',
    ]);
    expect(spec.cmd[2]).toBe('--initial-cluster-state=new'); // the desired spec is not modified
  });

  it("asks again while etcd refuses a member add as 'unhealthy cluster' (a member joined moments ago), and gives up after the timeout", async () => {
    const slept: number[] = [];
    const sleep = async (ms: number) => void slept.push(ms);
    let calls = 0;
    const refusedTwice = async () => {
      if (++calls <= 2) throw new Error('etcdctl member add x failed on host [10.0.0.3]: Error: etcdserver: unhealthy cluster');
      return 'added';
    };
    await expect(changeWhenClusterAllows(refusedTwice, { timeoutMs: 10_000, intervalMs: 1_000, sleep })).resolves.toBe('added');
    expect(calls).toBe(3);
    expect(slept).toEqual([1_000, 1_000]);

    const always = async () => {
      throw new Error('etcdserver: unhealthy cluster');
    };
    await expect(changeWhenClusterAllows(always, { timeoutMs: 3_000, intervalMs: 1_000, sleep })).rejects.toThrow(/unhealthy cluster/);

    let otherCalls = 0;
    const otherError = async () => {
      otherCalls++;
      throw new Error('etcdserver: peerURL exists');
    };
    await expect(changeWhenClusterAllows(otherError, { timeoutMs: 3_000, intervalMs: 1_000, sleep })).rejects.toThrow(/peerURL exists/);
    expect(otherCalls).toBe(1);
  });
});
