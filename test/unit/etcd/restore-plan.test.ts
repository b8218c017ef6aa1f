import { describe, expect, it } from 'vitest';
import {
  chooseRestoreSource,
  chooseRestoreState,
  effectiveS3,
  inconsistentHosts,
  s3FromCliFlags,
  s3Problems,
  SnapshotRestoreRefused,
  stateForRestore,
  withS3,
} from '../../../src/etcd/index.js';
import type { FullState } from '../../../src/state/index.js';

const hosts = ['10.0.0.1', '10.0.0.2', '10.0.0.3'];

describe('restore source', () => {
  it('restores from the first etcd host when every host has the archive', () => {
    const p = { '10.0.0.1': { archiveSize: 10 }, '10.0.0.2': { archiveSize: 11 }, '10.0.0.3': { archiveSize: 12 } };
    expect(chooseRestoreSource('s', hosts, p)).toEqual({ host: '10.0.0.1', file: '/opt/rke/etcd-snapshots/s.zip', format: 'archive' });
  });

  it('takes a bare db file (pre-1.1 snapshot) when there is no archive', () => {
    const p = { '10.0.0.1': { dbSize: 10 }, '10.0.0.2': { dbSize: 10 }, '10.0.0.3': { archiveSize: 1 } };
    expect(chooseRestoreSource('s', hosts, p).format).toBe('db');
  });

  it('refuses naming exactly the hosts that miss the snapshot', () => {
    const p = { '10.0.0.1': { archiveSize: 10 }, '10.0.0.2': {}, '10.0.0.3': { archiveSize: 12 } };
    let err: unknown;
    try {
      chooseRestoreSource('s', hosts, p);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SnapshotRestoreRefused);
    expect((err as SnapshotRestoreRefused).hosts).toEqual(['10.0.0.2']);
    expect((err as Error).message).toMatch(/missing on etcd host\(s\) \[10\.0\.0\.2\] \(present on \[10\.0\.0\.1, 10\.0\.0\.3\]\)/);
  });

  it('says when no host has it at all', () => {
    expect(() => chooseRestoreSource('s', hosts, {})).toThrow(/not found on any etcd host.*10\.0\.0\.1, 10\.0\.0\.2, 10\.0\.0\.3/);
    expect(() => chooseRestoreSource('s', [], {})).toThrow(/no etcd host/);
  });
});

describe('restore state', () => {
  const a: FullState = { desiredState: { encryptionConfig: 'a' }, currentState: { encryptionConfig: 'x' } };
  const b: FullState = { desiredState: { encryptionConfig: 'b' }, currentState: {} };
  const base = { name: 's', statePath: '/c/cluster.rkestate' };

  it('prefers the state in the snapshot, then the local one', () => {
    expect(chooseRestoreState({ ...base, useLocalState: false, fromSnapshot: a, local: b }).from).toBe('snapshot');
    expect(chooseRestoreState({ ...base, useLocalState: false, local: b })).toEqual({ from: 'local', state: b });
    expect(chooseRestoreState({ ...base, useLocalState: true, fromSnapshot: a, local: b })).toEqual({ from: 'local', state: b });
  });

  it('refuses when there is no state anywhere', () => {
    expect(() => chooseRestoreState({ ...base, useLocalState: false })).toThrow(/holds no cluster state.*\/c\/cluster\.rkestate/);
    expect(() => chooseRestoreState({ ...base, useLocalState: true, fromSnapshot: a })).toThrow(/--use-local-state/);
  });

  it('writes the desired state with an empty current state', () => {
    expect(stateForRestore(a)).toEqual({ desiredState: a.desiredState, currentState: {} });
  });

  it('finds hosts whose checksum differs', () => {
    expect(inconsistentHosts('abc', { h1: 'abc', h2: 'abd', h3: 'abc\n' })).toEqual(['h2']);
  });
});

describe('S3 settings', () => {
  it('builds s3backupconfig from the CLI flags, only with --s3', () => {
    expect(s3FromCliFlags({ s3: false, bucketName: 'b' })).toBeUndefined();
    expect(s3FromCliFlags({ s3: true, bucketName: 'b', s3EndpointCa: 'PEM' })).toEqual({
      endpoint: 's3.amazonaws.com',
      access_key: '',
      secret_key: '',
      bucket_name: 'b',
      region: '',
      custom_ca: 'PEM',
      folder: '',
    });
  });

  it('lets --s3 replace backup_config.s3backupconfig and keeps the rest', () => {
    const s3 = { endpoint: 'e', bucket_name: 'b' };
    expect(withS3({ interval_hours: 2, s3backupconfig: { endpoint: 'old' } }, s3)).toEqual({ interval_hours: 2, s3backupconfig: s3 });
    expect(withS3(undefined, s3)).toEqual({ s3backupconfig: s3 });
    expect(effectiveS3(withS3(null, s3))).toBe(s3);
    expect(effectiveS3({ interval_hours: 1 })).toBeUndefined();
  });

  it('validates like RKE1', () => {
    expect(s3Problems({ endpoint: '', bucket_name: '' })).toEqual([
      "etcd s3 backup backend endpoint can't be empty",
      "etcd s3 backup backend bucketName can't be empty",
    ]);
  });
});
