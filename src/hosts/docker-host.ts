/**
 * The Docker engine of one node, reached over its SSH connection. Thin over dockerode: every
 * failure becomes a HostError naming the host and the container or image, worded like RKE1
 * (docker/docker.go) where RKE1 has a message.
 */
import type http from 'node:http';
import Dockerode from 'dockerode';
import type { ContainerCreateOptions, ContainerInfo, ContainerInspectInfo } from 'dockerode';
import { HostError } from '../errors.js';
import { demuxDockerStream, looksMultiplexed } from './docker-stream.js';
import { dockerAuthConfig, findRegistryAuth, type PrivateRegistryAuth } from './registry-auth.js';
import { isTransientNetworkError, withRetry, type RetryPolicy } from './retry.js';
import { packTar, unpackTar, type TarEntry } from './tar.js';

export interface ContainerOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunOnceOptions {
  /** Container name; an existing container of that name is removed first. */
  name: string;
  /** Create options (Image, Cmd, Env, HostConfig, ...); `name` is set from above. */
  config: ContainerCreateOptions;
  /** Registries for pulling the image when it is missing. */
  registries?: readonly PrivateRegistryAuth[];
  /** Bound on the container's run time. Default 5 min (RKE1's WaitTimeout). */
  timeoutMs?: number;
  /** Remove the container after collecting its output. Default true. */
  remove?: boolean;
}

// Idempotent calls only (reads, pulls); about 12 s in all, so that a connection lost under load
// is dialed again (an inspect failed three times within 3 s in CI at load 56).
const DOCKER_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1_000, maxDelayMs: 5_000 };

function statusOf(err: unknown): number | undefined {
  const s = (err as { statusCode?: unknown })?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

function reasonOf(err: unknown): string {
  const e = err as { json?: { message?: string }; reason?: string; message?: string };
  return e?.json?.message ?? e?.message ?? String(err);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

export class DockerHost {
  readonly api: Dockerode;

  constructor(
    /** The node's address, used in every message. */
    readonly host: string,
    agent: http.Agent,
    /**
     * Resolves (once the SSH session is up) to `{ lost }`, a promise that rejects when that session
     * is lost. Long calls race against it: docker-modem does not notice a connection lost mid-response.
     * (Wrapped in an object: an async function returning the bare promise would adopt it.)
     */
    private readonly session: () => Promise<{ lost: Promise<never> }> = async () => ({ lost: new Promise<never>(() => undefined) }),
  ) {
    // host/port only satisfy docker-modem; every connection goes through `agent`.
    // (`agent` is a docker-modem option that @types/dockerode does not declare.)
    const options = { host: 'docker.invalid', port: 80, protocol: 'http' as const, agent };
    this.api = new Dockerode(options as Dockerode.DockerOptions);
  }

  private fail(message: string, err: unknown): HostError {
    // Transport failures (SSH forward refused, ...) already say what happened and to which host.
    if (err instanceof HostError) return err;
    return new HostError(`${message}: ${reasonOf(err)}`, { host: this.host }, { cause: err });
  }

  private retry<T>(op: () => Promise<T>): Promise<T> {
    return withRetry(op, { policy: DOCKER_RETRY, isTransient: isTransientNetworkError });
  }

  async info(): Promise<Record<string, unknown>> {
    try {
      return (await this.retry(() => this.api.info())) as Record<string, unknown>;
    } catch (err) {
      throw this.fail(`Can't retrieve Docker Info from host [${this.host}]`, err);
    }
  }

  async ping(): Promise<void> {
    try {
      await this.api.ping();
    } catch (err) {
      throw this.fail(`Docker on host [${this.host}] does not answer`, err);
    }
  }

  /** Inspect by name or id; undefined when there is no such container. */
  async inspectContainer(name: string): Promise<ContainerInspectInfo | undefined> {
    try {
      return await this.retry(() => this.api.getContainer(name).inspect());
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw this.fail(`Failed to inspect Docker container [${name}] on host [${this.host}]`, err);
    }
  }

  async listContainers(opts: { all?: boolean; filters?: Record<string, string[]> } = {}): Promise<ContainerInfo[]> {
    try {
      return await this.retry(() => this.api.listContainers({ all: opts.all ?? false, ...(opts.filters ? { filters: JSON.stringify(opts.filters) } : {}) }));
    } catch (err) {
      throw this.fail(`Failed to list containers on host [${this.host}]`, err);
    }
  }

  async createContainer(name: string, config: ContainerCreateOptions): Promise<string> {
    try {
      const c = await this.api.createContainer({ ...config, name });
      return c.id;
    } catch (err) {
      throw this.fail(`Failed to create [${name}] container on host [${this.host}]`, err);
    }
  }

  async startContainer(name: string): Promise<void> {
    try {
      await this.api.getContainer(name).start();
    } catch (err) {
      if (statusOf(err) === 304) return; // already started
      throw this.fail(`Failed to start [${name}] container on host [${this.host}]`, err);
    }
  }

  async stopContainer(name: string, timeoutSec = 5): Promise<void> {
    try {
      await this.api.getContainer(name).stop({ t: timeoutSec });
    } catch (err) {
      if (statusOf(err) === 304 || statusOf(err) === 404) return;
      throw this.fail(`Failed to stop [${name}] container on host [${this.host}]`, err);
    }
  }

  async restartContainer(name: string, timeoutSec = 5): Promise<void> {
    try {
      await this.api.getContainer(name).restart({ t: timeoutSec });
    } catch (err) {
      throw this.fail(`Failed to restart [${name}] container on host [${this.host}]`, err);
    }
  }

  async renameContainer(name: string, newName: string): Promise<void> {
    try {
      await this.api.getContainer(name).rename({ name: newName });
    } catch (err) {
      throw this.fail(`Failed to rename [${name}] container to [${newName}] on host [${this.host}]`, err);
    }
  }

  /** Removes a container (forced, with anonymous volumes); a missing container is not an error. */
  async removeContainer(name: string, opts: { volumes?: boolean } = {}): Promise<boolean> {
    try {
      await this.api.getContainer(name).remove({ force: true, v: opts.volumes ?? true });
      return true;
    } catch (err) {
      if (statusOf(err) === 404) return false;
      throw this.fail(`Failed to remove [${name}] container on host [${this.host}]`, err);
    }
  }

  async imageExists(image: string): Promise<boolean> {
    try {
      await this.retry(() => this.api.getImage(image).inspect());
      return true;
    } catch (err) {
      if (statusOf(err) === 404) return false;
      throw this.fail(`Error checking if image [${image}] exists on host [${this.host}]`, err);
    }
  }

  /** Pulls an image, with the matching private registry's credentials (X-Registry-Auth). */
  async pullImage(image: string, registries: readonly PrivateRegistryAuth[] = []): Promise<void> {
    const reg = findRegistryAuth(image, registries);
    const opts = reg ? { authconfig: dockerAuthConfig(reg) } : {};
    try {
      await this.retry(async () => {
        const stream = (await this.api.pull(image, opts)) as NodeJS.ReadableStream;
        await new Promise<void>((resolve, reject) => {
          this.api.modem.followProgress(stream, (err: Error | null, events: Array<{ error?: string; errorDetail?: { message?: string } }>) => {
            if (err) return reject(err);
            const failed = events?.find((e) => e.error || e.errorDetail);
            if (failed) return reject(new Error(failed.errorDetail?.message ?? failed.error));
            resolve();
          });
        });
      });
    } catch (err) {
      throw this.fail(`Failed to pull image [${image}] on host [${this.host}]`, err);
    }
  }

  /** Loads images from a `docker save` archive (air-gapped nodes, tests). */
  async loadImage(archive: NodeJS.ReadableStream): Promise<void> {
    try {
      const stream = (await this.api.loadImage(archive, { quiet: true })) as NodeJS.ReadableStream;
      const text = (await readAll(stream)).toString('utf8');
      const failed = text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { error?: string; errorDetail?: { message?: string } })
        .find((e) => e.error || e.errorDetail);
      if (failed) throw new Error(failed.errorDetail?.message ?? failed.error);
    } catch (err) {
      throw this.fail(`Failed to load images on host [${this.host}]`, err);
    }
  }

  /** RKE1's UseLocalOrPull: pull only when the image is not present. */
  async ensureImage(image: string, registries: readonly PrivateRegistryAuth[] = []): Promise<'present' | 'pulled'> {
    if (await this.imageExists(image)) return 'present';
    await this.pullImage(image, registries);
    return 'pulled';
  }

  /** Waits for the container to stop; returns its exit code. */
  async waitContainer(name: string, timeoutMs: number): Promise<number> {
    // Raced against a timer rather than relying on the abort signal alone: docker-modem only
    // aborts the response stream, which does not end the call once headers have arrived.
    const abort = new AbortController();
    const { lost } = await this.session();
    const waited = this.api.getContainer(name).wait({ abortSignal: abort.signal }) as Promise<{ StatusCode: number }>;
    waited.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timeoutError = new HostError(`Container [${name}] did not exit in time (${timeoutMs} ms) on host [${this.host}]`, { host: this.host });
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(timeoutError);
      }, timeoutMs);
    });
    try {
      const res = await Promise.race([waited, timedOut, lost]);
      return res.StatusCode;
    } catch (err) {
      if (err === timeoutError) throw err;
      throw new HostError(`Failed waiting for container [${name}] on host [${this.host}]: ${reasonOf(err)}`, { host: this.host }, { cause: err });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Full stdout/stderr of a container (not following). */
  async containerLogs(name: string, opts: { tail?: number } = {}): Promise<{ stdout: string; stderr: string }> {
    try {
      const raw = (await this.retry(() =>
        this.api.getContainer(name).logs({ stdout: true, stderr: true, follow: false, ...(opts.tail !== undefined ? { tail: opts.tail } : {}) }),
      )) as unknown as Buffer;
      const buf = Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw));
      if (!looksMultiplexed(buf)) return { stdout: buf.toString('utf8'), stderr: '' };
      const { stdout, stderr } = demuxDockerStream(buf);
      return { stdout: stdout.toString('utf8'), stderr: stderr.toString('utf8') };
    } catch (err) {
      throw this.fail(`Failed to get logs from container [${name}] on host [${this.host}]`, err);
    }
  }

  /**
   * Runs a one-shot container to completion: ensure image, replace any container of that name,
   * create, start, wait, collect exit code and output, remove.
   */
  async runOnce(opts: RunOnceOptions): Promise<ContainerOutput> {
    const image = opts.config.Image;
    if (!image) throw new HostError(`No image given for container [${opts.name}] on host [${this.host}]`, { host: this.host });
    await this.ensureImage(image, opts.registries);
    await this.removeContainer(opts.name);
    await this.createContainer(opts.name, opts.config);
    try {
      await this.startContainer(opts.name);
      const exitCode = await this.waitContainer(opts.name, opts.timeoutMs ?? 300_000);
      const { stdout, stderr } = await this.containerLogs(opts.name);
      return { exitCode, stdout, stderr };
    } finally {
      if (opts.remove ?? true) await this.removeContainer(opts.name).catch(() => undefined);
    }
  }

  /** runOnce, failing like RKE1 when the exit code is not 0. */
  async runOnceChecked(opts: RunOnceOptions): Promise<ContainerOutput> {
    const out = await this.runOnce(opts);
    if (out.exitCode !== 0) {
      throw new HostError(
        `Container [${opts.name}] exited with non-zero exit code [${out.exitCode}] on host [${this.host}]: ` +
          `stdout: ${out.stdout.trimEnd()}, stderr: ${out.stderr.trimEnd()}`,
        { host: this.host },
      );
    }
    return out;
  }

  /** Copies files into a container (created or running) under `destDir`. */
  async putFiles(container: string, destDir: string, files: readonly TarEntry[]): Promise<void> {
    try {
      await this.api.getContainer(container).putArchive(packTar(files), { path: destDir });
    } catch (err) {
      throw this.fail(`Error while copying file to container [${container}] on host [${this.host}]`, err);
    }
  }

  /** Reads the entries under `path` in a container (a file gives one entry). */
  async getArchive(container: string, path: string): Promise<TarEntry[]> {
    try {
      const stream = await this.api.getContainer(container).getArchive({ path });
      return unpackTar(await readAll(stream));
    } catch (err) {
      throw this.fail(`Failed to copy file [${path}] from container [${container}] on host [${this.host}]`, err);
    }
  }

  /** Contents of one file in a container (RKE1's ReadFileFromContainer). */
  async readFile(container: string, path: string): Promise<Buffer> {
    const entries = await this.getArchive(container, path);
    const file = entries.find((e) => e.type === 'file');
    if (!file?.data) throw new HostError(`Failed to copy file [${path}] from container [${container}] on host [${this.host}]: not a regular file`, { host: this.host });
    return file.data;
  }

  /** Runs a command in a running container; returns its exit code and output. */
  async exec(container: string, cmd: string[], opts: { env?: string[]; timeoutMs?: number } = {}): Promise<ContainerOutput> {
    const what = `[${cmd.join(' ')}] in container [${container}] on host [${this.host}]`;
    try {
      const exec = await this.api.getContainer(container).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, ...(opts.env ? { Env: opts.env } : {}) });
      const stream = await exec.start({ hijack: true, stdin: false });
      const timeoutMs = opts.timeoutMs ?? 60_000;
      const raw = await new Promise<Buffer>((resolve, reject) => {
        const chunks: Buffer[] = [];
        const timer = setTimeout(() => {
          stream.destroy();
          reject(new Error(`did not finish in ${timeoutMs} ms`));
        }, timeoutMs);
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          clearTimeout(timer);
          resolve(Buffer.concat(chunks));
        });
        // A channel closed without 'end' is a lost SSH session.
        stream.on('close', () => {
          clearTimeout(timer);
          reject(new Error('the connection closed before the command finished'));
        });
        stream.on('error', (e: Error) => {
          clearTimeout(timer);
          reject(e);
        });
      });
      const { stdout, stderr } = demuxDockerStream(raw);
      // The stream can end a moment before the engine records the exit code.
      let info = await exec.inspect();
      for (let i = 0; info.Running && i < 50; i++) {
        await new Promise((r) => setTimeout(r, 20));
        info = await exec.inspect();
      }
      return { exitCode: info.ExitCode ?? -1, stdout: stdout.toString('utf8'), stderr: stderr.toString('utf8') };
    } catch (err) {
      throw this.fail(`Failed to exec ${what}`, err);
    }
  }
}
