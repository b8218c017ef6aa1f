import { describe, expect, it } from 'vitest';
import { withEtcdMembershipChanges, type FullState } from '../../../src/state/index.js';

const node = (address: string, role: string[]) => ({ address, port: '22', role, hostnameOverride: `n-${address.split('.').pop()}`, user: 'root' });

function state(): FullState {
  return {
    desiredState: { rkeConfig: { nodes: [node('10.0.0.1', ['etcd', 'controlplane']), node('10.0.0.2', ['worker']), node('10.0.0.4', ['etcd', 'controlplane'])] } },
    currentState: { rkeConfig: { nodes: [node('10.0.0.1', ['etcd', 'controlplane']), node('10.0.0.2', ['worker']), node('10.0.0.3', ['etcd'])], kubernetesVersion: 'v1.32.13-rancher1-2' } },
  };
}

describe('state after a failed run that changed the etcd member list', () => {
  it('adds a host that joined with its cluster.yml entry, keeps everything else of currentState', () => {
    const before = state();
    const after = withEtcdMembershipChanges(before, { joined: ['10.0.0.4'], left: [] });
    expect(after.currentState.rkeConfig?.nodes).toEqual([...(before.currentState.rkeConfig!.nodes as unknown[]), node('10.0.0.4', ['etcd', 'controlplane'])]);
    expect(after.currentState.rkeConfig?.kubernetesVersion).toBe('v1.32.13-rancher1-2');
    expect(after.desiredState).toBe(before.desiredState);
    expect(before.currentState.rkeConfig?.nodes).toHaveLength(3); // input untouched
  });

  it('adds the etcd role to a host already recorded, and drops it (host kept) for one that left', () => {
    const after = withEtcdMembershipChanges(state(), { joined: ['10.0.0.2'], left: ['10.0.0.3'] });
    expect(after.currentState.rkeConfig?.nodes).toEqual([node('10.0.0.1', ['etcd', 'controlplane']), node('10.0.0.2', ['worker', 'etcd']), node('10.0.0.3', [])]);
  });

  it('changes nothing when the member list did not change or no cluster was recorded yet', () => {
    const s = state();
    expect(withEtcdMembershipChanges(s, { joined: [], left: [] })).toBe(s);
    const fresh: FullState = { desiredState: s.desiredState, currentState: {} };
    expect(withEtcdMembershipChanges(fresh, { joined: ['10.0.0.4'], left: [] })).toBe(fresh);
  });
});
