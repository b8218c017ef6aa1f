import { describe, expect, it } from 'vitest';
import {
  archiveEntries,
  archivePath,
  dbPath,
  defaultSnapshotName,
  goRfc3339,
  parseListing,
  rollingSnapshotTime,
  snapshotNameProblem,
  snapshotsFromFiles,
  zipSuffixWarning,
} from '../../../src/etcd/index.js';

describe('snapshot names', () => {
  const t = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));

  it('formats times like Go time.RFC3339 (Z at UTC, ±hh:mm elsewhere)', () => {
    expect(goRfc3339(t, 0)).toBe('2024-01-02T03:04:05Z');
    expect(goRfc3339(t, 120)).toBe('2024-01-02T05:04:05+02:00');
    expect(goRfc3339(t, -330)).toBe('2024-01-01T21:34:05-05:30');
  });

  it('names an unnamed snapshot like RKE1', () => {
    expect(defaultSnapshotName(t, 0)).toBe('rke_etcd_snapshot_2024-01-02T03:04:05Z');
  });

  it('puts archives and dbs in /opt/rke/etcd-snapshots with RKE1 entry names', () => {
    expect(archivePath('s1')).toBe('/opt/rke/etcd-snapshots/s1.zip');
    expect(dbPath('s1')).toBe('/opt/rke/etcd-snapshots/s1');
    expect(archiveEntries('s1')).toEqual({ db: '/backup/s1', state: '/etc/kubernetes/s1.rkestate' });
  });

  it('refuses names that are paths or carry shell characters, accepts RKE1 default and rolling names', () => {
    expect(snapshotNameProblem('')).toMatch(/empty/);
    expect(snapshotNameProblem('../x')).toMatch(/path/);
    expect(snapshotNameProblem('a b')).toMatch(/not allowed/);
    expect(snapshotNameProblem('a;rm -rf /')).toBeDefined();
    expect(snapshotNameProblem('$(id)')).toBeDefined();
    expect(snapshotNameProblem(defaultSnapshotName(t, 0))).toBeUndefined();
    expect(snapshotNameProblem('2024-01-02T03:04:05+02:00_etcd')).toBeUndefined();
  });

  it('warns about a .zip suffix without changing the name', () => {
    expect(zipSuffixWarning('x.zip')).toMatch(/ends with the file extension \(\.zip\)/);
    expect(zipSuffixWarning('x')).toBeUndefined();
  });

  it('reads the time of rolling snapshots only', () => {
    expect(rollingSnapshotTime('2024-01-02T03:04:05Z_etcd')?.toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect(rollingSnapshotTime('2024-01-02T05:04:05+02:00_etcd')?.toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect(rollingSnapshotTime('rke_etcd_snapshot_2024-01-02T03:04:05Z')).toBeUndefined();
    expect(rollingSnapshotTime('nightly')).toBeUndefined();
  });

  it('turns a directory listing into snapshots, oldest first, leaving out other files and unzip leftovers', () => {
    const files = parseListing(
      ['100 20 b.zip', '5 30 b', '7 10 2024-01-02T03:04:05Z_etcd.zip', '9 40 legacy', '3 1 pki.bundle.tar.gz', 'garbage line', ''].join('\n'),
    );
    expect(files).toHaveLength(5);
    expect(snapshotsFromFiles(files)).toEqual([
      { name: '2024-01-02T03:04:05Z_etcd', kind: 'archive', size: 7, mtime: 10, rolling: true },
      { name: 'b', kind: 'archive', size: 100, mtime: 20, rolling: false },
      { name: 'legacy', kind: 'db', size: 9, mtime: 40, rolling: false },
    ]);
  });
});
