import { afterAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadVersionTable, loadVersionTableAsync, MetadataError } from '../../../src/versions/index.js';

const dir = mkdtempSync(join(tmpdir(), 'rke-ts-kdm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small data.json in KDM's layout, with Go-style field names in mixed case as Go's json accepts. */
const kdm = {
  RKEDefaultK8sVersions: { default: 'v1.99.1-rancher1-1' },
  k8sVersionRKESystemImages: {
    'v1.99.1-rancher1-1': { etcd: 'example/etcd:v9', kubernetes: 'example/hyperkube:v1.99.1-rancher1', NginxProxy: 'example/tools:v1', calicoFlexVol: 'example/flexvol:v1' },
  },
  K8sVersionServiceOptions: { 'v1.99': { kubeapi: { 'secure-port': '6443' } } },
  K8sVersionDockerInfo: { '1.99': ['28.0.x'] },
};
const file = join(dir, 'data.json');
writeFileSync(file, JSON.stringify(kdm));

describe('RANCHER_METADATA_URL (local file) replaces the built-in table', () => {
  test('via the environment', () => {
    const table = loadVersionTable({ env: { RANCHER_METADATA_URL: file } });
    expect(table.source).toEqual({ kind: 'file', location: file });
    expect(table.defaultVersion).toBe('v1.99.1-rancher1-1');
    expect(Object.keys(table.versions)).toEqual(['v1.99.1-rancher1-1']);
    const info = table.versions['v1.99.1-rancher1-1']!;
    expect(info.systemImages).toEqual({
      etcd: 'example/etcd:v9', kubernetes: 'example/hyperkube:v1.99.1-rancher1', nginx_proxy: 'example/tools:v1', calico_flexvol: 'example/flexvol:v1',
    });
    expect(info.serviceOptions.kubeapi?.['secure-port']).toBe('6443');
    expect(info.dockerVersions).toEqual(['28.0.x']);
  });

  test('via the metadataFile option, which wins over the environment', () => {
    const table = loadVersionTable({ metadataFile: file, env: { RANCHER_METADATA_URL: '/nonexistent.json' } });
    expect(table.current).toEqual(['v1.99.1-rancher1-1']);
  });

  test('async loader reads local files too', async () => {
    const table = await loadVersionTableAsync({ env: { RANCHER_METADATA_URL: file } });
    expect(table.defaultVersion).toBe('v1.99.1-rancher1-1');
  });

  test('without the variable the built-in data is used', () => {
    const table = loadVersionTable({ env: {} });
    expect(table.source.kind).toBe('builtin');
    expect(Object.keys(table.versions).length).toBeGreaterThan(30);
  });

  test('a missing or malformed file is an error naming the file', () => {
    const missing = join(dir, 'missing.json');
    expect(() => loadVersionTable({ metadataFile: missing })).toThrow(MetadataError);
    try {
      loadVersionTable({ metadataFile: missing });
    } catch (err) {
      expect((err as MetadataError).subject.file).toBe(missing);
      expect((err as Error).message).toMatch(/^failed to load data.json, error: /);
    }
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"K8sVersionRKESystemImages": {"v1.1.1": {"etcd": 5}}}');
    expect(() => loadVersionTable({ metadataFile: bad })).toThrow(/bad\.json: K8sVersionRKESystemImages\["v1.1.1"\]\.etcd must be a string/);
    writeFileSync(bad, 'not json');
    expect(() => loadVersionTable({ metadataFile: bad })).toThrow(/not valid JSON/);
  });

  test('an http(s) location needs the async loader', () => {
    expect(() => loadVersionTable({ env: { RANCHER_METADATA_URL: 'https://releases.example/data.json' } })).toThrow(/loadVersionTableAsync/);
  });
});
