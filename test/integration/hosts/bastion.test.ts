/**
 * bastion_host: nodes reachable only through a jump host. Built from network namespaces on this
 * machine (fixtures/netns.ts): the test process cannot reach the target sshd directly, only
 * through the bastion's sshd, which logs in a different user with a different key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostError } from '../../../src/errors.js';
import { HostConnectionPool } from '../../../src/hosts/connection-pool.js';
import type { BastionSpec, HostConnectionSpec } from '../../../src/hosts/types.js';
import { BASTION_ADDRESS, BastionTopology, TARGET_ADDRESS } from './fixtures/netns.js';
import { Sshd, SshWorkspace, TestUsers, type KeyPair } from './fixtures/sshd.js';

const FAST_RETRY = { attempts: 2, baseDelayMs: 50, maxDelayMs: 100 };

let ws: SshWorkspace;
let topo: BastionTopology;
const users = new TestUsers();
const servers: Sshd[] = [];
let bastionKey: KeyPair;
let nodeKey: KeyPair;
let bastionUser: string;

function bastion(extra: Partial<BastionSpec> = {}): BastionSpec {
  return { address: BASTION_ADDRESS, port: '22', user: bastionUser, sshKeyPath: bastionKey.privatePath, ...extra };
}

function node(port: number, extra: Partial<HostConnectionSpec> = {}): HostConnectionSpec {
  return { address: TARGET_ADDRESS, port, user: 'root', sshKeyPath: nodeKey.privatePath, bastion: bastion(), ...extra };
}

beforeAll(async () => {
  ws = await SshWorkspace.create();
  topo = await BastionTopology.create();
  bastionKey = await ws.keygen('bastion-user');
  nodeKey = await ws.keygen('node-root');
  // The bastion user is not root and not in the docker group: it only forwards.
  bastionUser = await users.create('rketest-bastion', { dockerGroup: false });
  await ws.authorize(bastionUser, bastionKey);
  await ws.authorize('root', nodeKey);
  servers.push(await Sshd.start(ws, 'bastion', { netns: topo.bastionNs, listen: BASTION_ADDRESS, port: 22 }));
  servers.push(await Sshd.start(ws, 'node-a', { netns: topo.targetNs, listen: TARGET_ADDRESS, port: 22 }));
  servers.push(await Sshd.start(ws, 'node-b', { netns: topo.targetNs, listen: TARGET_ADDRESS, port: 2222 }));
});

afterAll(async () => {
  for (const s of servers) await s.stop();
  await topo?.destroy();
  await users.cleanup();
  await ws?.cleanup();
});

describe('bastion host', () => {
  it('cannot reach the nodes directly (the topology is real)', async () => {
    const pool = new HostConnectionPool({ retry: FAST_RETRY, connectTimeoutMs: 3_000 });
    try {
      const started = Date.now();
      const err = await pool.connect({ ...node(22), bastion: undefined }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HostError);
      expect((err as Error).message).toMatch(/EHOSTUNREACH|ENETUNREACH/);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await pool.closeAll();
    }
  });

  it('tunnels every node through one bastion connection and drives Docker on each', async () => {
    const pool = new HostConnectionPool({ retry: FAST_RETRY });
    try {
      const [a, b] = await Promise.all([pool.connect(node(22)), pool.connect(node(2222))]);
      expect(a).not.toBe(b);
      expect((await a!.docker.info()).ServerVersion).toBeTruthy();
      await Promise.all(Array.from({ length: 10 }, () => b!.docker.ping()));
      // 1 bastion + 2 nodes.
      expect(pool.stats.sshConnections).toBe(3);
      expect(pool.stats.perTarget.get(`${bastionUser}@${BASTION_ADDRESS}:22`)).toBe(1);
      expect(pool.stats.perTarget.get(`root@${TARGET_ADDRESS}:22`)).toBe(1);
      expect(pool.stats.perTarget.get(`root@${TARGET_ADDRESS}:2222`)).toBe(1);
      // The node saw the login coming from the bastion's side of the network.
      expect(await servers[1]!.log()).toMatch(/Accepted publickey for root from 10\.231\.2\.1/);
    } finally {
      await pool.closeAll();
    }
  });

  it('names the bastion when the bastion login fails', async () => {
    const pool = new HostConnectionPool({ retry: FAST_RETRY });
    try {
      const err = await pool.connect(node(22, { bastion: bastion({ sshKeyPath: nodeKey.privatePath }) })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HostError);
      expect((err as Error).message).toContain(`Failed to connect to the bastion host [${BASTION_ADDRESS}:22]`);
      expect((err as Error).message).toContain(`user [${bastionUser}]`);
    } finally {
      await pool.closeAll();
    }
  });

  it('names node and bastion when the node is down behind the bastion', async () => {
    const pool = new HostConnectionPool({ retry: FAST_RETRY });
    try {
      const err = await pool.connect(node(2999)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HostError);
      expect((err as Error).message).toContain(`Failed to connect to the host [${TARGET_ADDRESS}:2999] through bastion host [${BASTION_ADDRESS}:22]`);
    } finally {
      await pool.closeAll();
    }
  });

  it('names node, user and bastion when the node login fails', async () => {
    const pool = new HostConnectionPool({ retry: FAST_RETRY });
    try {
      const err = await pool.connect(node(22, { sshKeyPath: bastionKey.privatePath })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HostError);
      const msg = (err as Error).message;
      expect(msg).toContain(`Unable to access node with address [${TARGET_ADDRESS}:22] using SSH`);
      expect(msg).toContain('user [root]');
      expect(msg).toContain(`through bastion host [${BASTION_ADDRESS}:22]`);
    } finally {
      await pool.closeAll();
    }
  });
});
