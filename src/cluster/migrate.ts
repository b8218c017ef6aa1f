/**
 * `rke migrate rke2`: the effectful edge of the migration. Reads cluster.yml, cluster.rkestate and
 * (when it answers) the live cluster; for a bundle it also takes an etcd snapshot in helper
 * containers, proves it restorable, and only then moves the finished bundle into place.
 * Nothing on the nodes is changed.
 */
import { randomBytes } from 'node:crypto';
import { access, chmod, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { loadClusterConfig, type CliConfigFlags, type ClusterConfig } from '../config/index.js';
import { RkeError } from '../errors.js';
import { HostConnectionPool } from '../hosts/connection-pool.js';
import { hostSpecFromNode, registriesFromConfig } from '../hosts/from-config.js';
import { kubeClientsFromKubeconfig } from '../k8s/client.js';
import { isNodeReady } from '../k8s/nodes.js';
import type { Logger } from '../log/logger.js';
import { assess, renderBundle, SNAPSHOT_FILE, type Assessment, type LiveCluster, type MigrationInput, type SnapshotInfo } from '../migrate/index.js';
import { adminKubeconfig } from '../pki/index.js';
import { readStateFile, stateFilePath, type FullState } from '../state/index.js';
import { loadVersionTableAsync } from '../versions/index.js';
import { takeVerifiedSnapshot } from './migrate-snapshot.js';

export interface MigrateRke2Options {
  configPath: string;
  log: Logger;
  flags?: CliConfigFlags;
  /** Ask the live cluster (Kubernetes API) for node names and version. Default true. */
  live?: boolean;
}

export interface MigrateBundleOptions extends MigrateRke2Options {
  outDir: string;
  /** Take and verify an etcd snapshot (default true; false gives a bundle without one). */
  snapshot?: boolean;
}

export interface MigrateBundleResult {
  assessment: Assessment;
  outDir: string;
  snapshot?: SnapshotInfo;
  files: string[];
}

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T | undefined> =>
  Promise.race([p.catch(() => undefined), new Promise<undefined>((r) => setTimeout(() => r(undefined), ms))]);

/** Node names, readiness and version from the API, with the admin credentials in the state; undefined when it does not answer. */
export async function observeLiveCluster(config: ClusterConfig, state: FullState, log: Logger): Promise<LiveCluster | undefined> {
  const bundle = state.currentState.certificatesBundle ?? state.desiredState.certificatesBundle;
  const cp = config.nodes?.find((n) => n.role?.includes('controlplane'));
  if (!bundle || !cp?.address) return undefined;
  const clients = kubeClientsFromKubeconfig(adminKubeconfig(bundle, cp.address, config.cluster_name || 'local'));
  const list = await withTimeout(clients.core.listNode(), 5_000);
  if (!list) {
    log.debug('[migrate] the Kubernetes API did not answer: assessing without the live cluster');
    return undefined;
  }
  const version = await withTimeout(clients.config.makeApiClient(k8s.VersionApi).getCode(), 5_000);
  return {
    ...(version?.gitVersion ? { serverVersion: version.gitVersion } : {}),
    nodes: list.items.map((n) => ({
      name: n.metadata?.name ?? '',
      kubeletVersion: n.status?.nodeInfo?.kubeletVersion ?? '',
      ready: isNodeReady(n),
      ...(n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ? { internalIp: n.status!.addresses!.find((a) => a.type === 'InternalIP')!.address } : {}),
    })),
  };
}

async function migrationInput(opts: MigrateRke2Options): Promise<MigrationInput> {
  const table = await loadVersionTableAsync();
  const loaded = await loadClusterConfig(opts.configPath, { table, ...(opts.flags ? { flags: opts.flags } : {}) });
  const state = await readStateFile(stateFilePath(opts.configPath));
  const live = opts.live === false ? undefined : await observeLiveCluster(loaded.config, state, opts.log);
  return { raw: loaded.raw, config: loaded.config, state, tokenSecret: randomBytes(24).toString('hex'), ...(live ? { live } : {}) };
}

/** The read-only assessment. */
export async function assessRke2Migration(opts: MigrateRke2Options): Promise<Assessment> {
  return assess(await migrationInput(opts)).assessment;
}

async function ensureFreshOutDir(outDir: string): Promise<void> {
  const exists = await access(outDir).then(() => true, () => false);
  if (exists && (await readdir(outDir)).length > 0) {
    throw new RkeError(`bundle directory [${outDir}] exists and is not empty: choose another --out`, { file: outDir });
  }
}

async function snapshotFor(input: MigrationInput, log: Logger): Promise<{ data: Buffer; info: SnapshotInfo } | undefined> {
  const config = input.config;
  if ((config.services?.etcd?.external_urls ?? []).length > 0) {
    log.warn('[migrate] external etcd: no snapshot is taken (the datastore stays where it is)');
    return undefined;
  }
  const etcdNodes = (config.nodes ?? []).filter((n) => n.role?.includes('etcd'));
  const pool = new HostConnectionPool({ log });
  try {
    let lastError: unknown;
    for (const node of etcdNodes) {
      try {
        const connection = await pool.connect(hostSpecFromNode(node, config));
        return await takeVerifiedSnapshot({ docker: connection.docker, node, config, registries: registriesFromConfig(config), log }, SNAPSHOT_FILE);
      } catch (err) {
        lastError = err;
        log.warn(`[migrate] snapshot on host [${node.address}] failed: ${(err as Error).message}`);
      }
    }
    throw lastError instanceof Error ? lastError : new RkeError('no etcd host to take the migration snapshot from');
  } finally {
    await pool.closeAll();
  }
}

/**
 * Writes the bundle into `<out>.partial` and renames it to `<out>` only once every file, and the
 * verified snapshot, is in place: a directory named `<out>` is always a complete bundle.
 */
export async function writeRke2MigrationBundle(opts: MigrateBundleOptions): Promise<MigrateBundleResult> {
  const outDir = resolve(opts.outDir);
  await ensureFreshOutDir(outDir);
  const base = await migrationInput(opts);
  const snapshot = opts.snapshot === false ? undefined : await snapshotFor(base, opts.log);
  const input = { ...base, ...(snapshot ? { snapshot: snapshot.info } : {}) };
  const rendered = renderBundle(input);
  const partial = `${outDir}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true, mode: 0o700 });
  for (const f of rendered.files) {
    const path = join(partial, f.path);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(path, f.content, { mode: f.mode });
    await chmod(path, f.mode);
  }
  if (snapshot) await writeFile(join(partial, SNAPSHOT_FILE), snapshot.data, { mode: 0o600 });
  await rm(outDir, { recursive: true, force: true });
  await rename(partial, outDir);
  opts.log.info(`[migrate] Bundle written to ${outDir} (${rendered.files.length + (snapshot ? 1 : 0)} files); read MIGRATION.md`);
  return {
    assessment: rendered.assessment,
    outDir,
    ...(snapshot ? { snapshot: snapshot.info } : {}),
    files: [...rendered.files.map((f) => f.path), ...(snapshot ? [SNAPSHOT_FILE] : [])].sort(),
  };
}
