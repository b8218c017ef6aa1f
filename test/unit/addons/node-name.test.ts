import { describe, expect, it } from 'vitest';
import { firstControlPlaneHost, matchNode } from '../../../src/addons/index.js';

describe('addon job node', () => {
  it('takes the first controlplane node in config order', () => {
    expect(
      firstControlPlaneHost({
        nodes: [
          { address: '10.0.0.9', role: ['worker'] },
          { address: '10.0.0.2', internal_address: '192.168.0.2', hostname_override: 'cp-a', role: ['etcd', 'controlplane'] },
          { address: '10.0.0.3', role: ['controlplane'] },
        ],
      }),
    ).toEqual({ hostnameOverride: 'cp-a', internalAddress: '192.168.0.2' });
    expect(firstControlPlaneHost({ nodes: [{ address: 'a', role: ['worker'] }] })).toBeUndefined();
  });

  it('matches the kubernetes.io/hostname label case-insensitively, and InternalIP for external-aws', () => {
    const nodes = [
      { metadata: { name: 'ip-10-0-0-2.ec2.internal', labels: { 'kubernetes.io/hostname': 'ip-10-0-0-2' } }, status: { addresses: [{ type: 'InternalIP', address: '10.0.0.2' }] } },
      { metadata: { name: 'cp-a', labels: { 'kubernetes.io/hostname': 'CP-A' } } },
    ];
    expect(matchNode(nodes, { hostnameOverride: 'cp-a', internalAddress: '' }, '')?.metadata.name).toBe('cp-a');
    expect(matchNode(nodes, { hostnameOverride: 'host-x', internalAddress: '10.0.0.2' }, '')).toBeUndefined();
    expect(matchNode(nodes, { hostnameOverride: 'host-x', internalAddress: '10.0.0.2' }, 'external-aws')?.metadata.name).toBe('ip-10-0-0-2.ec2.internal');
  });
});
