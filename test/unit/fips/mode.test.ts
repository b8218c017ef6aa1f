/** Process FIPS mode: Node's TLS defaults and what Node's own crypto reports (this file's worker only). */
import tls from 'node:tls';
import { getCiphers } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { enableFipsMode, fipsModeEnabled, nodeFipsStatus } from '../../../src/fips/mode.js';
import { FIPS_OPENSSL_CIPHERS } from '../../../src/fips/policy.js';

describe('FIPS mode of the process', () => {
  it('starts off; Node here has no OpenSSL FIPS provider', () => {
    expect(fipsModeEnabled()).toBe(false);
    const s = nodeFipsStatus();
    expect(s.openssl).toBe(process.versions.openssl);
    expect(s.getFips).toBe(0);
    expect(s.opensslFipsProvider).toBe(false);
    expect(s.summary).toContain('without a FIPS provider');
  });

  it('enableFipsMode restricts Node TLS defaults to TLS >= 1.2, AES-GCM suites and NIST curves', () => {
    expect(tls.DEFAULT_CIPHERS).toContain('CHACHA20');
    enableFipsMode();
    expect(fipsModeEnabled()).toBe(true);
    expect(tls.DEFAULT_MIN_VERSION).toBe('TLSv1.2');
    expect(tls.DEFAULT_CIPHERS).toBe(FIPS_OPENSSL_CIPHERS);
    expect(tls.DEFAULT_ECDH_CURVE).toBe('P-256:P-384:P-521');
    // Every suite named is one OpenSSL knows, and a context built from the defaults offers only them.
    const ctx = tls.createSecureContext();
    const offered = (ctx.context as { getCiphers?: () => string[] }).getCiphers?.();
    if (offered) expect(offered.every((c) => /GCM/.test(c))).toBe(true);
    expect(getCiphers().length).toBeGreaterThan(0);
  });

  it('a TLS connection between two FIPS-mode endpoints negotiates an approved suite; ChaCha20-only peers are refused', async () => {
    const { key, cert } = await import('./keys.js').then((m) => m.selfSigned(['-newkey', 'rsa:2048'], 'sha256'));
    const server = tls.createServer({ key, cert });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const connect = (opts: tls.ConnectionOptions) =>
      new Promise<string>((resolve, reject) => {
        const s = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, ...opts }, () => {
          const name = s.getCipher().standardName;
          s.end();
          resolve(name);
        });
        s.on('error', reject);
      });
    try {
      expect(await connect({})).toMatch(/^TLS_AES_(128|256)_GCM_SHA(256|384)$/);
      await expect(connect({ maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-CHACHA20-POLY1305' })).rejects.toThrow();
      await expect(connect({ maxVersion: 'TLSv1.1', minVersion: 'TLSv1' })).rejects.toThrow();
    } finally {
      server.close();
    }
  }, 60_000);
});
