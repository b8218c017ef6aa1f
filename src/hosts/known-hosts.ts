/**
 * Host key checking against OpenSSH known_hosts files (pure: text in, verdict out).
 *
 * RKE1 ignores host keys (ssh.InsecureIgnoreHostKey). rke-ts does the same by default so existing
 * setups keep working; `strict` mode (opt-in) refuses hosts whose key is unknown, changed or
 * revoked. Supported: plain and hashed (`|1|salt|hmac`) host names, `[host]:port` for non-22
 * ports, `*`/`?` wildcards and `!` negation, `@revoked`. `@cert-authority` lines are skipped
 * (host certificates are not checked).
 */
import { createHash, createHmac } from 'node:crypto';

export type HostKeyVerdict = 'match' | 'mismatch' | 'unknown' | 'revoked';

export type HostKeyPolicy = { mode: 'ignore' } | { mode: 'strict'; knownHostsFiles: string[] };

interface KnownHostLine {
  marker: '' | '@revoked' | '@cert-authority';
  hosts: string;
  keyType: string;
  keyBlob: Buffer;
}

function parseLine(raw: string): KnownHostLine | undefined {
  const line = raw.trim();
  if (!line || line.startsWith('#')) return undefined;
  const fields = line.split(/\s+/);
  let marker: KnownHostLine['marker'] = '';
  if (fields[0] === '@revoked' || fields[0] === '@cert-authority') {
    marker = fields.shift() as KnownHostLine['marker'];
  }
  const [hosts, keyType, b64] = fields;
  if (!hosts || !keyType || !b64) return undefined;
  return { marker, hosts, keyType, keyBlob: Buffer.from(b64, 'base64') };
}

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

function hashedMatches(entry: string, name: string): boolean {
  const parts = entry.split('|');
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2] ?? '', 'base64');
  const expected = parts[3] ?? '';
  return createHmac('sha1', salt).update(name).digest('base64') === expected;
}

/** Whether the comma-separated host pattern list of a known_hosts line covers `name`. */
export function hostsFieldMatches(hostsField: string, name: string): boolean {
  if (hostsField.startsWith('|')) return hashedMatches(hostsField, name);
  let matched = false;
  for (const pattern of hostsField.split(',')) {
    const negated = pattern.startsWith('!');
    const glob = negated ? pattern.slice(1) : pattern;
    if (globToRegExp(glob).test(name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** Verdict for `keyBlob` presented by `host:port`, given the concatenated known_hosts text. */
export function checkHostKey(knownHostsText: string, host: string, port: number, keyBlob: Buffer): HostKeyVerdict {
  const name = knownHostsName(host, port);
  let sawHost = false;
  let matched = false;
  for (const raw of knownHostsText.split('\n')) {
    const line = parseLine(raw);
    if (!line || line.marker === '@cert-authority') continue;
    if (!hostsFieldMatches(line.hosts, name)) continue;
    const same = line.keyBlob.equals(keyBlob);
    if (line.marker === '@revoked') {
      if (same) return 'revoked';
      continue;
    }
    sawHost = true;
    if (same) matched = true;
  }
  if (matched) return 'match';
  return sawHost ? 'mismatch' : 'unknown';
}

/** `SHA256:<base64 without padding>`, the fingerprint `ssh-keygen -l` prints. */
export function fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

export function hostKeyErrorMessage(verdict: Exclude<HostKeyVerdict, 'match'>, target: string, keyBlob: Buffer, files: string[]): string {
  const fp = fingerprint(keyBlob);
  const where = files.join(', ');
  switch (verdict) {
    case 'unknown':
      return `Host key verification failed for host [${target}]: no entry in known_hosts (${where}); the host presented ${fp}`;
    case 'mismatch':
      return `Host key verification failed for host [${target}]: the host key CHANGED (presented ${fp}, known_hosts ${where} lists another key)`;
    case 'revoked':
      return `Host key verification failed for host [${target}]: the key ${fp} is marked @revoked in ${where}`;
  }
}
