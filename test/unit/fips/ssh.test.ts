/** SSH algorithm lists and key handling in FIPS mode (pure parts; the real sshd is in test/integration/hosts). */
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { FIPS_SSH_ALGORITHMS } from '../../../src/fips/policy.js';
import { fipsSigningKey, fipsSshAlgorithms, fipsSshSession, rsaBitsOfSshBlob, sshKeyFacts } from '../../../src/fips/ssh.js';
import { HostError } from '../../../src/errors.js';
import { sshKey } from './keys.js';

const parse = (text: string): ParsedKey => {
  const k = ssh2.utils.parseKey(text);
  if (k instanceof Error) throw k;
  return Array.isArray(k) ? k[0]! : k;
};

describe('FIPS SSH algorithms', () => {
  const all = Object.values(fipsSshAlgorithms()).flat() as string[];

  it('offer no curve25519, ed25519, chacha20, SHA-1, MD5, DSA or CBC', () => {
    for (const banned of [/25519/, /chacha/i, /sha1/, /md5/, /ssh-dss/, /^ssh-rsa$/, /cbc/, /ripemd/]) {
      expect(all.filter((a) => banned.test(a)), String(banned)).toEqual([]);
    }
  });

  it('are all supported by this ssh2 (so none is silently dropped)', () => {
    // ssh2 throws on unsupported names when a client is configured with them.
    const tryConnect = (algorithms: ssh2.Algorithms) => {
      const client = new ssh2.Client();
      client.on('error', () => undefined);
      try {
        client.connect({ host: '127.0.0.1', port: 1, username: 'x', algorithms, readyTimeout: 1 });
      } finally {
        client.end();
      }
    };
    expect(() => tryConnect({ cipher: ['no-such-cipher' as never] })).toThrow(/Unsupported algorithm/);
    expect(() => tryConnect(fipsSshAlgorithms())).not.toThrow();
    expect(all.length).toBe(Object.values(FIPS_SSH_ALGORITHMS).flat().length);
  });
});

describe('FIPS SSH keys', () => {
  it('reads the RSA modulus size from the public blob and from the private key', () => {
    const k = parse(sshKey('rsa', 2048));
    expect(rsaBitsOfSshBlob(k.getPublicSSH())).toBe(2048);
    expect(sshKeyFacts(k)).toEqual({ type: 'ssh-rsa', rsaBits: 2048 });
    const pub = parse(`ssh-rsa ${k.getPublicSSH().toString('base64')}`);
    expect(sshKeyFacts(pub)).toEqual({ type: 'ssh-rsa', rsaBits: 2048 });
  });

  it('fipsSshSession refuses an ed25519 key before dialing, naming key file and host', () => {
    const key = parse(sshKey('ed25519'));
    expect(() => fipsSshSession({ kind: 'key', username: 'rke', key, keyLabel: '/keys/id_ed25519' }, '10.0.0.5:22')).toThrow(HostError);
    expect(() => fipsSshSession({ kind: 'key', username: 'rke', key, keyLabel: '/keys/id_ed25519' }, '10.0.0.5:22')).toThrow(
      'FIPS mode: SSH key [/keys/id_ed25519] for host [10.0.0.5:22] is refused: key type ssh-ed25519 is not FIPS-approved (use RSA >= 2048 bits or ECDSA P-256/P-384/P-521)',
    );
  });

  it('the signing key refuses SHA-1 (ssh-rsa) and signs with SHA-256/512', () => {
    const key = parse(sshKey('rsa', 2048));
    const refusals: string[] = [];
    const wrapped = fipsSigningKey(key, 'h:22', (m) => refusals.push(m));
    const sig1 = wrapped.sign(Buffer.from('data'), 'sha1') as unknown;
    expect(sig1).toBeInstanceOf(Error);
    expect(refusals[0]).toMatch(/did not announce rsa-sha2-256\/rsa-sha2-512/);
    const sig256 = wrapped.sign(Buffer.from('data'), 'sha256');
    expect(Buffer.isBuffer(sig256)).toBe(true);
    expect(key.verify(Buffer.from('data'), sig256, 'sha256')).toBe(true);
    expect(wrapped.type).toBe('ssh-rsa');
    expect(wrapped.getPublicSSH().equals(key.getPublicSSH())).toBe(true);
  });

  it('explains a handshake that found no common algorithm', () => {
    const s = fipsSshSession({ kind: 'key', username: 'rke', key: parse(sshKey('ecdsa', 256)), keyLabel: 'k' }, 'h:22');
    expect(s.explainHandshake(new Error('Handshake failed: no matching host key format'))).toMatch(/^FIPS mode: host \[h:22\] and rke-ts share no FIPS-approved SSH algorithm/);
    expect(s.explainHandshake(new Error('connect ECONNREFUSED'))).toBeUndefined();
  });
});
