import { describe, expect, it } from 'vitest';
import { listZipEntries, md5Hex, readSnapshotArchive, readSnapshotDb, SnapshotFileError, verifyEtcdSnapshotDb } from '../../../src/etcd/index.js';
import { fakeEtcdDb, makeZip } from './fixtures.js';

const STATE = '{"desiredState":{},"currentState":{}}';

describe('etcd snapshot db check', () => {
  it('accepts a hashed snapshot and a bare db copy', () => {
    expect(verifyEtcdSnapshotDb(fakeEtcdDb(3, true), 'db')).toEqual({ hashed: true });
    expect(verifyEtcdSnapshotDb(fakeEtcdDb(3, false), 'db')).toEqual({ hashed: false });
  });

  it('refuses a truncated snapshot', () => {
    const db = fakeEtcdDb(3, true);
    expect(() => verifyEtcdSnapshotDb(db.subarray(0, db.length - 1000), 'x')).toThrow(/truncated/);
    expect(() => verifyEtcdSnapshotDb(db.subarray(0, 100), 'x')).toThrow(/too short/);
  });

  it('refuses a snapshot whose content does not match its SHA-256 trailer', () => {
    const db = fakeEtcdDb(3, true);
    db[5000] = db[5000]! ^ 0xff;
    expect(() => verifyEtcdSnapshotDb(db, 'x')).toThrow(/SHA-256/);
  });

  it('refuses a file that is not a bbolt database', () => {
    const db = fakeEtcdDb(3, true);
    db.writeUInt32LE(0, 16);
    expect(() => verifyEtcdSnapshotDb(db, 'x')).toThrow(/bbolt/);
  });
});

describe('RKE1 snapshot archive', () => {
  const db = fakeEtcdDb(4, true);
  const zip = makeZip([
    { name: '/backup/snap1', data: db },
    { name: '/etc/kubernetes/snap1.rkestate', data: Buffer.from(STATE) },
  ]);

  it('lists entries from the central directory', () => {
    expect(listZipEntries(zip).map((e) => [e.name, e.method, e.size])).toEqual([
      ['/backup/snap1', 8, db.length],
      ['/etc/kubernetes/snap1.rkestate', 8, STATE.length],
    ]);
  });

  it('gives back the verified db and the state file', () => {
    const c = readSnapshotArchive('snap1', zip);
    expect(c.format).toBe('archive');
    expect(md5Hex(c.db)).toBe(md5Hex(db));
    expect(c.state).toBe(STATE);
  });

  it('reads an archive without a state file (older rke-tools) and stored entries', () => {
    const c = readSnapshotArchive('snap1', makeZip([{ name: '/backup/snap1', data: db, store: true }]));
    expect(c.state).toBeUndefined();
    expect(c.db.equals(db)).toBe(true);
  });

  it('refuses a truncated archive, at any cut', () => {
    for (const keep of [zip.length - 1, zip.length - 30, Math.floor(zip.length / 2), 10]) {
      expect(() => readSnapshotArchive('snap1', zip.subarray(0, keep), 'f.zip')).toThrow(SnapshotFileError);
    }
    expect(() => readSnapshotArchive('snap1', zip.subarray(0, zip.length - 5), 'f.zip')).toThrow(/f\.zip: .*truncated/);
  });

  it('refuses an archive whose data was damaged (CRC or inflate)', () => {
    const bad = Buffer.from(zip);
    bad[200] = bad[200]! ^ 0x55;
    expect(() => readSnapshotArchive('snap1', bad)).toThrow(SnapshotFileError);
  });

  it('refuses an archive of another snapshot, naming the entries it has', () => {
    expect(() => readSnapshotArchive('other', zip, 'other.zip')).toThrow(/no entry \[\/backup\/other\].*\/backup\/snap1/);
  });

  it('refuses an archive whose db is truncated inside a well-formed zip', () => {
    const short = makeZip([{ name: '/backup/s', data: db.subarray(0, db.length - 7) }]);
    expect(() => readSnapshotArchive('s', short)).toThrow(/truncated or damaged/);
  });

  it('reads a bare db snapshot', () => {
    expect(readSnapshotDb(db, 'x').format).toBe('db');
    expect(() => readSnapshotDb(Buffer.from('nope'), 'x')).toThrow(SnapshotFileError);
  });
});
