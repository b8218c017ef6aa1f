/**
 * Reading and checking an RKE1 snapshot: the archive `<name>.zip` holds the etcd snapshot as entry
 * `/backup/<name>` and (RKE1 ≥ 1.1) the cluster state as `/etc/kubernetes/<name>.rkestate`; older
 * snapshots are the bare etcd file. Pure: everything that can be told from the bytes, so a damaged
 * snapshot is refused before any etcd member is stopped.
 */
import { createHash } from 'node:crypto';
import { archiveEntries } from './naming.js';
import { listZipEntries, readZipEntry, ZipError } from './zip.js';

export class SnapshotFileError extends Error {}

const SHA256_LEN = 32;
const BOLT_MAGIC = 0xed0cdaed;

/**
 * What `etcdctl snapshot save` writes: a bbolt database followed by the SHA-256 of it (the size is
 * then 32 more than a multiple of 512, which is how etcd's restore tells a hashed snapshot). Throws
 * when the file is truncated or its hash does not match; a bare database copy (no hash) passes when
 * its bbolt header is right, as etcd's restore with --skip-hash-check would take it.
 */
export function verifyEtcdSnapshotDb(db: Buffer, label: string): { hashed: boolean } {
  if (db.length < 4096 + 32) throw new SnapshotFileError(`${label} is ${db.length} bytes: too short for an etcd snapshot (truncated?)`);
  if (db.readUInt32LE(16) !== BOLT_MAGIC) throw new SnapshotFileError(`${label} is not an etcd snapshot (no bbolt database header)`);
  const rest = db.length % 512;
  if (rest === 0) return { hashed: false };
  if (rest !== SHA256_LEN) throw new SnapshotFileError(`${label} is ${db.length} bytes, not a whole etcd snapshot: the file is truncated or damaged`);
  const body = db.subarray(0, db.length - SHA256_LEN);
  const want = db.subarray(db.length - SHA256_LEN);
  const got = createHash('sha256').update(body).digest();
  if (!got.equals(want)) throw new SnapshotFileError(`${label} fails its SHA-256 check: the snapshot is corrupt`);
  return { hashed: true };
}

export interface SnapshotContents {
  /** The etcd snapshot, verified. */
  db: Buffer;
  /** The cluster state saved with it (RKE1 ≥ 1.1 archives), as text. */
  state?: string;
  format: 'archive' | 'db';
}

/** An archive `<name>.zip` → its verified etcd snapshot and state file. */
export function readSnapshotArchive(name: string, bytes: Buffer, label = `${name}.zip`): SnapshotContents {
  const want = archiveEntries(name);
  let entries;
  try {
    entries = listZipEntries(bytes);
  } catch (err) {
    throw new SnapshotFileError(`${label}: ${(err as Error).message}`);
  }
  // rke-tools stores full paths; tolerate archives written without the leading slash.
  const find = (n: string) => entries.find((e) => e.name === n || e.name === n.replace(/^\//, ''));
  const dbEntry = find(want.db);
  if (!dbEntry) throw new SnapshotFileError(`${label} has no entry [${want.db}] (entries: ${entries.map((e) => e.name).join(', ') || 'none'})`);
  let db: Buffer;
  let state: string | undefined;
  try {
    db = readZipEntry(bytes, dbEntry);
    const stateEntry = find(want.state);
    if (stateEntry) state = readZipEntry(bytes, stateEntry).toString('utf8');
  } catch (err) {
    if (err instanceof ZipError) throw new SnapshotFileError(`${label}: ${err.message}`);
    throw err;
  }
  verifyEtcdSnapshotDb(db, `${label} entry [${want.db}]`);
  return { db, ...(state !== undefined && state.trim() !== '' ? { state } : {}), format: 'archive' };
}

/** A bare etcd snapshot file → verified contents (no state). */
export function readSnapshotDb(bytes: Buffer, label: string): SnapshotContents {
  verifyEtcdSnapshotDb(bytes, label);
  return { db: bytes, format: 'db' };
}

export function md5Hex(data: Buffer): string {
  return createHash('md5').update(data).digest('hex');
}
