/**
 * `rke etcd snapshot-restore --name N` (RKE1 cmd/etcd.go RestoreEtcdSnapshot, cluster/etcd.go):
 *
 *   1. with S3 configured, fetch the snapshot onto every etcd host (falls back to local copies);
 *   2. check, touching nothing: the snapshot is on every etcd host and every copy is whole
 *      (zip structure, CRC, etcd's SHA-256 trailer) — else refuse, naming the hosts;
 *   3. pick the state: the one in the archive, unless --use-local-state or there is none;
 *      write it with an empty current state;
 *   4. put the first host's snapshot on every etcd host and check the md5 everywhere;
 *   5. clean every node (RKE1 CleanupNodes), `etcdctl snapshot restore` on each etcd host with the
 *      full member list;
 *   6. `rke up` from the restored state, restart the pods RKE1 restarts, drop Nodes that are gone.
 */
import { readFile } from 'node:fs/promises';
import type { HostContext } from '../desired/index.js';
import { RkeError } from '../errors.js';
import {
  buildChecksumChecker,
  buildDownloadFromS3,
  buildEtcdRestore,
  buildRemoveSnapshot,
  chooseRestoreSource,
  chooseRestoreState,
  inconsistentHosts,
  md5Hex,
  readSnapshotArchive,
  readSnapshotDb,
  SnapshotFileError,
  SnapshotRestoreRefused,
  stateForRestore,
  zipSuffixWarning,
  type SnapshotContents,
  type SnapshotPresence,
} from '../etcd/index.js';
import { kubeClientsFromKubeconfig } from '../k8s/client.js';
import { deleteNode } from '../k8s/nodes.js';
import type { Logger } from '../log/logger.js';
import { parseState, readStateFileIfExists, writeStateFile, type FullState } from '../state/index.js';
import { cleanHost } from './clean-host.js';
import { restartClusterPods } from './rotate.js';
import { nodeRoles } from './inputs.js';
import { checkSnapshotName } from './snapshot.js';
import { listSnapshotDir, openEtcdSession, readSnapshotDirFile, runHelper, writeSnapshotDirFile, type EtcdSession, type SnapshotCommandOptions } from './snapshot-hosts.js';
import { up, type UpResult } from './up.js';
import { hostContextFor } from './clean-host.js';

export interface SnapshotRestoreOptions extends SnapshotCommandOptions {
  name: string;
  /** Use the local state file even when the snapshot carries one. */
  useLocalState?: boolean;
  parallelism?: number;
}

export interface SnapshotRestoreResult {
  name: string;
  sourceHost: string;
  stateFrom: 'snapshot' | 'local';
  up: UpResult;
}

/** Refusals before anything changed: typed, with the hosts they name. */
export class SnapshotRestoreError extends RkeError {}

async function fetchFromS3(s: EtcdSession, name: string, log: Logger): Promise<void> {
  if (!s.s3) {
    log.info(s.ctx.services.etcd.raw.backup_config ? '[etcd] etcd snapshot configuration found and no s3 backup configuration found, will use local as source' : '[etcd] No etcd snapshot configuration found, will use local as source');
    return;
  }
  log.info('[etcd] etcd s3 backup configuration found, will use s3 as source');
  for (const h of s.ctx.etcdHosts) {
    log.info(`[etcd] Snapshot [${name}] will be downloaded on host [${h.address}] from S3 compatible backend at [${s.s3.endpoint}] from bucket [${s.s3.bucket_name}]`);
    try {
      await runHelper(s, h, buildDownloadFromS3(s.ctx, h, name, s.s3), `Downloading snapshot [${name}] from s3`);
    } catch (err) {
      log.warn(`failed to download snapshot [${name}] from s3 on host [${h.address}]: ${(err as Error).message}`);
      log.warn('[etcd] etcd snapshot configuration found and s3 backup configuration failed, falling back to use local as source');
      return;
    }
  }
}

async function presenceOnHosts(s: EtcdSession, name: string): Promise<Record<string, SnapshotPresence>> {
  const out: Record<string, SnapshotPresence> = {};
  await Promise.all(
    s.ctx.etcdHosts.map(async (h) => {
      const files = await listSnapshotDir(s, h);
      const zip = files.find((f) => f.file === `${name}.zip`);
      const db = files.find((f) => f.file === name);
      out[h.address] = { ...(zip ? { archiveSize: zip.size } : {}), ...(db && !zip ? { dbSize: db.size } : {}) };
    }),
  );
  return out;
}

/** Reads and verifies a host's copy; a damaged one is a refusal naming the host. */
async function verifiedCopy(s: EtcdSession, host: HostContext, name: string, presence: SnapshotPresence): Promise<SnapshotContents> {
  const file = presence.archiveSize !== undefined ? `${name}.zip` : name;
  const bytes = await readSnapshotDirFile(s, host, file);
  const label = `snapshot file [/opt/rke/etcd-snapshots/${file}] on host [${host.address}]`;
  try {
    return presence.archiveSize !== undefined ? readSnapshotArchive(name, bytes, label) : readSnapshotDb(bytes, label);
  } catch (err) {
    if (err instanceof SnapshotFileError) {
      throw new SnapshotRestoreError(`refusing to restore snapshot [${name}]: ${err.message}; nothing was stopped or changed`, { host: host.address });
    }
    throw err;
  }
}

function stateFromArchive(name: string, contents: SnapshotContents, log: Logger): FullState | undefined {
  if (!contents.state) return undefined;
  try {
    return parseState(contents.state, `${name}.zip:/etc/kubernetes/${name}.rkestate`);
  } catch (err) {
    log.warn(`the state file in snapshot [${name}] cannot be used: ${(err as Error).message}`);
    return undefined;
  }
}

/** RKE1 RemoveOldNodes: Node objects restored from the snapshot for hosts no longer in cluster.yml. */
async function removeOldNodes(kubeconfig: string, keep: string[], log: Logger): Promise<void> {
  const k = kubeClientsFromKubeconfig(kubeconfig);
  const nodes = await k.core.listNode();
  for (const n of nodes.items) {
    const name = n.metadata?.name ?? '';
    if (name && !keep.includes(name)) {
      log.info(`[hosts] Removing node [${name}] that is no longer in the cluster`);
      await deleteNode(k, name);
    }
  }
}

export async function snapshotRestore(opts: SnapshotRestoreOptions): Promise<SnapshotRestoreResult> {
  const log = opts.log;
  const name = opts.name;
  if (!name) throw new RkeError('you must specify the snapshot name to restore');
  const zipWarning = zipSuffixWarning(name);
  if (zipWarning) log.warn(zipWarning);
  checkSnapshotName(name);

  const s = await openEtcdSession(opts);
  let sourceHost: string;
  let stateFrom: 'snapshot' | 'local';
  try {
    const etcdHosts = s.ctx.etcdHosts;
    await fetchFromS3(s, name, log);

    // --- checks: nothing on the cluster changes until all of these pass
    log.info(`Checking snapshot [${name}] on etcd host(s) [${etcdHosts.map((h) => h.address).join(', ')}]`);
    const presence = await presenceOnHosts(s, name);
    let source;
    try {
      source = chooseRestoreSource(name, etcdHosts.map((h) => h.address), presence);
    } catch (err) {
      if (err instanceof SnapshotRestoreRefused) throw new SnapshotRestoreError(err.message, { host: err.hosts.join(',') });
      throw err;
    }
    sourceHost = source.host;
    const copies = new Map<string, SnapshotContents>();
    for (const h of etcdHosts) copies.set(h.address, await verifiedCopy(s, h, name, presence[h.address]!));
    const contents = copies.get(source.host)!;
    log.info(`[etcd] Snapshot [${name}] is whole on every etcd host; restoring every member from the copy on host [${source.host}]`);

    let fromSnapshot: FullState | undefined;
    if (!opts.useLocalState) {
      log.info(`Checking if state file is included in snapshot file for [${name}]`);
      fromSnapshot = stateFromArchive(name, contents, log);
      if (fromSnapshot) log.info(`State file is successfully extracted from snapshot [${name}]`);
      else log.info(`Could not extract state file from snapshot [${name}] on any host, falling back to local state file`);
    } else {
      log.info(`Not checking if state file is included in snapshot file for [${name}], using local state file [${s.prepared.statePath}]`);
    }
    const local = fromSnapshot && !opts.useLocalState ? undefined : await readStateFileIfExists(s.prepared.statePath);
    let choice;
    try {
      choice = chooseRestoreState({ name, useLocalState: opts.useLocalState ?? false, ...(fromSnapshot ? { fromSnapshot } : {}), ...(local ? { local } : {}), statePath: s.prepared.statePath });
    } catch (err) {
      if (err instanceof SnapshotRestoreRefused) throw new SnapshotRestoreError(err.message, { file: s.prepared.statePath });
      throw err;
    }
    stateFrom = choice.from;

    // --- from here on the cluster changes
    log.info(`Restoring etcd snapshot ${name}`);
    await writeStateFile(s.prepared.statePath, stateForRestore(choice.state));
    const md5 = md5Hex(contents.db);
    await Promise.all(etcdHosts.map((h) => writeSnapshotDirFile(s, h, name, contents.db)));
    log.info('[etcd] Checking if all snapshots are identical');
    const sums: Record<string, string> = {};
    for (const h of etcdHosts) {
      sums[h.address] = (await runHelper(s, h, buildChecksumChecker(s.ctx, h, name), 'Checksum of the etcd snapshot')).trim();
      log.info(`[etcd] Checksum of etcd snapshot on host [${h.address}] is [${sums[h.address]}]`);
    }
    const bad = inconsistentHosts(md5, sums);
    if (bad.length > 0) throw new SnapshotRestoreError(`etcd snapshots are not consistent on host(s) [${bad.join(', ')}]`, { host: bad.join(',') });

    log.info('Cleaning old kubernetes cluster');
    const nodes = (s.prepared.config.nodes ?? []).filter((n) => s.connected.connections.has(n.address ?? ''));
    await Promise.all(
      nodes.map((n) =>
        cleanHost(s.connected.connections.get(n.address ?? '')!, s.ctx, hostContextFor(s.ctx, n.address ?? '', nodeRoles(n)), {
          externalEtcd: false,
          registries: s.registries,
          log,
          removePodContainers: true,
        }),
      ),
    );
    for (const h of etcdHosts) {
      log.info(`[etcd] Restoring [${name}] snapshot on etcd host [${h.address}]`);
      await runHelper(s, h, buildEtcdRestore(s.ctx, h, name), 'Failed to run etcd restore container:');
      // RKE1 also passes the S3 flags here, which makes rke-tools delete the snapshot from S3 as well;
      // only the unzipped local leftover is meant to go.
      await runHelper(s, h, buildRemoveSnapshot(s.ctx, h, name, { cleanup: true }), `Removing the unzipped snapshot [${name}]`);
    }
  } finally {
    await s.close();
  }

  const result = await up({
    configPath: opts.configPath,
    ...(opts.flags ? { flags: opts.flags } : {}),
    ignoreDockerVersion: opts.ignoreDockerVersion ?? false,
    ...(opts.customCerts !== undefined ? { customCerts: opts.customCerts } : {}),
    ...(opts.certDir ? { certDir: opts.certDir } : {}),
    ...(opts.parallelism ? { parallelism: opts.parallelism } : {}),
    log,
  });
  const kubeconfig = await readFile(result.kubeconfigPath, 'utf8');
  await restartClusterPods(kubeClientsFromKubeconfig(kubeconfig), log);
  const keep = (s.prepared.config.nodes ?? []).map((n) => (n.hostname_override || n.address || '').toLowerCase());
  await removeOldNodes(kubeconfig, keep, log);
  log.info(`Finished restoring snapshot [${name}] on all etcd hosts`);
  return { name, sourceHost, stateFrom, up: result };
}

