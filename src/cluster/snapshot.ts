/**
 * `rke etcd snapshot-save`, `snapshot-list`, `snapshot-remove` as library calls (RKE1 cmd/etcd.go,
 * cluster/etcd.go). The restore is in snapshot-restore.ts.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { buildClusterStateDeployer, buildEtcdSnapshot, CLUSTER_STATE_DEPLOYER, ETCD_SNAPSHOT_ONCE, toDockerCreateOptions, type HostContext } from '../desired/index.js';
import { HostError, RkeError } from '../errors.js';
import { buildRemoveSnapshot, defaultSnapshotName, snapshotNameProblem, snapshotsFromFiles, type SnapshotEntry } from '../etcd/index.js';
import { ConfigError } from '../errors.js';
import { listSnapshotDir, openEtcdSession, runHelper, type EtcdSession, type SnapshotCommandOptions } from './snapshot-hosts.js';

export type { SnapshotCommandOptions } from './snapshot-hosts.js';

async function withEtcdSession<T>(opts: SnapshotCommandOptions, fn: (s: EtcdSession) => Promise<T>): Promise<T> {
  const s = await openEtcdSession(opts);
  try {
    if (s.ctx.etcdHosts.length === 0) throw new RkeError('the cluster has no etcd host (external etcd is not snapshotted by rke)');
    return await fn(s);
  } finally {
    await s.close();
  }
}

export function checkSnapshotName(name: string): void {
  const problem = snapshotNameProblem(name);
  if (problem) throw new ConfigError(problem, { key: '--name' });
}

/** RKE1 DeployStateOnPlaneHost: the local state file lands as /etc/kubernetes/<name>.rkestate (0400). */
async function deployStateFile(s: EtcdSession, host: HostContext, stateText: string, name: string): Promise<void> {
  const docker = s.conn(host).docker;
  const base = basename(s.prepared.statePath);
  const spec = buildClusterStateDeployer(s.ctx, host, { stateFileBaseName: base, snapshotName: name });
  await docker.ensureImage(spec.image, s.registries);
  await docker.removeContainer(CLUSTER_STATE_DEPLOYER).catch(() => undefined);
  await docker.createContainer(CLUSTER_STATE_DEPLOYER, toDockerCreateOptions(spec));
  try {
    await docker.startContainer(CLUSTER_STATE_DEPLOYER);
    await docker.putFiles(CLUSTER_STATE_DEPLOYER, '/etc/kubernetes', [{ name: base, type: 'file', data: Buffer.from(stateText), mode: 0o600 }]);
    const code = await docker.waitContainer(CLUSTER_STATE_DEPLOYER, 120_000);
    if (code !== 0) throw new HostError(`Failed to deploy state file on host [${host.address}], exit code [${code}]`, { host: host.address });
  } finally {
    await docker.removeContainer(CLUSTER_STATE_DEPLOYER).catch(() => undefined);
  }
}

/** RKE1 RunEtcdSnapshotSave(once=true) on one host. */
async function snapshotOnce(s: EtcdSession, host: HostContext, name: string): Promise<void> {
  const docker = s.conn(host).docker;
  const etcd = await docker.inspectContainer('etcd');
  if (!etcd?.State?.Running) throw new HostError(`etcd is not running on host [${host.address}]`, { host: host.address });
  const spec = buildEtcdSnapshot(s.ctx, host, { once: true, name });
  const out = await docker.runOnce({ name: ETCD_SNAPSHOT_ONCE, config: toDockerCreateOptions(spec), registries: s.registries, timeoutMs: s.timeoutMs });
  if (out.exitCode === 0) return;
  const stderr = `${out.stderr}${out.stdout}`.trim().split('\n').slice(-6).join('\n');
  if (stderr.includes('failed to upload etcd snapshot file')) {
    throw new S3UploadError(`failed to upload etcd snapshot file to s3 on host [${host.address}], exit code [${out.exitCode}]: ${stderr}`, host.address);
  }
  throw new HostError(`failed to take one-time snapshot on host [${host.address}], exit code [${out.exitCode}]: ${stderr}`, { host: host.address });
}

class S3UploadError extends HostError {
  constructor(message: string, host: string) {
    super(message, { host });
  }
}

export interface SnapshotSaveResult {
  name: string;
  hosts: string[];
  failed: { host: string; error: string }[];
  s3: boolean;
}

/** `rke etcd snapshot-save`: state file to every etcd host, then one snapshot on each. */
export async function snapshotSave(opts: SnapshotCommandOptions & { name?: string; now?: Date }): Promise<SnapshotSaveResult> {
  const log = opts.log;
  let name = opts.name ?? '';
  if (name === '') {
    name = defaultSnapshotName(opts.now ?? new Date());
    log.warn(`Name of the snapshot is not specified, using [${name}]`);
  }
  checkSnapshotName(name);
  log.info('Starting saving snapshot on etcd hosts');
  return withEtcdSession(opts, async (s) => {
    const hosts = s.ctx.etcdHosts;
    const stateText = await readFile(s.prepared.statePath, 'utf8').catch(() => undefined);
    if (stateText === undefined) {
      log.warn(
        `Could not read cluster state file from [${s.prepared.statePath}], file does not exist. Snapshot will be created without cluster state file. ` +
          "You can retrieve the cluster state file using 'rke util get-state-file'",
      );
    } else {
      await Promise.all(hosts.map(async (h) => {
        log.info(`[state] Deploying state file to [/etc/kubernetes/${name}.rkestate] on host [${h.address}]`);
        await deployStateFile(s, h, stateText, name);
      }));
    }
    const failed: { host: string; error: string }[] = [];
    let s3Failures = 0;
    for (const h of hosts) {
      log.info(`[etcd] Running snapshot save once on host [${h.address}]`);
      try {
        await snapshotOnce(s, h, name);
      } catch (err) {
        if (err instanceof S3UploadError) s3Failures++;
        else failed.push({ host: h.address, error: (err as Error).message });
        log.warn((err as Error).message);
      }
    }
    if (failed.length === hosts.length) throw new RkeError(`[etcd] Failed to take snapshot on all etcd hosts: ${failed[0]!.error}`);
    if (failed.length > 0) log.warn(`[etcd] Failed to take snapshot on ${failed.length} etcd hosts`);
    else log.info(`[etcd] Finished saving snapshot [${name}] on all etcd hosts`);
    if (s.s3) {
      if (s3Failures >= hosts.length - failed.length) throw new RkeError('[etcd] Failed to upload etcd snapshot file to s3 on all etcd hosts');
      if (s3Failures > 0) log.warn(`[etcd] Failed to upload etcd snapshot file to s3 on ${s3Failures} etcd hosts`);
      else log.info('[etcd] Finished uploading etcd snapshot file to s3 on all etcd hosts');
    }
    log.info(`Finished saving/uploading snapshot [${name}] on all etcd hosts`);
    return { name, hosts: hosts.map((h) => h.address).filter((a) => !failed.some((f) => f.host === a)), failed, s3: Boolean(s.s3) };
  });
}

export interface HostSnapshots {
  host: string;
  snapshots: SnapshotEntry[];
}

/** `rke etcd snapshot-list` (rke-ts): the snapshots in /opt/rke/etcd-snapshots on every etcd host. */
export async function snapshotList(opts: SnapshotCommandOptions): Promise<HostSnapshots[]> {
  return withEtcdSession(opts, async (s) =>
    Promise.all(s.ctx.etcdHosts.map(async (h) => ({ host: h.address, snapshots: snapshotsFromFiles(await listSnapshotDir(s, h)) }))),
  );
}

/** `rke etcd snapshot-remove` (RKE1 SnapshotRemoveFromEtcdHosts): the snapshot off every etcd host, and off S3 when configured. */
export async function snapshotRemove(opts: SnapshotCommandOptions & { name: string }): Promise<void> {
  checkSnapshotName(opts.name);
  const log = opts.log;
  log.info('Starting snapshot remove on etcd hosts');
  await withEtcdSession(opts, async (s) => {
    for (const h of s.ctx.etcdHosts) {
      log.info(`[etcd] Removing snapshot [${opts.name}] from host [${h.address}]`);
      await runHelper(s, h, buildRemoveSnapshot(s.ctx, h, opts.name, { cleanup: false, ...(s.s3 ? { s3: s.s3 } : {}) }), `Removing snapshot [${opts.name}]`);
    }
  });
  log.info(`Finished removing snapshot [${opts.name}] from all etcd hosts`);
}
