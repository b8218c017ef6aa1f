import { describe, expect, it } from 'vitest';
import type { ClusterConfig } from '../../../src/config/index.js';
import { clusterHostsFromConfig, registriesFromConfig } from '../../../src/hosts/from-config.js';
import { HostConnectionPool } from '../../../src/hosts/connection-pool.js';

describe('cluster.yml → transport inputs', () => {
  const config: ClusterConfig = {
    ssh_key_path: '~/.ssh/cluster_key',
    ssh_agent_auth: false,
    nodes: [
      { address: '10.0.0.1', port: '2222', user: 'rancher', role: ['etcd', 'controlplane'], internal_address: '192.168.0.1', hostname_override: 'cp1' },
      { address: '10.0.0.2', user: 'ubuntu', role: ['worker'], ssh_key: 'INLINE', docker_socket: '/run/docker.sock', ssh_cert_path: '~/c.pub' },
    ],
    bastion_host: { address: 'jump.example', port: '22', user: 'jump', ssh_key_path: '~/.ssh/jump' },
    private_registries: [{ url: 'reg.example:5000', user: 'u', password: 'p', is_default: true }, { user: 'hub', password: 'x' }],
  };

  it('maps nodes, roles, internal addresses and the bastion', () => {
    const hosts = clusterHostsFromConfig(config);
    expect(hosts[0]).toEqual({
      spec: {
        address: '10.0.0.1',
        port: '2222',
        user: 'rancher',
        sshKeyPath: '~/.ssh/cluster_key',
        sshAgentAuth: false,
        bastion: { address: 'jump.example', port: '22', user: 'jump', sshKeyPath: '~/.ssh/jump', sshAgentAuth: false },
      },
      roles: ['etcd', 'controlplane'],
      internalAddress: '192.168.0.1',
      hostnameOverride: 'cp1',
    });
    expect(hosts[1]?.spec).toMatchObject({ sshKey: 'INLINE', dockerSocket: '/run/docker.sock', sshCertPath: '~/c.pub' });
    expect(hosts[1]?.internalAddress).toBe('10.0.0.2');
    expect(HostConnectionPool.keyOf(hosts[0]!.spec)).toBe('rancher@10.0.0.1:2222 via jump@jump.example:22');
  });

  it('maps private registries, an empty url meaning Docker Hub', () => {
    expect(registriesFromConfig(config)).toEqual([
      { url: 'reg.example:5000', user: 'u', password: 'p' },
      { url: 'docker.io', user: 'hub', password: 'x' },
    ]);
  });
});
