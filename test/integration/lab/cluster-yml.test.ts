/** The cluster.yml `lab up` writes: roles per node count, keys RKE reads. Pure (no lab needed). */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderClusterYml } from '../../../lab/src/cluster-yml.js';
import { planNodes } from '../../../lab/src/lab.js';
import { defaultRoles } from '../../../lab/src/roles.js';

describe('lab cluster.yml', () => {
  it('gives sensible roles for 1, 2, 3 and 5 nodes', () => {
    expect(defaultRoles(1)).toEqual([['controlplane', 'etcd', 'worker']]);
    expect(defaultRoles(2)).toEqual([['controlplane', 'etcd', 'worker'], ['worker']]);
    expect(defaultRoles(3)).toEqual([['controlplane', 'etcd', 'worker'], ['etcd', 'worker'], ['etcd', 'worker']]);
    const five = defaultRoles(5);
    expect(five.filter((r) => r.includes('etcd'))).toHaveLength(3);
    expect(five.filter((r) => r.includes('controlplane'))).toHaveLength(1);
    expect(five.every((r) => r.includes('worker'))).toBe(true);
    expect(() => defaultRoles(0)).toThrow(RangeError);
  });

  it('renders nodes with fixed addresses, root + the lab key, flannel, and optionally the lab registry', () => {
    const nodes = planNodes(3);
    const doc = parse(
      renderClusterYml(nodes.map((n) => ({ address: n.address, hostnameOverride: n.name, roles: n.roles })), {
        sshKeyPath: '/var/lib/rke-ts-lab/id_ed25519',
        privateRegistry: true,
      }),
    ) as Record<string, unknown>;
    expect(doc.nodes).toEqual([
      { address: '10.213.0.11', hostname_override: 'lab-node-1', user: 'root', port: '22', ssh_key_path: '/var/lib/rke-ts-lab/id_ed25519', role: ['controlplane', 'etcd', 'worker'] },
      { address: '10.213.0.12', hostname_override: 'lab-node-2', user: 'root', port: '22', ssh_key_path: '/var/lib/rke-ts-lab/id_ed25519', role: ['etcd', 'worker'] },
      { address: '10.213.0.13', hostname_override: 'lab-node-3', user: 'root', port: '22', ssh_key_path: '/var/lib/rke-ts-lab/id_ed25519', role: ['etcd', 'worker'] },
    ]);
    expect(doc.network).toEqual({ plugin: 'flannel' });
    expect(doc.ingress).toEqual({ provider: 'none' });
    expect(doc.private_registries).toEqual([{ url: '10.213.0.2:5000', is_default: true }]);
    expect(doc).not.toHaveProperty('kubernetes_version');
  });
});
