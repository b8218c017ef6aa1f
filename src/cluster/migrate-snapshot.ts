/**
 * An etcd snapshot for the RKE2 migration, taken and checked in throw-away helper containers on an
 * etcd host, so that nothing on the node changes: the snapshot is written inside the helper's own
 * file system, copied out over the Docker API, and the helper removed.
 *
 * (Kept here until `rke etcd snapshot-save` lands in src/etcd; then this should call it.)
 */
import { createHash } from 'node:crypto';
import type { ContainerCreateOptions } from 'dockerode';
import type { ClusterConfig, NodeConfig } from '../config/index.js';
import { HostError } from '../errors.js';
import type { DockerHost } from '../hosts/docker-host.js';
import type { PrivateRegistryAuth } from '../hosts/registry-auth.js';
import type { Logger } from '../log/logger.js';
import { certNameForHost } from '../pki/index.js';
import type { SnapshotInfo } from '../migrate/index.js';

const SAVE_CONTAINER = 'rke-migrate-snapshot-save';
const CHECK_CONTAINER = 'rke-migrate-snapshot-check';
const IN_CONTAINER = '/tmp/rke-migrate-snapshot.db';

export interface SnapshotTarget {
  docker: DockerHost;
  node: NodeConfig;
  config: ClusterConfig;
  registries: readonly PrivateRegistryAuth[];
  log: Logger;
}

interface Ran {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** create → (copy files in) → start → wait → logs → (copy out) → remove, always removing the helper. */
async function runHelper(
  docker: DockerHost,
  name: string,
  config: ContainerCreateOptions,
  opts: { put?: { dir: string; name: string; data: Buffer }; take?: string; timeoutMs?: number },
): Promise<Ran & { taken?: Buffer }> {
  await docker.removeContainer(name);
  await docker.createContainer(name, config);
  try {
    if (opts.put) await docker.putFiles(name, opts.put.dir, [{ name: opts.put.name, type: 'file', data: opts.put.data, mode: 0o600 }]);
    await docker.startContainer(name);
    const exitCode = await docker.waitContainer(name, opts.timeoutMs ?? 300_000);
    const { stdout, stderr } = await docker.containerLogs(name);
    const taken = exitCode === 0 && opts.take ? await docker.readFile(name, opts.take) : undefined;
    return { exitCode, stdout, stderr, ...(taken ? { taken } : {}) };
  } finally {
    await docker.removeContainer(name).catch(() => undefined);
  }
}

function etcdImage(config: ClusterConfig): string {
  const image = config.system_images?.etcd;
  if (!image) throw new HostError('no etcd image in system_images: cannot take the migration snapshot', { key: 'system_images.etcd' });
  return image;
}

function kubernetesDir(config: ClusterConfig): string {
  const prefix = (config.prefix_path ?? '/').replace(/\/+$/, '');
  return `${prefix}/etc/kubernetes`;
}

/** `etcdctl snapshot save` against the node's own etcd member, with its RKE1 certificates. */
export async function saveSnapshot(t: SnapshotTarget): Promise<Buffer> {
  const address = t.node.address ?? '';
  const internal = t.node.internal_address || address;
  const cert = certNameForHost({ address, internalAddress: internal }, 'kube-etcd');
  const ssl = '/etc/kubernetes/ssl';
  const image = etcdImage(t.config);
  await t.docker.ensureImage(image, t.registries);
  t.log.info(`[migrate] Taking an etcd snapshot on host [${address}]`);
  const out = await runHelper(
    t.docker,
    SAVE_CONTAINER,
    {
      Image: image,
      Entrypoint: ['/usr/local/bin/etcdctl'],
      Cmd: [
        `--endpoints=https://${internal}:2379`,
        `--cacert=${ssl}/kube-ca.pem`,
        `--cert=${ssl}/${cert}.pem`,
        `--key=${ssl}/${cert}-key.pem`,
        'snapshot',
        'save',
        IN_CONTAINER,
      ],
      Env: ['ETCDCTL_API=3'],
      HostConfig: { NetworkMode: 'host', Binds: [`${kubernetesDir(t.config)}:/etc/kubernetes:ro`] },
    },
    { take: IN_CONTAINER },
  );
  if (out.exitCode !== 0 || !out.taken) {
    throw new HostError(`etcd snapshot on host [${address}] failed (exit ${out.exitCode}): ${(out.stderr || out.stdout).trim()}`, { host: address });
  }
  return out.taken;
}

/** Runs an offline snapshot tool (etcdutl, or etcdctl where the image has no etcdutl) on a copy of the snapshot. */
async function offlineTool(t: SnapshotTarget, snapshot: Buffer, args: string[]): Promise<Ran & { tool: string }> {
  const image = etcdImage(t.config);
  let last: Ran | undefined;
  for (const tool of ['etcdutl', 'etcdctl']) {
    try {
      const ran = await runHelper(
        t.docker,
        CHECK_CONTAINER,
        { Image: image, Entrypoint: [`/usr/local/bin/${tool}`], Cmd: args, Env: ['ETCDCTL_API=3'], HostConfig: { NetworkMode: 'none' } },
        { put: { dir: '/tmp', name: 'rke-migrate-snapshot.db', data: snapshot } },
      );
      return { ...ran, tool };
    } catch (err) {
      // an image without etcdutl fails at start ("executable file not found"): try etcdctl
      if (!/not found|no such file/i.test((err as Error).message)) throw err;
      last = { exitCode: -1, stdout: '', stderr: (err as Error).message };
    }
  }
  throw new HostError(`neither etcdutl nor etcdctl runs in ${image}: ${last?.stderr ?? ''}`, { host: t.node.address ?? '' });
}

/**
 * Takes the snapshot and proves it restorable: `snapshot status` reads it, and a trial
 * `snapshot restore` into a scratch data directory (RKE2's layout) inside a helper succeeds.
 */
export async function takeVerifiedSnapshot(t: SnapshotTarget, file: string, now: () => Date = () => new Date()): Promise<{ data: Buffer; info: SnapshotInfo }> {
  const data = await saveSnapshot(t);
  const takenAt = now().toISOString();
  const address = t.node.address ?? '';
  const status = await offlineTool(t, data, ['snapshot', 'status', IN_CONTAINER, '-w', 'json']);
  if (status.exitCode !== 0) throw new HostError(`snapshot status failed on host [${address}]: ${(status.stderr || status.stdout).trim()}`, { host: address });
  let parsed: { hash?: number; revision?: number; totalKey?: number };
  try {
    parsed = JSON.parse(status.stdout.trim().split('\n').pop() ?? '') as typeof parsed;
  } catch {
    throw new HostError(`snapshot status on host [${address}] printed no JSON: ${status.stdout.trim()}`, { host: address });
  }
  const restoreArgs = ['snapshot', 'restore', IN_CONTAINER, '--data-dir', '/tmp/rke2/server/db/etcd', '--skip-hash-check=false'];
  const restore = await offlineTool(t, data, restoreArgs);
  if (restore.exitCode !== 0) throw new HostError(`trial restore of the snapshot failed on host [${address}]: ${(restore.stderr || restore.stdout).trim()}`, { host: address });
  t.log.info(`[migrate] Snapshot verified: revision ${parsed.revision}, ${parsed.totalKey} keys, trial restore with ${restore.tool} succeeded`);
  return {
    data,
    info: {
      file,
      host: address,
      sha256: createHash('sha256').update(data).digest('hex'),
      sizeBytes: data.length,
      revision: parsed.revision ?? 0,
      totalKeys: parsed.totalKey ?? 0,
      hash: parsed.hash ?? 0,
      verifiedWith: `${status.tool} snapshot status; ${restore.tool} ${restoreArgs.join(' ')}`,
      takenAt,
    },
  };
}
