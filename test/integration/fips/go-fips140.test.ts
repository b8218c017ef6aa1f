/**
 * The lab's FIPS switch (LAB_FIPS=1 in lab/images/lib.sh go_build) gives a Go binary in FIPS 140-3
 * mode: built twice from the same source (test/integration/fips/probe), the default build reports
 * crypto/fips140.Enabled()=false and accepts ChaCha20-Poly1305 and X25519; the FIPS build reports
 * true, carries GOFIPS140/DefaultGODEBUG=fips140=on, and refuses both. Go builds are cached
 * ($LAB_CACHE/build and $LAB_CACHE/fips/build), so a second run costs seconds.
 */
import { execFile as execFileCb, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const execFile = promisify(execFileCb);
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const PROBE_DIR = path.join(REPO, 'test/integration/fips/probe');
const LAB_CACHE = process.env.LAB_CACHE ?? '/var/cache/rke-ts';

/** Builds the probe through lib.sh's go_build; returns the binary path. */
async function buildProbe(fips: boolean): Promise<string> {
  const env = { ...process.env, LAB_FIPS: fips ? '1' : '0' };
  await execFile('bash', ['-c', `source lab/images/lib.sh && go_build fips-probe "${PROBE_DIR}" .`], {
    cwd: REPO,
    env,
    maxBuffer: 1 << 20,
  });
  return path.join(LAB_CACHE, fips ? 'fips/build/fips-probe' : 'build/fips-probe');
}

let defaultBin: string;
let fipsBin: string;
let certDir: string;
const servers: ChildProcess[] = [];

async function serve(bin: string): Promise<number> {
  const proc = spawn(bin, ['serve', '127.0.0.1:0', path.join(certDir, 'c.pem'), path.join(certDir, 'k.pem')], { stdio: ['ignore', 'pipe', 'pipe'] });
  servers.push(proc);
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    proc.on('exit', (code) => reject(new Error(`probe exited ${code}: ${out}`)));
  });
}

/** Handshake result: the negotiated suite and group, or the error. */
function handshake(port: number, opts: tls.ConnectionOptions): Promise<{ suite: string } | { error: string }> {
  return new Promise((resolve) => {
    const s = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, ...opts }, () => {
      resolve({ suite: s.getCipher().standardName });
      s.end();
    });
    s.on('error', (e) => resolve({ error: e.message }));
  });
}

beforeAll(async () => {
  defaultBin = await buildProbe(false);
  fipsBin = await buildProbe(true);
  certDir = mkdtempSync(path.join(tmpdir(), 'fips-probe-'));
  await execFile('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-sha256', '-nodes', '-subj', '/CN=127.0.0.1', '-days', '1', '-keyout', path.join(certDir, 'k.pem'), '-out', path.join(certDir, 'c.pem')]);
}, 300_000);

afterAll(() => {
  for (const s of servers) if (s.exitCode === null) s.kill('SIGTERM');
  if (certDir) rmSync(certDir, { recursive: true, force: true });
});

describe('Go FIPS 140-3 builds from the lab switch', () => {
  it('the FIPS build reports fips140.Enabled()=true, the default build false', async () => {
    expect((await execFile(defaultBin, [])).stdout.trim()).toBe('fips140.Enabled=false');
    expect((await execFile(fipsBin, [])).stdout.trim()).toBe('fips140.Enabled=true');
  });

  it('the FIPS build carries GOFIPS140 v1.0.0 and DefaultGODEBUG=fips140=on in its build info; the default build does not', async () => {
    const fipsInfo = (await execFile('go', ['version', '-m', fipsBin])).stdout;
    expect(fipsInfo).toMatch(/\bbuild\tGOFIPS140=v1\.0\.0(-[0-9a-f]+)?\n/);
    expect(fipsInfo).toMatch(/\bbuild\tDefaultGODEBUG=[^\n]*fips140=on/);
    const defaultInfo = (await execFile('go', ['version', '-m', defaultBin])).stdout;
    expect(defaultInfo).not.toMatch(/GOFIPS140|fips140=on/);
    // The switch keeps the two sets apart: separate cache folders, each with its own inputs stamp.
    expect(readFileSync(`${defaultBin}.inputs`, 'utf8')).not.toBe(readFileSync(`${fipsBin}.inputs`, 'utf8'));
  });

  it('crypto/tls in the FIPS build refuses ChaCha20-Poly1305 and X25519; the default build accepts them', async () => {
    const [plain, fips] = [await serve(defaultBin), await serve(fipsBin)];
    const chacha13: tls.ConnectionOptions = { minVersion: 'TLSv1.3', ciphers: 'TLS_CHACHA20_POLY1305_SHA256' };
    const chacha12: tls.ConnectionOptions = { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-CHACHA20-POLY1305' };
    const x25519: tls.ConnectionOptions = { ecdhCurve: 'X25519' };

    expect(await handshake(plain, chacha13)).toEqual({ suite: 'TLS_CHACHA20_POLY1305_SHA256' });
    expect(await handshake(plain, chacha12)).toEqual({ suite: 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256' });
    expect(await handshake(plain, x25519)).toHaveProperty('suite');

    for (const opts of [chacha13, chacha12, x25519]) {
      expect(await handshake(fips, opts)).toEqual({ error: expect.stringMatching(/handshake failure|alert/i) });
    }
    expect(await handshake(fips, { ecdhCurve: 'P-256' })).toEqual({ suite: expect.stringMatching(/^TLS_AES_(128|256)_GCM_SHA(256|384)$/) });
  });
});
