import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostError } from '../../../src/errors.js';
import { isCertificateKey, parseCertificateLine } from '../../../src/hosts/ssh-cert-auth.js';
import { expandHome, resolveAuth, type CredentialContext } from '../../../src/hosts/ssh-credentials.js';

let dir: string;
let plain: string;
let encrypted: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'rke-ts-cred-'));
  plain = ssh2.utils.generateKeyPairSync('ed25519').private;
  encrypted = ssh2.utils.generateKeyPairSync('ed25519', { passphrase: 'pw', cipher: 'aes256-ctr', rounds: 4 }).private;
  writeFileSync(path.join(dir, 'id_ed25519'), plain);
  writeFileSync(path.join(dir, 'enc'), encrypted);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ctx = (env: NodeJS.ProcessEnv = {}, passphrase?: string): CredentialContext => ({ target: 'n1:22', env, passphrase: () => passphrase });

describe('SSH credentials', () => {
  it('expands only a leading ~/ with HOME', () => {
    expect(expandHome('~/.ssh/id_rsa', { HOME: '/home/me' })).toBe('/home/me/.ssh/id_rsa');
    expect(expandHome('/abs/~/x', { HOME: '/home/me' })).toBe('/abs/~/x');
    expect(expandHome('~other/x', { HOME: '/home/me' })).toBe('~other/x');
  });

  it('prefers the agent, then the inline key, then the key file; user defaults to root', async () => {
    const agent = await resolveAuth({ sshAgentAuth: true, sshKeyPath: '/nope' }, ctx({ SSH_AUTH_SOCK: '/tmp/agent.sock' }));
    expect(agent).toEqual({ kind: 'agent', socket: '/tmp/agent.sock', username: 'root' });
    // ssh_agent_auth without SSH_AUTH_SOCK falls back to keys.
    const fallback = await resolveAuth({ sshAgentAuth: true, sshKeyPath: '~/id_ed25519', user: 'rancher' }, ctx({ HOME: dir }));
    expect(fallback).toMatchObject({ kind: 'key', keyLabel: path.join(dir, 'id_ed25519'), username: 'rancher', certificate: false });
    const inline = await resolveAuth({ sshKey: plain, sshKeyPath: '/nope' }, ctx());
    expect(inline).toMatchObject({ kind: 'key', keyLabel: 'inline ssh_key of n1:22' });
  });

  it('names the file when it cannot be read, and asks for a passphrase only when needed', async () => {
    await expect(resolveAuth({ sshKeyPath: path.join(dir, 'missing') }, ctx())).rejects.toThrow(`Error while reading SSH key file [${path.join(dir, 'missing')}] for host [n1:22]: no such file`);
    await expect(resolveAuth({}, ctx())).rejects.toThrow('No SSH key configured for host [n1:22]');
    const err = await resolveAuth({ sshKeyPath: path.join(dir, 'enc') }, ctx()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostError);
    expect((err as HostError).subject.file).toBe(path.join(dir, 'enc'));
    expect((err as Error).message).toContain('is encrypted and no passphrase was given');
    await expect(resolveAuth({ sshKeyPath: path.join(dir, 'enc') }, ctx({}, 'bad'))).rejects.toThrow('wrong passphrase');
    expect(await resolveAuth({ sshKeyPath: path.join(dir, 'enc') }, ctx({}, 'pw'))).toMatchObject({ kind: 'key' });
    await expect(resolveAuth({ sshKey: 'not a key' }, ctx())).rejects.toThrow('Please check if the configured key or specified key file is a valid SSH Private Key');
  });

  it('attaches a certificate of the same key type and rejects others', async () => {
    const pub = ssh2.utils.parseKey(plain);
    if (pub instanceof Error || Array.isArray(pub)) throw new Error('key');
    // A syntactically valid certificate blob: string type, then arbitrary fields.
    const type = 'ssh-ed25519-cert-v01@openssh.com';
    const blob = Buffer.concat([Buffer.from([0, 0, 0, type.length]), Buffer.from(type), Buffer.alloc(8)]);
    const line = `${type} ${blob.toString('base64')} user@host`;
    expect(parseCertificateLine(line).type).toBe(type);
    const auth = await resolveAuth({ sshKey: plain, sshCert: line }, ctx());
    expect(auth.kind === 'key' && auth.certificate && isCertificateKey(auth.key)).toBe(true);
    if (auth.kind === 'key') {
      expect(auth.key.type).toBe(type);
      expect(auth.key.getPublicSSH().equals(blob)).toBe(true);
      expect(auth.key.isPrivateKey()).toBe(true);
    }
    const rsaType = 'ssh-rsa-cert-v01@openssh.com';
    const rsaBlob = Buffer.concat([Buffer.from([0, 0, 0, rsaType.length]), Buffer.from(rsaType)]);
    await expect(resolveAuth({ sshKey: plain, sshCert: `${rsaType} ${rsaBlob.toString('base64')}` }, ctx())).rejects.toThrow(
      'does not match the private key type ssh-ed25519',
    );
    await expect(resolveAuth({ sshKey: plain, sshCert: 'ssh-ed25519 AAAA' }, ctx())).rejects.toThrow('Unable to parse SSH certificate [inline ssh_cert of n1:22]');
    await expect(resolveAuth({ sshKey: plain, sshCertPath: path.join(dir, 'nocert') }, ctx())).rejects.toThrow('Error while reading SSH certificate file');
  });
});
