/**
 * Decisions a restore makes before touching anything, from what was found on the hosts. Pure.
 */
import type { FullState } from '../state/index.js';
import { archivePath, dbPath } from './naming.js';

export class SnapshotRestoreRefused extends Error {
  constructor(
    message: string,
    /** The hosts the refusal is about (e.g. those missing the snapshot). */
    readonly hosts: string[] = [],
  ) {
    super(message);
  }
}

export interface SnapshotPresence {
  /** Size of `<name>.zip` on the host; undefined when absent. */
  archiveSize?: number;
  /** Size of the bare `<name>` file; undefined when absent. */
  dbSize?: number;
}

export interface RestoreSource {
  /** Etcd host whose copy every member is restored from (the first etcd host, as RKE1 serves from it). */
  host: string;
  file: string;
  format: 'archive' | 'db';
}

/**
 * Every etcd host must hold the snapshot: RKE1 would copy it from a peer, but a snapshot that is
 * missing on some member usually means the wrong name or a host that is not the one that was
 * snapshotted, so rke-ts stops and says which hosts lack it.
 */
export function chooseRestoreSource(name: string, etcdHosts: readonly string[], presence: Readonly<Record<string, SnapshotPresence>>): RestoreSource {
  if (etcdHosts.length === 0) throw new SnapshotRestoreRefused('there is no etcd host to restore a snapshot on (external etcd?)');
  const has = (h: string) => presence[h]?.archiveSize !== undefined || presence[h]?.dbSize !== undefined;
  const missing = etcdHosts.filter((h) => !has(h));
  if (missing.length === etcdHosts.length) {
    throw new SnapshotRestoreRefused(
      `snapshot [${name}] was not found on any etcd host: looked for [${archivePath(name)}] and [${dbPath(name)}] on host(s) [${missing.join(', ')}]; ` +
        'check the name with `rke etcd snapshot-list`',
      missing,
    );
  }
  if (missing.length > 0) {
    const present = etcdHosts.filter(has);
    throw new SnapshotRestoreRefused(
      `snapshot [${name}] is missing on etcd host(s) [${missing.join(', ')}] (present on [${present.join(', ')}]); ` +
        `nothing was changed. Copy [${archivePath(name)}] to those hosts, or restore a snapshot every etcd host has`,
      missing,
    );
  }
  const host = etcdHosts[0]!;
  const p = presence[host]!;
  return p.archiveSize !== undefined ? { host, file: archivePath(name), format: 'archive' } : { host, file: dbPath(name), format: 'db' };
}

export type StateChoice = { from: 'snapshot'; state: FullState } | { from: 'local'; state: FullState };

/**
 * RKE1 RestoreEtcdSnapshot: the state saved in the snapshot wins unless --use-local-state; without
 * one, the local state file is used; with neither there are no certificates to restore with.
 */
export function chooseRestoreState(opts: {
  name: string;
  useLocalState: boolean;
  fromSnapshot?: FullState;
  local?: FullState;
  statePath: string;
}): StateChoice {
  if (!opts.useLocalState && opts.fromSnapshot) return { from: 'snapshot', state: opts.fromSnapshot };
  if (opts.local) return { from: 'local', state: opts.local };
  throw new SnapshotRestoreRefused(
    opts.useLocalState
      ? `--use-local-state was given but the state file [${opts.statePath}] does not exist`
      : `snapshot [${opts.name}] holds no cluster state and the state file [${opts.statePath}] does not exist: there are no certificates to restore the cluster with`,
  );
}

/** RKE1 writes the chosen state with an empty current state: the next `up` builds everything anew. */
export function stateForRestore(state: FullState): FullState {
  return { desiredState: state.desiredState, currentState: {} };
}

/** Each host's md5 of the distributed snapshot must be the source's (RKE1: "etcd snapshots are not consistent"). */
export function inconsistentHosts(expected: string, checksums: Readonly<Record<string, string>>): string[] {
  return Object.entries(checksums)
    .filter(([, sum]) => sum.trim() !== expected)
    .map(([host]) => host);
}
