/**
 * SSH authentication and Docker-over-SSH against a real sshd (loopback) and this machine's
 * dockerd: key file, inline key, ~ expansion, encrypted key, ssh-agent, certificates, wrong key,
 * unreachable hosts, docker group membership, strict host keys, pooling.
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostError } from '../../../src/errors.js';
import { HostConnectionPool } from '../../../src/hosts/connection-pool.js';
import type { HostConnectionSpec } from '../../../src/hosts/types.js';
import { freePort, run, Sshd, SshWorkspace, TestUsers, type KeyPair } from './fixtures/sshd.js';

const FAST_RETRY = { attempts: 2, baseDelayMs: 50, maxDelayMs: 100 };

let ws: SshWorkspace;
let sshd: Sshd;
let rootKey: KeyPair;
let otherKey: KeyPair;
let encryptedKey: KeyPair;
let certKey: KeyPair;
let certPath: string;
const users = new TestUsers();
let dockerUser: string;
let plainUser: string;
let agentSocket: string;
let agentPid: number | undefined;

function spec(extra: Partial<HostConnectionSpec> = {}): HostConnectionSpec {
  return { address: sshd.host, port: sshd.port, user: 'root', sshKeyPath: rootKey.privatePath, ...extra };
}

async function expectHostError(p: Promise<unknown>): Promise<HostError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(HostError);
    return err as HostError;
  }
  throw new Error('expected a HostError');
}

beforeAll(async () => {
  ws = await SshWorkspace.create();
  rootKey = await ws.keygen('root');
  otherKey = await ws.keygen('other');
  encryptedKey = await ws.keygen('encrypted', { passphrase: 'correct horse' });
  certKey = await ws.keygen('certified');
  const ca = await ws.keygen('user-ca');
  certPath = await ws.signUserCert(ca, certKey, ['root']);
  await ws.authorize('root', rootKey);
  await ws.authorize('root', encryptedKey);
  dockerUser = await users.create('rketest-docker', { dockerGroup: true });
  plainUser = await users.create('rketest-nodocker', { dockerGroup: false });
  await ws.authorize(dockerUser, otherKey);
  await ws.authorize(plainUser, otherKey);
  sshd = await Sshd.start(ws, 'main', { trustedUserCaKeys: ca.publicPath });

  // An agent holding only `otherKey`, which root's authorized_keys does not list, plus rootKey.
  agentSocket = path.join(ws.dir, 'agent.sock');
  const agent = spawn('ssh-agent', ['-D', '-a', agentSocket], { stdio: 'ignore' });
  agentPid = agent.pid;
  for (let i = 0; i < 100 && !(await readFile(agentSocket).then(() => true, (e) => e.code !== 'ENOENT')); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  await run('ssh-add', [rootKey.privatePath], { env: { ...process.env, SSH_AUTH_SOCK: agentSocket } });
});

afterAll(async () => {
  if (agentPid) process.kill(agentPid, 'SIGTERM');
  await sshd?.stop();
  await users.cleanup();
  await ws?.cleanup();
});

describe('SSH authentication', () => {
  it('connects with a key file and talks to Docker over the forwarded socket', async () => {
    const pool = new HostConnectionPool({ retry: FAST_RETRY });
    try {
      const conn = await pool.connect(spec());
      const info = await conn.docker.info();
      expect(typeof info.ServerVersion).toBe('string');
      expect(pool.stats.sshConnections).toBe(1);
    } finally {
      await pool.closeAll();
    }
  });

  it('expands ~/ in ssh_key_path with $HOME', async () => {
    const pool = new HostConnectionPool({ retry: FAST_RETRY, env: { HOME: ws.dir } });
    try {
      const conn = await pool.connect(spec({ sshKeyPath: '~/root' }));
      await conn.docker.ping();
    } finally {
      await pool.closeAll();
    }
  });

  it('uses an inline ssh_key over ssh_key_path', async () => {
    const pool = new HostConnectionPool({ retry: FAST_RETRY });
    try {
      const inline = await readFile(rootKey.privatePath, 'utf8');
      const conn = await pool.connect(spec({ sshKey: inline, sshKeyPath: '/nonexistent/key' }));
      await conn.docker.ping();
    } finally {
      await pool.closeAll();
    }
  });

  it('fails on an encrypted key without passphrase, naming the key file', async () => {
    const pool = new HostConnectionPool({ retry: FAST_RETRY, env: {} });
    try {
      const err = await expectHostError(pool.connect(spec({ sshKeyPath: encryptedKey.privatePath })));
      expect(err.message).toContain(encryptedKey.privatePath);
      expect(err.message).toContain('encrypted');
      expect(err.message).toContain('RKE_SSH_KEY_PASSPHRASE');
      expect(pool.stats.sshAttempts).toBe(0);
    } finally {
      await pool.closeAll();
    }
  });

  it('decrypts an encrypted key with the passphrase from RKE_SSH_KEY_PASSPHRASE or a callback', async () => {
    const fromEnv = new HostConnectionPool({ retry: FAST_RETRY, env: { RKE_SSH_KEY_PASSPHRASE: 'correct horse' } });
    const asked: string[] = [];
    const fromPrompt = new HostConnectionPool({
      retry: FAST_RETRY,
      passphrase: async (label) => {
        asked.push(label);
        return 'correct horse';
      },
    });
    const wrong = new HostConnectionPool({ retry: FAST_RETRY, env: { RKE_SSH_KEY_PASSPHRASE: 'wrong' } });
    try {
      await (await fromEnv.connect(spec({ sshKeyPath: encryptedKey.privatePath }))).docker.ping();
      await (await fromPrompt.connect(spec({ sshKeyPath: encryptedKey.privatePath }))).docker.ping();
      // A second node with the same key: no second prompt, no second decryption.
      const second = await Sshd.start(ws, 'second');
      try {
        await (await fromPrompt.connect(spec({ sshKeyPath: encryptedKey.privatePath, port: second.port }))).docker.ping();
      } finally {
        await second.stop();
      }
      expect(fromPrompt.stats.sshConnections).toBe(2);
      expect(asked).toEqual([encryptedKey.privatePath]);
      const err = await expectHostError(wrong.connect(spec({ sshKeyPath: encryptedKey.privatePath })));
      expect(err.message).toContain('wrong passphrase');
      expect(err.message).toContain(encryptedKey.privatePath);
    } finally {
      await Promise.all([fromEnv.closeAll(), fromPrompt.closeAll(), wrong.closeAll()]);
    }
  });

  it('authenticates with ssh-agent when ssh_agent_auth is set, without reading the key file', async () => {
    const pool = new HostConnectionPool({ retry: FAST_RETRY, env: { SSH_AUTH_SOCK: agentSocket } });
    try {
      const conn = await pool.connect(spec({ sshAgentAuth: true, sshKeyPath: '/nonexistent/key' }));
      await conn.docker.ping();
    } finally {
      await pool.closeAll();
    }
  });

  it('reports an unusable agent socket clearly', async () => {
    const pool = new HostConnectionPool({ retry: FAST_RETRY, env: { SSH_AUTH_SOCK: path.join(ws.dir, 'no-agent.sock') } });
    try {
      const err = await expectHostError(pool.connect(spec({ sshAgentAuth: true })));
      expect(err.message).toMatch(/SSH Auth socket|ssh-agent/);
      expect(err.message).toContain(`${sshd.host}:${sshd.port}`);
    } finally {
      await pool.closeAll();
    }
  });

  it('logs in with an OpenSSH user certificate (ssh_cert_path and inline ssh_cert)', async () => {
    const pool = new HostConnectionPool({ retry: FAST_RETRY });
    try {
      // certKey is not in authorized_keys: only the CA-signed certificate lets it in.
      const viaPath = await pool.connect(spec({ sshKeyPath: certKey.privatePath, sshCertPath: certPath }));
      await viaPath.docker.ping();
      const inline = await readFile(certPath, 'utf8');
      const viaInline = await pool.connect(spec({ port: String(sshd.port), user: 'root', sshKeyPath: certKey.privatePath, sshCert: inline, dockerSocket: '/var/run/docker.sock' }));
      await viaInline.docker.ping();
      const without = await expectHostError(new HostConnectionPool({ retry: FAST_RETRY }).connect(spec({ sshKeyPath: certKey.privatePath })));
      expect(without.message).toContain('Unable to access node with address');
    } finally {
      await pool.closeAll();
    }
  });

  it('rejects a wrong key with a message naming host, user and key', async () => {
    const pool = new HostConnectionPool({ retry: FAST_RETRY });
    try {
      const err = await expectHostError(pool.connect(spec({ sshKeyPath: otherKey.privatePath })));
      expect(err.message).toContain(`Unable to access node with address [${sshd.host}:${sshd.port}] using SSH`);
      expect(err.message).toContain('user [root]');
      expect(err.message).toContain(otherKey.privatePath);
      expect(err.subject.host).toBe(`${sshd.host}:${sshd.port}`);
      // Authentication failures are final: no retry.
      expect(pool.stats.sshAttempts).toBe(1);
    } finally {
      await pool.closeAll();
    }
  });

  it('reports a missing key file with its path', async () => {
    const pool = new HostConnectionPool({ retry: FAST_RETRY });
    try {
      const err = await expectHostError(pool.connect(spec({ sshKeyPath: '/nonexistent/id_rsa' })));
      expect(err.message).toContain('Error while reading SSH key file [/nonexistent/id_rsa]');
    } finally {
      await pool.closeAll();
    }
  });
});

describe('unreachable hosts', () => {
  it('fails fast on a closed port, after bounded retries', async () => {
    const port = await freePort();
    const pool = new HostConnectionPool({ retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 200 } });
    const started = Date.now();
    try {
      const err = await expectHostError(pool.connect(spec({ port })));
      expect(err.message).toContain(`Failed to dial ssh using address [127.0.0.1:${port}]`);
      expect(err.message).toContain('ECONNREFUSED');
      expect(pool.stats.sshAttempts).toBe(3);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await pool.closeAll();
    }
  });

  it('times out within the connect timeout when the port accepts but never speaks SSH', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as net.AddressInfo).port;
    const pool = new HostConnectionPool({ connectTimeoutMs: 1_500, retry: FAST_RETRY });
    const started = Date.now();
    try {
      const err = await expectHostError(pool.connect(spec({ port })));
      expect(err.message).toContain('Please check if the node is up and is accepting SSH connections');
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(1_400);
      expect(elapsed).toBeLessThan(4_000);
      // A timeout is not retried: a host that does not answer costs one timeout.
      expect(pool.stats.sshAttempts).toBe(1);
      // The failure is remembered for the run: asking again does not dial again.
      await expectHostError(pool.connect(spec({ port })));
      expect(pool.stats.sshAttempts).toBe(1);
    } finally {
      await pool.closeAll();
      silent.close();
    }
  });
});

describe('docker group', () => {
  it('works for a non-root user in the docker group', async () => {
    const pool = new HostConnectionPool({ retry: FAST_RETRY });
    try {
      const conn = await pool.connect(spec({ user: dockerUser, sshKeyPath: otherKey.privatePath }));
      const info = await conn.docker.info();
      expect(info.ServerVersion).toBeTruthy();
    } finally {
      await pool.closeAll();
    }
  });

  it('gives RKE1\'s error for a user outside the docker group, naming user and docker group', async () => {
    const pool = new HostConnectionPool({ retry: FAST_RETRY });
    try {
      const conn = await pool.connect(spec({ user: plainUser, sshKeyPath: otherKey.privatePath }));
      const err = await expectHostError(conn.docker.info());
      // OpenSSH answers "connect failed"; RKE1 (Go) prints it as below.
      expect(err.message).toContain('Unable to access the service on /var/run/docker.sock. The service might be still starting up. Error: ssh: rejected: connect failed (open failed)');
      expect(err.message).toContain(`user [${plainUser}]`);
      expect(err.message).toContain('docker group');
    } finally {
      await pool.closeAll();
    }
  });

  it('names the sshd setting when sshd forbids socket forwarding', async () => {
    const noFwd = await Sshd.start(ws, 'nofwd', { allowStreamLocalForwarding: false });
    const pool = new HostConnectionPool({ retry: FAST_RETRY });
    try {
      const conn = await pool.connect(spec({ port: noFwd.port }));
      const err = await expectHostError(conn.docker.ping());
      // OpenSSH 9 gives the same answer as for a socket the user may not open.
      expect(err.message).toContain('Unable to access the service on /var/run/docker.sock');
      expect(err.message).toContain('AllowStreamLocalForwarding');
    } finally {
      await pool.closeAll();
      await noFwd.stop();
    }
  });
});

describe('host keys', () => {
  it('ignores host keys by default and enforces known_hosts in strict mode', async () => {
    const hostPub = (await readFile(sshd.hostKey.publicPath, 'utf8')).trim().split(/\s+/).slice(0, 2).join(' ');
    const good = path.join(ws.dir, 'known_hosts.good');
    const hashed = path.join(ws.dir, 'known_hosts.hashed');
    const bad = path.join(ws.dir, 'known_hosts.bad');
    await writeFile(good, `[${sshd.host}]:${sshd.port} ${hostPub}\n`);
    await writeFile(hashed, `[${sshd.host}]:${sshd.port} ${hostPub}\n`);
    await run('ssh-keygen', ['-q', '-H', '-f', hashed]);
    const otherPub = otherKey.publicKey.split(/\s+/).slice(0, 2).join(' ');
    await writeFile(bad, `[${sshd.host}]:${sshd.port} ${otherPub}\n`);

    for (const file of [good, hashed]) {
      const pool = new HostConnectionPool({ retry: FAST_RETRY, hostKeys: { mode: 'strict', knownHostsFiles: [file] } });
      await (await pool.connect(spec())).docker.ping();
      await pool.closeAll();
    }
    const mismatch = new HostConnectionPool({ retry: FAST_RETRY, hostKeys: { mode: 'strict', knownHostsFiles: [bad] } });
    const err = await expectHostError(mismatch.connect(spec()));
    expect(err.message).toContain('Host key verification failed');
    expect(err.message).toContain('CHANGED');
    await mismatch.closeAll();
    const unknown = new HostConnectionPool({ retry: FAST_RETRY, hostKeys: { mode: 'strict', knownHostsFiles: [path.join(ws.dir, 'none')] } });
    expect((await expectHostError(unknown.connect(spec()))).message).toContain('no entry in known_hosts');
    await unknown.closeAll();
  });
});

describe('connection pool', () => {
  it('opens exactly one SSH connection per host however many callers and Docker calls', async () => {
    const pool = new HostConnectionPool({ retry: FAST_RETRY });
    try {
      const conns = await Promise.all(Array.from({ length: 10 }, () => pool.connect(spec())));
      expect(new Set(conns).size).toBe(1);
      const conn = conns[0]!;
      await Promise.all(Array.from({ length: 30 }, () => conn.docker.ping()));
      for (let i = 0; i < 20; i++) await (await pool.connect(spec())).docker.listContainers({ all: true });
      expect(pool.stats.sshConnections).toBe(1);
      expect(pool.stats.perTarget.get(`root@${sshd.host}:${sshd.port}`)).toBe(1);
      // The same host as another user is another connection.
      await pool.connect(spec({ user: dockerUser, sshKeyPath: otherKey.privatePath }));
      expect(pool.stats.sshConnections).toBe(2);
    } finally {
      await pool.closeAll();
    }
  });

  it('forwards TCP to an address seen from the node (health checks)', async () => {
    const pool = new HostConnectionPool({ retry: FAST_RETRY });
    try {
      const conn = await pool.connect(spec());
      const stream = await conn.forwardTcp('127.0.0.1', sshd.port);
      const banner = await new Promise<string>((resolve) => stream.once('data', (d: Buffer) => resolve(d.toString())));
      stream.destroy();
      expect(banner).toMatch(/^SSH-2\.0-OpenSSH/);
      const closed = await freePort();
      await expect(conn.forwardTcp('127.0.0.1', closed)).rejects.toThrow(`Unable to access the service on 127.0.0.1:${closed}`);
    } finally {
      await pool.closeAll();
    }
  });

  it('reconnects once, transparently, after the connection drops', async () => {
    const pool = new HostConnectionPool({ retry: FAST_RETRY });
    try {
      const first = await pool.connect(spec());
      await first.docker.ping();
      const lost = first.ssh;
      const closed = new Promise<void>((r) => lost.once('close', () => r()));
      lost.end();
      await closed;
      // The holder of the old HostConnection keeps working; callers asking the pool get the same object.
      await Promise.all([first.docker.ping(), first.docker.ping(), first.docker.listContainers()]);
      expect(first.ssh).not.toBe(lost);
      expect(await pool.connect(spec())).toBe(first);
      expect(pool.stats.sshConnections).toBe(2);
    } finally {
      await pool.closeAll();
    }
  });
});
