/**
 * FIPS-mode SSH against a real OpenSSH sshd on loopback: RSA and ECDSA user keys connect and
 * negotiate only approved algorithms (read back from sshd's own debug log); an ed25519 key, an
 * ed25519-only host key, a ChaCha20-only server and an agent holding only ed25519 keys are refused
 * with errors that name the key or host. FIPS mode is process-wide: this file's worker runs with it on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostError } from '../../../src/errors.js';
import { enableFipsMode, fipsModeEnabled } from '../../../src/fips/mode.js';
import { FIPS_SSH_ALGORITHMS } from '../../../src/fips/policy.js';
import { HostConnectionPool } from '../../../src/hosts/connection-pool.js';
import type { HostConnectionSpec } from '../../../src/hosts/types.js';
import { freePort, run, SSHD, SshWorkspace, type KeyPair } from '../hosts/fixtures/sshd.js';

const FAST_RETRY = { attempts: 1, baseDelayMs: 50, maxDelayMs: 100 };

/** A loopback sshd with a chosen host key and optional algorithm restrictions. */
class FipsTestSshd {
  private constructor(
    readonly port: number,
    readonly logFile: string,
    private readonly proc: ChildProcess,
  ) {}

  static async start(ws: SshWorkspace, name: string, hostKey: KeyPair, extra: string[] = []): Promise<FipsTestSshd> {
    const port = await freePort();
    const config = path.join(ws.dir, `${name}.sshd_config`);
    const logFile = path.join(ws.dir, `${name}.log`);
    await writeFile(
      config,
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${hostKey.privatePath}`,
        `PidFile ${path.join(ws.dir, `${name}.pid`)}`,
        `AuthorizedKeysFile ${path.join(ws.dir, 'authorized_keys', '%u')}`,
        'StrictModes no',
        'UsePAM no',
        'PermitRootLogin prohibit-password',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'AllowStreamLocalForwarding yes',
        'LogLevel DEBUG1',
        ...extra,
      ].join('\n') + '\n',
    );
    const proc = spawn(SSHD, ['-D', '-e', '-f', config, '-E', logFile], { stdio: 'ignore' });
    const sshd = new FipsTestSshd(port, logFile, proc);
    for (let i = 0; i < 200; i++) {
      if ((await sshd.log()).includes('Server listening')) return sshd;
      if (proc.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`sshd ${name} did not start: ${await sshd.log()}`);
  }

  log(): Promise<string> {
    return readFile(this.logFile, 'utf8').catch(() => '');
  }

  /**
   * The log once it matches: sshd's per-connection child writes its lines after the client may
   * already have closed, so a read right after disconnect can miss them on a loaded machine.
   */
  async expectLogToMatch(re: RegExp, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let log = await this.log();
    while (!re.test(log) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      log = await this.log();
    }
    expect(log).toMatch(re);
  }

  /** What sshd says it negotiated (debug1 `kex:` lines) for the latest connection. */
  async negotiated(): Promise<{ kex: string; hostKey: string; cipher: string; mac: string }> {
    const log = await this.log();
    const kex = [...log.matchAll(/kex: algorithm: (\S+)/g)].at(-1)?.[1] ?? '';
    const hostKey = [...log.matchAll(/kex: host key algorithm: (\S+)/g)].at(-1)?.[1] ?? '';
    const cs = [...log.matchAll(/kex: client->server cipher: (\S+) MAC: (\S+)/g)].at(-1);
    return { kex, hostKey, cipher: cs?.[1] ?? '', mac: cs?.[2] ?? '' };
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode !== null) return;
    const exited = new Promise((r) => this.proc.once('exit', r));
    this.proc.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3_000))]);
  }
}

let ws: SshWorkspace;
let ecdsaHost: FipsTestSshd;
let ed25519OnlyHost: FipsTestSshd;
let chachaOnlyHost: FipsTestSshd;
let rsaKey: KeyPair;
let ecdsaKey: KeyPair;
let edKey: KeyPair;
const agents: ChildProcess[] = [];

async function startAgent(name: string, keys: KeyPair[]): Promise<string> {
  const socket = path.join(ws.dir, `${name}.sock`);
  const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  agents.push(agent);
  for (let i = 0; i < 100 && !(await readFile(socket).then(() => true, (e) => e.code !== 'ENOENT')); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  for (const k of keys) await run('ssh-add', [k.privatePath], { env: { ...process.env, SSH_AUTH_SOCK: socket } });
  return socket;
}

const spec = (sshd: FipsTestSshd, extra: Partial<HostConnectionSpec>): HostConnectionSpec => ({ address: '127.0.0.1', port: sshd.port, user: 'root', ...extra });

async function connectError(p: Promise<unknown>): Promise<HostError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(HostError);
    return err as HostError;
  }
  throw new Error('expected a HostError');
}

beforeAll(async () => {
  enableFipsMode();
  ws = await SshWorkspace.create();
  rsaKey = await ws.keygen('user-rsa', { type: 'rsa' });
  ecdsaKey = await ws.keygen('user-ecdsa', { type: 'ecdsa' });
  edKey = await ws.keygen('user-ed25519', { type: 'ed25519' });
  for (const k of [rsaKey, ecdsaKey, edKey]) await ws.authorize('root', k);
  ecdsaHost = await FipsTestSshd.start(ws, 'ecdsa-host', await ws.keygen('host-ecdsa', { type: 'ecdsa' }));
  ed25519OnlyHost = await FipsTestSshd.start(ws, 'ed25519-host', await ws.keygen('host-ed25519', { type: 'ed25519' }));
  chachaOnlyHost = await FipsTestSshd.start(ws, 'chacha-host', await ws.keygen('host-rsa', { type: 'rsa' }), ['Ciphers chacha20-poly1305@openssh.com']);
}, 60_000);

afterAll(async () => {
  for (const a of agents) if (a.exitCode === null) a.kill('SIGTERM');
  await Promise.all([ecdsaHost?.stop(), ed25519OnlyHost?.stop(), chachaOnlyHost?.stop()]);
  await ws?.cleanup();
});

describe('SSH in FIPS mode against a real sshd', () => {
  it('connects with an RSA-2048 key and negotiates only approved algorithms', async () => {
    expect(fipsModeEnabled()).toBe(true);
    const pool = new HostConnectionPool({ retry: FAST_RETRY });
    try {
      const conn = await pool.connect(spec(ecdsaHost, { sshKeyPath: rsaKey.privatePath }));
      await conn.docker.ping();
    } finally {
      await pool.closeAll();
    }
    const n = await ecdsaHost.negotiated();
    expect(FIPS_SSH_ALGORITHMS.kex).toContain(n.kex);
    expect(FIPS_SSH_ALGORITHMS.serverHostKey).toContain(n.hostKey);
    expect(FIPS_SSH_ALGORITHMS.cipher).toContain(n.cipher);
    // AES-GCM carries its own MAC; sshd then logs `<implicit>`.
    expect([...FIPS_SSH_ALGORITHMS.hmac, '<implicit>']).toContain(n.mac);
    // The user key was accepted with an RSA SHA-2 signature, never ssh-rsa (SHA-1).
    await ecdsaHost.expectLogToMatch(/Accepted publickey for root from 127\.0\.0\.1 port \d+ ssh2: RSA SHA256:/);
    await ecdsaHost.expectLogToMatch(/rsa-sha2-(256|512)/);
  });

  it('connects with an ECDSA P-256 key', async () => {
    const pool = new HostConnectionPool({ retry: FAST_RETRY });
    try {
      const conn = await pool.connect(spec(ecdsaHost, { sshKeyPath: ecdsaKey.privatePath }));
      await conn.docker.ping();
    } finally {
      await pool.closeAll();
    }
    await ecdsaHost.expectLogToMatch(/Accepted publickey for root from 127\.0\.0\.1 port \d+ ssh2: ECDSA SHA256:/);
  });

  it('refuses an ed25519 user key before dialing, naming the key file and host', async () => {
    const before = (await ecdsaHost.log()).split('Connection from').length;
    const pool = new HostConnectionPool({ retry: FAST_RETRY });
    try {
      const err = await connectError(pool.connect(spec(ecdsaHost, { sshKeyPath: edKey.privatePath })));
      expect(err.message).toContain(`FIPS mode: SSH key [${edKey.privatePath}] for host [127.0.0.1:${ecdsaHost.port}] is refused: key type ssh-ed25519 is not FIPS-approved`);
      expect(err.subject.host).toBe(`127.0.0.1:${ecdsaHost.port}`);
    } finally {
      await pool.closeAll();
    }
    expect((await ecdsaHost.log()).split('Connection from').length).toBe(before);
  });

  it('refuses a server whose only host key is ed25519', async () => {
    const pool = new HostConnectionPool({ retry: FAST_RETRY });
    try {
      const err = await connectError(pool.connect(spec(ed25519OnlyHost, { sshKeyPath: rsaKey.privatePath })));
      expect(err.message).toMatch(new RegExp(`^FIPS mode: host \\[127\\.0\\.0\\.1:${ed25519OnlyHost.port}\\] and rke-ts share no FIPS-approved SSH algorithm`));
      expect(err.message).toContain('host keys [ecdsa-sha2-nistp256');
    } finally {
      await pool.closeAll();
    }
  });

  it('refuses a server that only offers ChaCha20-Poly1305', async () => {
    const pool = new HostConnectionPool({ retry: FAST_RETRY });
    try {
      const err = await connectError(pool.connect(spec(chachaOnlyHost, { sshKeyPath: rsaKey.privatePath })));
      expect(err.message).toMatch(/^FIPS mode: host \[.*\] and rke-ts share no FIPS-approved SSH algorithm/);
    } finally {
      await pool.closeAll();
    }
    await chachaOnlyHost.expectLogToMatch(/no matching cipher found/);
  });

  it('ssh-agent: an ed25519 identity is skipped and the RSA one used; an agent with only ed25519 is refused by name', async () => {
    const both = await startAgent('agent-both', [edKey, rsaKey]);
    const pool = new HostConnectionPool({ retry: FAST_RETRY, env: { ...process.env, SSH_AUTH_SOCK: both } });
    try {
      const conn = await pool.connect(spec(ecdsaHost, { sshAgentAuth: true }));
      await conn.docker.ping();
    } finally {
      await pool.closeAll();
    }
    expect(await ecdsaHost.log()).not.toMatch(/ED25519 SHA256:[^\n]*\n[^\n]*Accepted/);

    const edOnly = await startAgent('agent-ed', [edKey]);
    const pool2 = new HostConnectionPool({ retry: FAST_RETRY, env: { ...process.env, SSH_AUTH_SOCK: edOnly } });
    try {
      const err = await connectError(pool2.connect(spec(ecdsaHost, { sshAgentAuth: true })));
      expect(err.message).toContain(`FIPS mode: ssh-agent identities not offered to host [127.0.0.1:${ecdsaHost.port}]: rke-ts-test-user-ed25519: key type ssh-ed25519 is not FIPS-approved`);
    } finally {
      await pool2.closeAll();
    }
  });
});
