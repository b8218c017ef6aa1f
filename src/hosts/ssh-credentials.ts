/**
 * Turns cluster.yml SSH settings into ssh2 authentication methods, with errors that name the key
 * file and the host. Order of precedence follows RKE1 (hosts/dialer.go): agent when
 * `ssh_agent_auth` is set and SSH_AUTH_SOCK is present (keys are then not read), else the inline
 * key, else the key file; the certificate (inline, else file) is attached to the key.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';
import { HostError } from '../errors.js';
import { certificateKey, type CertificateKey } from './ssh-cert-auth.js';
import type { SshCredentials } from './types.js';

/** Asked for the passphrase of an encrypted key; `keyLabel` is the file path or "inline ssh_key of <host>". */
export type PassphraseSource = (keyLabel: string) => string | undefined | Promise<string | undefined>;

/** Environment variable read by the default passphrase source. */
export const PASSPHRASE_ENV = 'RKE_SSH_KEY_PASSPHRASE';

export const envPassphrase =
  (env: NodeJS.ProcessEnv = process.env): PassphraseSource =>
  () =>
    env[PASSPHRASE_ENV] || undefined;

export interface CredentialContext {
  /** `address:port` of the SSH target, for messages. */
  target: string;
  env: NodeJS.ProcessEnv;
  passphrase: PassphraseSource;
  /**
   * Keys already decrypted in this run, by key text: a cluster usually shares one key, and an
   * encrypted key should cost one passphrase prompt and one (slow, bcrypt) decryption, not one per node.
   */
  keyCache?: Map<string, ParsedKey>;
}

export type ResolvedAuth =
  | { kind: 'agent'; socket: string; username: string }
  | { kind: 'key'; key: ParsedKey | CertificateKey; keyLabel: string; username: string; certificate: boolean };

/** Expands a leading `~/` with $HOME, like RKE1 (only `~/`, not `~user/`). */
export function expandHome(p: string, env: NodeJS.ProcessEnv): string {
  if (p === '~') return homeDir(env);
  if (p.startsWith('~/')) return path.join(homeDir(env), p.slice(2));
  return p;
}

function homeDir(env: NodeJS.ProcessEnv): string {
  if (env.HOME) return env.HOME;
  if (env.HOMEDRIVE && env.HOMEPATH) return env.HOMEDRIVE + env.HOMEPATH;
  return env.USERPROFILE ?? '';
}

const ENCRYPTED_NO_PASSPHRASE = /no passphrase given/i;
const BAD_PASSPHRASE = /bad passphrase|bad decrypt|integrity check failed/i;

async function readText(file: string, what: 'key' | 'certificate', ctx: CredentialContext): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new HostError(
      `Error while reading SSH ${what} file [${file}] for host [${ctx.target}]: ${reason}`,
      { host: ctx.target, file },
      { cause: err },
    );
  }
}

/** Parses a private key, asking for a passphrase when it is encrypted. */
export async function parsePrivateKey(text: string, keyLabel: string, ctx: CredentialContext): Promise<ParsedKey> {
  let parsed = ssh2.utils.parseKey(text);
  if (parsed instanceof Error && ENCRYPTED_NO_PASSPHRASE.test(parsed.message)) {
    const passphrase = await ctx.passphrase(keyLabel);
    if (!passphrase) {
      throw new HostError(
        `Unable to access node with address [${ctx.target}] using SSH: the private key [${keyLabel}] is encrypted ` +
          `and no passphrase was given. Set ${PASSPHRASE_ENV}, or load the key into ssh-agent and use ` +
          '`ssh_agent_auth: true` in the configuration file or --ssh-agent-auth (uses SSH_AUTH_SOCK)',
        { host: ctx.target, file: keyLabel },
      );
    }
    parsed = ssh2.utils.parseKey(text, passphrase);
    if (parsed instanceof Error && BAD_PASSPHRASE.test(parsed.message)) {
      throw new HostError(
        `Unable to access node with address [${ctx.target}] using SSH: wrong passphrase for the private key [${keyLabel}]`,
        { host: ctx.target, file: keyLabel },
      );
    }
  }
  if (parsed instanceof Error) {
    throw new HostError(
      `Unable to access node with address [${ctx.target}] using SSH. Please check if the configured key or ` +
        `specified key file is a valid SSH Private Key. Error: ${parsed.message} (key [${keyLabel}])`,
      { host: ctx.target, file: keyLabel },
    );
  }
  const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey) : parsed;
  if (!key.isPrivateKey()) {
    throw new HostError(
      `Unable to access node with address [${ctx.target}] using SSH. Please check if the configured key or ` +
        `specified key file is a valid SSH Private Key. Error: [${keyLabel}] holds a public key, not a private key`,
      { host: ctx.target, file: keyLabel },
    );
  }
  return key;
}

/** Resolves how to authenticate as `creds.user` on `ctx.target`. Reads files; no network. */
export async function resolveAuth(creds: SshCredentials, ctx: CredentialContext): Promise<ResolvedAuth> {
  const username = creds.user || 'root';
  const agentSocket = ctx.env.SSH_AUTH_SOCK;
  if (creds.sshAgentAuth && agentSocket) {
    return { kind: 'agent', socket: agentSocket, username };
  }

  let keyText: string;
  let keyLabel: string;
  if (creds.sshKey) {
    keyText = creds.sshKey;
    keyLabel = `inline ssh_key of ${ctx.target}`;
  } else {
    if (!creds.sshKeyPath) {
      throw new HostError(
        `No SSH key configured for host [${ctx.target}]: set ssh_key, ssh_key_path, or ssh_agent_auth with SSH_AUTH_SOCK`,
        { host: ctx.target },
      );
    }
    keyLabel = expandHome(creds.sshKeyPath, ctx.env);
    keyText = await readText(keyLabel, 'key', ctx);
  }
  const cacheKey = createHash('sha256').update(keyText).digest('hex');
  let privateKey = ctx.keyCache?.get(cacheKey);
  if (!privateKey) {
    privateKey = await parsePrivateKey(keyText, keyLabel, ctx);
    ctx.keyCache?.set(cacheKey, privateKey);
  }

  let certText: string | undefined;
  let certLabel = `inline ssh_cert of ${ctx.target}`;
  if (creds.sshCert) {
    certText = creds.sshCert;
  } else if (creds.sshCertPath) {
    certLabel = expandHome(creds.sshCertPath, ctx.env);
    certText = await readText(certLabel, 'certificate', ctx);
  }
  if (certText === undefined) {
    return { kind: 'key', key: privateKey, keyLabel, username, certificate: false };
  }
  try {
    return { kind: 'key', key: certificateKey(privateKey, certText), keyLabel, username, certificate: true };
  } catch (err) {
    throw new HostError(
      `Unable to parse SSH certificate [${certLabel}] for host [${ctx.target}]: ${(err as Error).message}`,
      { host: ctx.target, file: certLabel },
      { cause: err },
    );
  }
}
