/**
 * Snapshot names and where their files live (RKE1 cmd/etcd.go, rke-tools). Pure.
 *
 *   rke etcd snapshot-save            → rke_etcd_snapshot_<RFC3339 local time>
 *   etcd-rolling-snapshots            → <RFC3339 time>_etcd
 *   on every etcd host                → /opt/rke/etcd-snapshots/<name>.zip (archive), <name> (db, transient)
 */
import { ETCD_SNAPSHOT_PATH } from '../desired/containers/etcd-rolling-snapshots.js';

export const SNAPSHOT_DIR = ETCD_SNAPSHOT_PATH.replace(/\/$/, '');
export const ARCHIVE_SUFFIX = '.zip';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Go's time.Format(time.RFC3339) for `date` at a UTC offset in minutes (east positive): `Z` at 0. */
export function goRfc3339(date: Date, offsetMinutes = -date.getTimezoneOffset()): string {
  const shifted = new Date(date.getTime() + offsetMinutes * 60_000);
  const base =
    `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}` +
    `T${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}`;
  if (offsetMinutes === 0) return `${base}Z`;
  const abs = Math.abs(offsetMinutes);
  return `${base}${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The name RKE1 gives a snapshot saved without --name. */
export function defaultSnapshotName(now: Date, offsetMinutes?: number): string {
  return `rke_etcd_snapshot_${goRfc3339(now, offsetMinutes)}`;
}

/**
 * A snapshot name is a file name in the snapshot directory and an S3 key: it must not be empty, be
 * a path, or hold characters a shell would act on (RKE1 passes it into `sh -c` for etcd-restore).
 */
export function snapshotNameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'the snapshot name is empty';
  if (name.includes('/') || name === '.' || name === '..') return `the snapshot name [${name}] must be a file name, not a path`;
  if (/[\s'"`$\\;&|<>*?()[\]{}!#~]/.test(name)) return `the snapshot name [${name}] holds characters that are not allowed in a snapshot file name`;
  return undefined;
}

/** RKE1 warns (and keeps the name as given) when a restore name ends in .zip. */
export function zipSuffixWarning(name: string): string | undefined {
  return name.endsWith(ARCHIVE_SUFFIX)
    ? `The snapshot name [${name}] ends with the file extension (.zip) which is not needed, the snapshot name should be provided without the extension`
    : undefined;
}

export function archivePath(name: string): string {
  return `${SNAPSHOT_DIR}/${name}${ARCHIVE_SUFFIX}`;
}

export function dbPath(name: string): string {
  return `${SNAPSHOT_DIR}/${name}`;
}

/** The entries of an RKE1 1.x snapshot archive: the db under /backup, the state under /etc/kubernetes. */
export function archiveEntries(name: string): { db: string; state: string } {
  return { db: `/backup/${name}`, state: `/etc/kubernetes/${name}.rkestate` };
}

const ROLLING = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d))_etcd$/;

/** The time in a rolling snapshot's name (`<RFC3339>_etcd`), undefined for other names. */
export function rollingSnapshotTime(name: string): Date | undefined {
  const m = ROLLING.exec(name);
  if (!m) return undefined;
  const t = new Date(m[1]!);
  return Number.isNaN(t.getTime()) ? undefined : t;
}

export interface SnapshotFile {
  /** File name in the snapshot directory. */
  file: string;
  size: number;
  /** Modification time, seconds since the epoch. */
  mtime: number;
}

export interface SnapshotEntry {
  name: string;
  /** `archive`: <name>.zip (RKE1 ≥ 1.1); `db`: a bare etcd snapshot file (older RKE, or a restore leftover). */
  kind: 'archive' | 'db';
  size: number;
  mtime: number;
  rolling: boolean;
}

/** Snapshot directory listing → snapshots (other files, e.g. pki.bundle.tar.gz, are left out). */
export function snapshotsFromFiles(files: readonly SnapshotFile[]): SnapshotEntry[] {
  const names = new Set(files.map((f) => f.file));
  const out: SnapshotEntry[] = [];
  for (const f of files) {
    if (f.file.endsWith(ARCHIVE_SUFFIX)) {
      const name = f.file.slice(0, -ARCHIVE_SUFFIX.length);
      out.push({ name, kind: 'archive', size: f.size, mtime: f.mtime, rolling: rollingSnapshotTime(name) !== undefined });
    } else if (!names.has(`${f.file}${ARCHIVE_SUFFIX}`) && !/\.(tar\.gz|tgz|rkestate)$/.test(f.file) && !f.file.startsWith('.')) {
      out.push({ name: f.file, kind: 'db', size: f.size, mtime: f.mtime, rolling: rollingSnapshotTime(f.file) !== undefined });
    }
  }
  return out.sort((a, b) => a.mtime - b.mtime || a.name.localeCompare(b.name));
}

/** Parses `<size> <mtime> <file>` lines (what the listing helper prints). */
export function parseListing(text: string): SnapshotFile[] {
  const out: SnapshotFile[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+) (\d+) (.+)$/.exec(line.trim());
    if (m) out.push({ size: Number(m[1]), mtime: Number(m[2]), file: m[3]! });
  }
  return out;
}
