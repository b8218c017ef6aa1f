/**
 * The transport on lab nodes (real sshd + real dockerd per node, lab/README.md): facts from three
 * engines, one connection per node, a bastion across the lab network, port checks between
 * separate engines. Uses the running lab when it has ≥ 3 nodes, else brings one up (fails with the
 * reason when the lab images are missing: run scripts/lab prepare).
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Logger } from '../../../src/log/logger.js';
import { HostConnectionPool } from '../../../src/hosts/connection-pool.js';
import { checkClusterPorts } from '../../../src/hosts/port-check.js';
import { tunnelHosts } from '../../../src/hosts/tunnel.js';
import type { ClusterHost, HostConnectionSpec, HostRole } from '../../../src/hosts/types.js';
import { labUp, readLabInfo, type LabInfo } from '../../../lab/src/lab.js';
import { ensureTestImage } from './fixtures/test-image.js';

let lab: LabInfo;
let image: string;
const pool = new HostConnectionPool({ retry: { attempts: 3, baseDelayMs: 200, maxDelayMs: 1_000 } });

function spec(i: number, extra: Partial<HostConnectionSpec> = {}): HostConnectionSpec {
  const node = lab.nodes[i]!;
  return { address: node.address, port: 22, user: 'root', sshKeyPath: lab.sshKeyPath, ...extra };
}

function clusterHosts(): ClusterHost[] {
  return lab.nodes.slice(0, 3).map((n, i) => ({ spec: spec(i), roles: n.roles as HostRole[], internalAddress: n.address }));
}

beforeAll(async () => {
  const existing = await readLabInfo();
  lab = existing && existing.nodes.length >= 3 ? existing : await labUp({ nodes: 3 });
  image = await ensureTestImage();
});

afterAll(async () => {
  await pool.closeAll();
});

describe('lab nodes', () => {
  it('opens all nodes in parallel, one connection each, and reads their facts', async () => {
    const hosts = clusterHosts();
    const res = await tunnelHosts(pool, hosts, { supportedDockerVersions: ['20.10.x', '23.0.x', '24.0.x', '25.0.x', '26.0.x', '26.1.x', '27.0.x'], ignoreDockerVersion: false });
    expect(res.inactive).toEqual([]);
    expect(res.active).toHaveLength(3);
    for (const [i, a] of res.active.entries()) {
      expect(a.facts.hostname).toBe(lab.nodes[i]!.name);
      expect(a.facts.addresses).toContain(lab.nodes[i]!.address);
      expect(a.facts.operatingSystem).toMatch(/Debian/);
    }
    // Later phases ask again: same connections.
    for (const h of hosts) await (await pool.connect(h.spec)).docker.ping();
    for (const h of hosts) expect(pool.stats.perTarget.get(`root@${h.spec.address}:22`)).toBe(1);
  });

  it('reaches nodes 2 and 3 through node 1 as bastion host', async () => {
    const bastionPool = new HostConnectionPool();
    try {
      const bastion = { address: lab.nodes[0]!.address, port: '22', user: 'root', sshKeyPath: lab.sshKeyPath };
      const [n2, n3] = await Promise.all([bastionPool.connect(spec(1, { bastion })), bastionPool.connect(spec(2, { bastion }))]);
      expect((await n2!.docker.info()).Name).toBe(lab.nodes[1]!.name);
      expect((await n3!.docker.info()).Name).toBe(lab.nodes[2]!.name);
      expect(bastionPool.stats.sshConnections).toBe(3);
      // Node 2's sshd saw the login come from node 1, not from this machine.
      const sshdLog = await n2!.exec('tail -n 50 /var/log/sshd.log');
      expect(sshdLog.stdout).toContain(`Accepted publickey for root from ${lab.nodes[0]!.address}`);
    } finally {
      await bastionPool.closeAll();
    }
  });

  it('runs the port checks between three separate engines', async () => {
    const hosts = clusterHosts();
    const active = await Promise.all(hosts.map(async (host) => ({ host, connection: await pool.connect(host.spec) })));
    // Give each node the check image over the SSH transport itself (docker save → /images/load).
    for (const { connection } of active) {
      if (await connection.docker.imageExists(image)) continue;
      const save = spawn('docker', ['save', image], { stdio: ['ignore', 'pipe', 'inherit'] });
      await connection.docker.loadImage(save.stdout);
      expect(await connection.docker.imageExists(image)).toBe(true);
    }
    const lines: string[] = [];
    await checkClusterPorts(active, { image, retryDelayMs: 1_000, log: new Logger('info', { write: (l) => lines.push(l) }) });
    const text = lines.join('');
    expect(text).toContain('[network] Running etcd <-> etcd port checks');
    expect(text).toContain(`can connect to host(s) [${lab.nodes.slice(0, 3).filter((n) => n.roles.includes('etcd')).map((n) => n.address).join(' ')}] on port(s) [2379 2380]`);
    expect(text).toContain('[network] Running workers -> control plane port checks');
    expect(text).toContain('[network] Port listener containers removed successfully');
  });
});
