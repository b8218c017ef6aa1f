/**
 * Exactly one SSH connection per host (and per bastion) per run, shared by every caller.
 *
 * `pool.connect(spec)` returns the same HostConnection for the same address/port/user/bastion,
 * however many phases ask; a failed attempt is remembered too (so a dead host costs one timeout
 * per run, not one per phase) until `forget()`. A connection that drops is evicted and the next
 * caller reconnects. `stats` counts handshakes so tests and benchmarks can assert reuse.
 */
import type { Duplex } from 'node:stream';
import type { Client, ParsedKey } from 'ssh2';
import { HostError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { DockerHost } from './docker-host.js';
import type { HostKeyPolicy } from './known-hosts.js';
import { DEFAULT_RETRY, isTransientNetworkError, withRetry, type RetryPolicy } from './retry.js';
import { connectSsh, describeTarget } from './ssh-connect.js';
import { envPassphrase, resolveAuth, type PassphraseSource, type ResolvedAuth } from './ssh-credentials.js';
import { translateForwardError } from './ssh-errors.js';
import { StreamHttpAgent } from './ssh-http-agent.js';
import { DEFAULT_DOCKER_SOCKET, DEFAULT_SSH_PORT, type BastionSpec, type HostConnectionSpec, type SshCredentials } from './types.js';

export interface HostTransportOptions {
  /** Bound on TCP connect + SSH handshake + authentication, per attempt. Default 30 s. */
  connectTimeoutMs?: number;
  /** Retries for transient connection failures (refused, reset). Default 3 attempts, 0.5 s → 1 s. */
  retry?: RetryPolicy;
  /** Default `{ mode: 'ignore' }`, like RKE1. */
  hostKeys?: HostKeyPolicy;
  /** Passphrase for encrypted keys. Default: $RKE_SSH_KEY_PASSPHRASE. */
  passphrase?: PassphraseSource;
  /** Environment for HOME (`~/` expansion), SSH_AUTH_SOCK and the default passphrase. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** SSH keepalive interval. Default 15 s. */
  keepaliveIntervalMs?: number;
  log?: Logger;
}

export interface PoolStats {
  /** Successful SSH handshakes (targets and bastions). */
  sshConnections: number;
  /** Handshake attempts, failed ones included. */
  sshAttempts: number;
  /** Docker socket channels opened (HTTP keep-alive reuses them). */
  dockerChannels: number;
  /** Successful handshakes per `user@address:port`. */
  perTarget: Map<string, number>;
}

function portOf(p: number | string | undefined): number {
  if (p === undefined || p === '') return DEFAULT_SSH_PORT;
  const n = typeof p === 'number' ? p : Number.parseInt(p, 10);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new HostError(`Invalid SSH port [${String(p)}]`);
  return n;
}

function targetKey(address: string, port: number, user: string): string {
  return `${user}@${address}:${port}`;
}

/**
 * An authenticated SSH session to one node, with the node's Docker engine behind it. If the SSH
 * connection drops (node reboot, network blip), the next use dials again once, transparently:
 * callers keep their HostConnection for the whole run.
 */
export class HostConnection {
  readonly docker: DockerHost;
  private readonly agent: StreamHttpAgent;
  private client: Client;
  private alive = true;
  private redialing: Promise<Client> | undefined;
  private closedByUs = false;
  private lostSignal!: Promise<never>;
  private signalLost: (err: Error) => void = () => undefined;

  constructor(
    readonly spec: HostConnectionSpec,
    /** `address:port` */
    readonly target: string,
    readonly user: string,
    client: Client,
    private readonly stats: PoolStats,
    private readonly redial: () => Promise<Client>,
  ) {
    this.client = client;
    this.agent = new StreamHttpAgent(() => this.openDockerSocket());
    this.docker = new DockerHost(spec.address, this.agent, async () => {
      await this.live();
      return { lost: this.lostSignal };
    });
    this.watch(client);
  }

  private watch(client: Client): void {
    this.lostSignal = new Promise<never>((_, reject) => {
      this.signalLost = reject;
    });
    this.lostSignal.catch(() => undefined);
    client.on('close', () => {
      if (this.client !== client) return;
      this.alive = false;
      this.signalLost(new HostError(`The SSH connection to host [${this.target}] was lost`, { host: this.target }));
      // Kept-alive channels of the lost session would swallow the next requests.
      this.agent.destroy();
    });
  }

  /** The current ssh2 client (replaced after a reconnect). */
  get ssh(): Client {
    return this.client;
  }

  /** The SSH client, dialing again first if the connection dropped. */
  private async live(): Promise<Client> {
    if (this.alive) return this.client;
    if (this.closedByUs) throw new HostError(`The SSH connection to host [${this.target}] was closed`, { host: this.target });
    this.redialing ??= this.redial().then(
      (client) => {
        this.client = client;
        this.alive = true;
        this.watch(client);
        return client;
      },
      (err: unknown) => {
        this.redialing = undefined;
        throw err;
      },
    );
    const client = await this.redialing;
    this.redialing = undefined;
    return client;
  }

  get address(): string {
    return this.spec.address;
  }

  get dockerSocket(): string {
    return this.spec.dockerSocket || DEFAULT_DOCKER_SOCKET;
  }

  /** A new channel to the node's Docker socket (streamlocal forward). */
  async openDockerSocket(): Promise<Duplex> {
    const socket = this.dockerSocket;
    const ssh = await this.live();
    return new Promise((resolve, reject) => {
      ssh.openssh_forwardOutStreamLocal(socket, (err, channel) => {
        if (err) return reject(translateForwardError(err, this.target, socket, this.user));
        this.stats.dockerChannels++;
        resolve(channel);
      });
    });
  }

  /** A TCP stream to `host:port` as seen from the node (RKE1's "local connection" dialer, for health checks). */
  async forwardTcp(host: string, port: number): Promise<Duplex> {
    const ssh = await this.live();
    return new Promise((resolve, reject) => {
      ssh.forwardOut('127.0.0.1', 0, host, port, (err, channel) => {
        if (err) return reject(translateForwardError(err, this.target, `${host}:${port}`, this.user));
        resolve(channel);
      });
    });
  }

  /** Runs a command through SSH (no Docker); for facts Docker does not report. */
  async exec(command: string, timeoutMs = 15_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const ssh = await this.live();
    return new Promise((resolve, reject) => {
      ssh.exec(command, (err, stream) => {
        if (err) return reject(new HostError(`Failed to run [${command}] on host [${this.target}]: ${err.message}`, { host: this.target }));
        let stdout = '';
        let stderr = '';
        const timer = setTimeout(() => {
          stream.close();
          reject(new HostError(`Command [${command}] did not finish in ${timeoutMs} ms on host [${this.target}]`, { host: this.target }));
        }, timeoutMs);
        stream.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
        stream.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
        stream.on('close', (code: number | null) => {
          clearTimeout(timer);
          resolve({ code, stdout, stderr });
        });
      });
    });
  }

  close(): void {
    this.closedByUs = true;
    this.alive = false;
    this.agent.destroy();
    this.client.end();
  }
}

interface Entry {
  promise: Promise<HostConnection>;
}

export class HostConnectionPool {
  readonly stats: PoolStats = { sshConnections: 0, sshAttempts: 0, dockerChannels: 0, perTarget: new Map() };
  private readonly hosts = new Map<string, Entry>();
  private readonly bastions = new Map<string, Promise<Client>>();
  private readonly keyCache = new Map<string, ParsedKey>();
  private readonly opts: Required<Omit<HostTransportOptions, 'log'>> & { log?: Logger };
  private closed = false;

  constructor(options: HostTransportOptions = {}) {
    const env = options.env ?? process.env;
    this.opts = {
      connectTimeoutMs: options.connectTimeoutMs ?? 30_000,
      retry: options.retry ?? DEFAULT_RETRY,
      hostKeys: options.hostKeys ?? { mode: 'ignore' },
      passphrase: options.passphrase ?? envPassphrase(env),
      env,
      keepaliveIntervalMs: options.keepaliveIntervalMs ?? 15_000,
      ...(options.log ? { log: options.log } : {}),
    };
  }

  /** Pool key of a spec: user@address:port, plus the bastion when there is one. */
  static keyOf(spec: HostConnectionSpec): string {
    const own = targetKey(spec.address, portOf(spec.port), spec.user || 'root');
    if (!spec.bastion?.address) return own;
    return `${own} via ${targetKey(spec.bastion.address, portOf(spec.bastion.port), spec.bastion.user || 'root')}`;
  }

  connect(spec: HostConnectionSpec): Promise<HostConnection> {
    if (this.closed) return Promise.reject(new HostError('The host connection pool is closed', { host: spec.address }));
    const key = HostConnectionPool.keyOf(spec);
    const existing = this.hosts.get(key);
    if (existing) return existing.promise;
    const promise = this.open(spec);
    this.hosts.set(key, { promise });
    return promise;
  }

  /** Drops a remembered failure or connection so the next connect() dials again. */
  forget(spec: HostConnectionSpec): void {
    const key = HostConnectionPool.keyOf(spec);
    const entry = this.hosts.get(key);
    this.hosts.delete(key);
    entry?.promise.then((c) => c.close(), () => undefined);
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    const hosts = [...this.hosts.values()];
    const bastions = [...this.bastions.values()];
    this.hosts.clear();
    this.bastions.clear();
    await Promise.all([
      ...hosts.map((e) => e.promise.then((c) => c.close(), () => undefined)),
      ...bastions.map((b) => b.then((c) => c.end(), () => undefined)),
    ]);
  }

  private credentialContext(target: string) {
    return { target, env: this.opts.env, passphrase: this.opts.passphrase, keyCache: this.keyCache };
  }

  private async handshake(
    host: string,
    port: number,
    auth: ResolvedAuth,
    sockFactory?: () => Promise<Duplex>,
    via?: string,
  ): Promise<Client> {
    const key = targetKey(host, port, auth.username);
    const client = await withRetry(
      async () => {
        this.stats.sshAttempts++;
        const sock = sockFactory ? await sockFactory() : undefined;
        return connectSsh({
          host,
          port,
          auth,
          readyTimeoutMs: this.opts.connectTimeoutMs,
          keepaliveIntervalMs: this.opts.keepaliveIntervalMs,
          hostKeys: this.opts.hostKeys,
          ...(sock ? { sock } : {}),
          ...(via ? { via } : {}),
        });
      },
      {
        policy: this.opts.retry,
        // Only the network-level cause counts: authentication and key errors are final.
        isTransient: (err) => isTransientNetworkError((err as { cause?: unknown }).cause ?? err),
        onRetry: (err, attempt, delay) =>
          this.opts.log?.debug(`[dialer] Retrying SSH to [${host}:${port}] in ${delay} ms after try #${attempt}: ${(err as Error).message}`),
      },
    );
    this.stats.sshConnections++;
    this.stats.perTarget.set(key, (this.stats.perTarget.get(key) ?? 0) + 1);
    return client;
  }

  private bastionClient(b: BastionSpec): Promise<Client> {
    const port = portOf(b.port);
    const key = targetKey(b.address, port, b.user || 'root');
    const existing = this.bastions.get(key);
    if (existing) return existing;
    const target = `${b.address}:${port}`;
    const promise = (async () => {
      const auth = await resolveAuth(b as SshCredentials, this.credentialContext(target));
      try {
        const client = await this.handshake(b.address, port, auth);
        client.on('close', () => {
          if (this.bastions.get(key) === promise) this.bastions.delete(key);
        });
        return client;
      } catch (err) {
        throw new HostError(`Failed to connect to the bastion host [${target}]: ${(err as Error).message}`, { host: target }, { cause: err });
      }
    })();
    this.bastions.set(key, promise);
    return promise;
  }

  /** One SSH session to the node, through its bastion when it has one. */
  private async dial(spec: HostConnectionSpec, auth: ResolvedAuth): Promise<Client> {
    const port = portOf(spec.port);
    const target = `${spec.address}:${port}`;
    if (!spec.bastion?.address) return this.handshake(spec.address, port, auth);
    const bastion = await this.bastionClient(spec.bastion);
    const via = `${spec.bastion.address}:${portOf(spec.bastion.port)}`;
    const sockFactory = (): Promise<Duplex> =>
      new Promise((resolve, reject) => {
        bastion.forwardOut('127.0.0.1', 0, spec.address, port, (err, channel) => {
          if (err) {
            return reject(
              new HostError(`Failed to connect to the host [${target}] through bastion host [${via}]: ${err.message}`, { host: target }, { cause: err }),
            );
          }
          resolve(channel);
        });
      });
    return this.handshake(spec.address, port, auth, sockFactory, via);
  }

  private async open(spec: HostConnectionSpec): Promise<HostConnection> {
    const port = portOf(spec.port);
    const target = `${spec.address}:${port}`;
    this.opts.log?.info(`[dialer] Setup tunnel for host [${spec.address}]`);
    const auth = await resolveAuth(spec, this.credentialContext(target));
    const client = await this.dial(spec, auth);
    const redial = (): Promise<Client> => {
      if (this.closed) return Promise.reject(new HostError('The host connection pool is closed', { host: target }));
      this.opts.log?.warn(`[dialer] SSH connection to host [${target}] was lost, connecting again`);
      return this.dial(spec, auth);
    };
    this.opts.log?.debug(`[dialer] Connected to host [${target}] as [${auth.username}] (${describeTarget({ host: spec.address, port, auth }).credential})`);
    return new HostConnection(spec, target, auth.username, client, this.stats, redial);
  }
}
