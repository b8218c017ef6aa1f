import { describe, expect, it } from 'vitest';
import { checkHostKey, fingerprint, hostsFieldMatches, knownHostsName } from '../../../src/hosts/known-hosts.js';

// Produced by `ssh-keygen -H` (OpenSSH 9.2) for `[node1.example]:2222` and `10.0.0.5` with the key below.
const KEY_B64 = 'AAAAC3NzaC1lZDI1NTE5AAAAIF30Nl9xQTmG30xLaVlTRYzWUc0iHNAT8CmhSaapWQEo';
const KEY = Buffer.from(KEY_B64, 'base64');
const OTHER = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIC/hRaBGmYbwRrlN4hSC7Y3IkfMu5ukmgeUXDwAhqqJp', 'base64');
const HASHED = [
  `|1|VHJhXl4UfGUtZCJdjmZDf5HbtWw=|CInpwOSCLjyaGHZtM+eAT4veXXE= ssh-ed25519 ${KEY_B64}`,
  `|1|3fzplHdZkg0pmmkAdZFsBDNfv44=|yfbKGJgYMWxYFm9QV5sJ8oVIvtU= ssh-ed25519 ${KEY_B64}`,
].join('\n');

describe('known_hosts', () => {
  it('looks hosts up as OpenSSH names them', () => {
    expect(knownHostsName('10.0.0.5', 22)).toBe('10.0.0.5');
    expect(knownHostsName('node1.example', 2222)).toBe('[node1.example]:2222');
  });

  it('matches hashed entries produced by ssh-keygen -H', () => {
    expect(checkHostKey(HASHED, 'node1.example', 2222, KEY)).toBe('match');
    expect(checkHostKey(HASHED, '10.0.0.5', 22, KEY)).toBe('match');
    expect(checkHostKey(HASHED, '10.0.0.5', 22, OTHER)).toBe('mismatch');
    // Same host on another port is another entry.
    expect(checkHostKey(HASHED, 'node1.example', 22, KEY)).toBe('unknown');
    expect(checkHostKey(HASHED, '10.0.0.6', 22, KEY)).toBe('unknown');
  });

  it('supports plain names, lists, wildcards, negation, comments and @revoked', () => {
    const text = [
      '# comment',
      `node-*.lab,!node-9.lab ssh-ed25519 ${KEY_B64}`,
      `10.0.0.? ssh-ed25519 ${KEY_B64}`,
      `@revoked * ssh-ed25519 ${OTHER.toString('base64')}`,
      `@cert-authority *.lab ssh-ed25519 ${OTHER.toString('base64')}`,
    ].join('\n');
    expect(checkHostKey(text, 'node-1.lab', 22, KEY)).toBe('match');
    expect(checkHostKey(text, 'NODE-2.LAB', 22, KEY)).toBe('match');
    expect(checkHostKey(text, 'node-9.lab', 22, KEY)).toBe('unknown');
    expect(checkHostKey(text, '10.0.0.7', 22, KEY)).toBe('match');
    expect(checkHostKey(text, '10.0.0.17', 22, KEY)).toBe('unknown');
    expect(checkHostKey(text, 'node-1.lab', 22, OTHER)).toBe('revoked');
    expect(hostsFieldMatches('a,b,c', 'b')).toBe(true);
    expect(hostsFieldMatches('a.b', 'aXb')).toBe(false);
  });

  it('prints fingerprints like ssh-keygen -l', () => {
    expect(fingerprint(KEY)).toBe('SHA256:lFZdJY8HZbT9BqDeJ5p9rYTZ6sgvNRy/RlhclHPr2ws');
  });
});
