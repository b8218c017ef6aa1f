/**
 * One SSH handshake: TCP (or a stream through a bastion) → authenticated ssh2 Client.
 * Bounded in time by `readyTimeoutMs` (TCP connect + handshake + authentication).
 */
import { readFile } from 'node:fs/promises';
import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { AgentAuthMethod, Client, ConnectConfig, PublicKeyAuthMethod } from 'ssh2';
import { HostError } from '../errors.js';
import { checkHostKey, hostKeyErrorMessage, type HostKeyPolicy } from './known-hosts.js';
import { enableCertificateAuth } from './ssh-cert-auth.js';
import type { ResolvedAuth } from './ssh-credentials.js';
import { translateSshError, type SshTargetDescription } from './ssh-errors.js';
import { fipsModeEnabled } from '../fips/mode.js';
import { fipsSshSession } from '../fips/ssh.js';

export interface SshConnectParams {
  host: string;
  port: number;
  auth: ResolvedAuth;
  readyTimeoutMs: number;
  keepaliveIntervalMs: number;
  hostKeys: HostKeyPolicy;
  /** An already-open stream to the target's SSH port (bastion forward); TCP otherwise. */
  sock?: Duplex;
  /** `address:port` of the bastion, for messages. */
  via?: string;
}

export function describeTarget(p: Pick<SshConnectParams, 'host' | 'port' | 'auth' | 'via'>): SshTargetDescription {
  const credential =
    p.auth.kind === 'agent'
      ? `ssh-agent at [${p.auth.socket}]`
      : `key [${p.auth.keyLabel}]${p.auth.certificate ? ' with certificate' : ''}`;
  return { target: `${p.host}:${p.port}`, user: p.auth.username, credential, ...(p.via ? { via: p.via } : {}) };
}

function authMethod(auth: ResolvedAuth): AgentAuthMethod | PublicKeyAuthMethod {
  return auth.kind === 'agent'
    ? { type: 'agent' as const, username: auth.username, agent: auth.socket }
    : { type: 'publickey' as const, username: auth.username, key: auth.key };
}

async function loadKnownHosts(files: string[]): Promise<string> {
  const texts = await Promise.all(files.map((f) => readFile(f, 'utf8').catch(() => '')));
  return texts.join('\n');
}

export async function connectSsh(p: SshConnectParams): Promise<Client> {
  const described = describeTarget(p);
  const knownHosts = p.hostKeys.mode === 'strict' ? await loadKnownHosts(p.hostKeys.knownHostsFiles) : undefined;
  let hostKeyFailure: string | undefined;
  // FIPS mode: approved algorithms only; a non-approved user key fails here, before dialing.
  const fips = fipsModeEnabled()
    ? fipsSshSession(
        p.auth.kind === 'agent'
          ? { kind: 'agent', username: p.auth.username, socket: p.auth.socket }
          : { kind: 'key', username: p.auth.username, key: p.auth.key, keyLabel: p.auth.keyLabel },
        described.target,
      )
    : undefined;

  const config: ConnectConfig = {
    host: p.host,
    port: p.port,
    username: p.auth.username,
    readyTimeout: p.readyTimeoutMs,
    keepaliveInterval: p.keepaliveIntervalMs,
    keepaliveCountMax: 3,
    authHandler: [fips ? fips.authMethod : authMethod(p.auth)],
    ...(fips ? { algorithms: fips.algorithms } : {}),
    hostVerifier: (key: Buffer): boolean => {
      if (knownHosts === undefined || p.hostKeys.mode !== 'strict') return true;
      const verdict = checkHostKey(knownHosts, p.host, p.port, key);
      if (verdict === 'match') return true;
      hostKeyFailure = hostKeyErrorMessage(verdict, described.target, key, p.hostKeys.knownHostsFiles);
      return false;
    },
    ...(p.sock ? { sock: p.sock as ConnectConfig['sock'] } : {}),
  };

  return new Promise<Client>((resolve, reject) => {
    const client = new ssh2.Client();
    let agentError: Error | undefined;
    let settled = false;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      client.end();
      const fipsFailure = fips && (fips.refusal() ?? fips.explainHandshake(err));
      if (hostKeyFailure) {
        reject(new HostError(hostKeyFailure, { host: described.target }, { cause: err }));
      } else if (fipsFailure) {
        reject(new HostError(fipsFailure, { host: described.target }, { cause: err }));
      } else if (agentError) {
        reject(
          new HostError(
            `Cannot connect to SSH Auth socket for host [${described.target}] (user [${described.user}], ${described.credential}): ${agentError.message}`,
            { host: described.target },
            { cause: err },
          ),
        );
      } else {
        reject(translateSshError(err, described));
      }
    };
    client.on('ready', () => {
      if (settled) return;
      settled = true;
      resolve(client);
    });
    client.on('error', (err: Error & { level?: string }) => {
      // ssh2 reports an unusable agent as a non-fatal error, then fails authentication.
      if (err.level === 'agent') {
        agentError = err;
        return;
      }
      fail(err);
    });
    client.on('close', () => fail(new Error('Connection closed before the SSH session was ready')));
    try {
      client.connect(config);
      if (p.auth.kind === 'key' && p.auth.certificate) enableCertificateAuth(client);
    } catch (err) {
      fail(err);
    }
  });
}
