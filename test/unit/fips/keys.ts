/** Test keys and certificates made with the real tools (ssh-keygen, openssl): nothing hard-coded. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** An unencrypted OpenSSH private key of the given ssh-keygen type/size. */
export function sshKey(type: 'ed25519' | 'rsa' | 'ecdsa' | 'dsa', bits?: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fips-key-'));
  try {
    const file = path.join(dir, 'id');
    execFileSync('ssh-keygen', ['-q', '-t', type, ...(bits ? ['-b', String(bits)] : []), '-N', '', '-C', `test-${type}`, '-f', file]);
    return readFileSync(file, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A self-signed certificate and its key from openssl (`keyArgs` e.g. ['-newkey', 'rsa:1024'], digest e.g. 'sha1'). */
export function selfSigned(keyArgs: string[], digest?: string): { cert: string; key: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'fips-cert-'));
  try {
    const cert = path.join(dir, 'c.pem');
    const key = path.join(dir, 'k.pem');
    execFileSync('openssl', ['req', '-x509', ...keyArgs, ...(digest ? [`-${digest}`] : []), '-nodes', '-subj', '/CN=fips-test', '-days', '1', '-keyout', key, '-out', cert], { stdio: 'pipe' });
    return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
