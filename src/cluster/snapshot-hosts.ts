/**
 * What every `rke etcd` command shares: one connection per host, the cluster context the helper
 * specs need, and the few Docker operations on the snapshot directory of an etcd host.
 */
import { toDockerCreateOptions, type ClusterContext, type ContainerSpec, type HostContext } from '../desired/index.js';
import { HostError } from '../errors.js';
import {
  buildSnapshotFiles,
  buildSnapshotLister,
  effectiveS3,
  parseListing,
  s3Problems,
  SNAPSHOT_FILES,
  withS3,
  type S3CliFlags,
  s3FromCliFlags,
  type SnapshotFile,
} from '../etcd/index.js';
import type { HostConnection } from '../hosts/connection-pool.js';
import { registriesFromConfig } from '../hosts/from-config.js';
import type { PrivateRegistryAuth } from '../hosts/registry-auth.js';
import type { S3BackupConfigInput } from '../desired/input.js';
import { ConfigError } from '../errors.js';
import { buildDesired, connectCluster, prepareState, type ConnectedCluster, type PreparedState, type SessionOptions } from './session.js';

export interface SnapshotCommandOptions extends SessionOptions {
  ignoreDockerVersion?: boolean;
  /** `--s3` and friends; they override backup_config.s3backupconfig. */
  s3?: S3CliFlags;
}

export interface EtcdSession {
  prepared: PreparedState;
  connected: ConnectedCluster;
  ctx: ClusterContext;
  registries: PrivateRegistryAuth[];
  s3?: S3BackupConfigInput;
  /** Helper container time limit: backup_config.timeout seconds (RKE1 default 300). */
  timeoutMs: number;
  conn(host: HostContext): HostConnection;
  close(): Promise<void>;
}

/** RKE1 InitClusterObject + TunnelHosts, with the --s3 flags folded into backup_config. */
export async function openEtcdSession(opts: SnapshotCommandOptions): Promise<EtcdSession> {
  const prepared = await prepareState(opts);
  const etcd = ((prepared.config.services ??= {}).etcd ??= {});
  const cliS3 = opts.s3 ? s3FromCliFlags(opts.s3) : undefined;
  if (cliS3) {
    const problems = s3Problems(cliS3);
    if (problems.length > 0) throw new ConfigError(problems.join('; '), { key: 'services.etcd.backup_config.s3backupconfig' });
    etcd.backup_config = withS3(etcd.backup_config as never, cliS3) as never;
  }
  const connected = await connectCluster(prepared, { log: opts.log, ignoreDockerVersion: opts.ignoreDockerVersion ?? false });
  try {
    const { ctx } = buildDesired(prepared, connected);
    const s3 = effectiveS3(ctx.services.etcd.raw.backup_config);
    const timeoutSec = ctx.services.etcd.raw.backup_config?.timeout || 300;
    return {
      prepared,
      connected,
      ctx,
      registries: registriesFromConfig(prepared.config),
      ...(s3 ? { s3 } : {}),
      timeoutMs: timeoutSec * 1000,
      conn: (host) => {
        const c = connected.connections.get(host.address);
        if (!c) throw new HostError(`etcd host [${host.address}] is not connected`, { host: host.address });
        return c;
      },
      close: () => connected.pool.closeAll(),
    };
  } catch (err) {
    await connected.pool.closeAll();
    throw err;
  }
}

/** Runs a one-shot helper to completion; a non-zero exit is an error naming the host and the output. */
export async function runHelper(s: EtcdSession, host: HostContext, spec: ContainerSpec, what: string): Promise<string> {
  const out = await s.conn(host).docker.runOnce({ name: spec.name, config: toDockerCreateOptions(spec), registries: s.registries, timeoutMs: s.timeoutMs });
  if (out.exitCode !== 0) {
    const detail = `${out.stderr.trim()}${out.stdout.trim() ? `\n${out.stdout.trim()}` : ''}`.trim().split('\n').slice(-8).join('\n');
    throw new HostError(`${what} on host [${host.address}] failed, exit code [${out.exitCode}]: ${detail}`, { host: host.address });
  }
  return out.stdout;
}

/** The regular files in /opt/rke/etcd-snapshots of one host. */
export async function listSnapshotDir(s: EtcdSession, host: HostContext): Promise<SnapshotFile[]> {
  return parseListing(await runHelper(s, host, buildSnapshotLister(s.ctx, host), 'Listing snapshots'));
}

/** Runs `fn` with a created (never started) container that has the snapshot directory at /backup. */
async function withFilesContainer<T>(s: EtcdSession, host: HostContext, fn: (docker: HostConnection['docker']) => Promise<T>): Promise<T> {
  const docker = s.conn(host).docker;
  const spec = buildSnapshotFiles(s.ctx, host);
  await docker.ensureImage(spec.image, s.registries);
  await docker.removeContainer(SNAPSHOT_FILES).catch(() => undefined);
  await docker.createContainer(SNAPSHOT_FILES, toDockerCreateOptions(spec));
  try {
    return await fn(docker);
  } finally {
    await docker.removeContainer(SNAPSHOT_FILES).catch(() => undefined);
  }
}

/** Bytes of one file of the snapshot directory. */
export async function readSnapshotDirFile(s: EtcdSession, host: HostContext, file: string): Promise<Buffer> {
  return withFilesContainer(s, host, (docker) => docker.readFile(SNAPSHOT_FILES, `/backup/${file}`));
}

/** Writes one file (mode 0600) into the snapshot directory. */
export async function writeSnapshotDirFile(s: EtcdSession, host: HostContext, file: string, data: Buffer): Promise<void> {
  await withFilesContainer(s, host, (docker) => docker.putFiles(SNAPSHOT_FILES, '/backup', [{ name: file, type: 'file', data, mode: 0o600 }]));
}
