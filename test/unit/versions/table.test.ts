import { describe, expect, test } from 'vitest';
import { buildVersionTable, parseKdmData } from '../../../src/versions/index.js';

const images = (tag: string) => ({ etcd: 'rancher/etcd:v3', kubernetes: `rancher/hyperkube:${tag}` });
const source = { kind: 'file' as const, location: 'test' };

describe('buildVersionTable (RKE1 metadata.initK8sRKESystemImages rules)', () => {
  const data = parseKdmData({
    RKEDefaultK8sVersions: { default: 'v1.31.2-rancher1-1', '1.7.5': 'v1.30.9-rancher1-1' },
    K8sVersionRKESystemImages: {
      'v1.30.9-rancher1-1': images('v1.30.9-rancher1'),
      'v1.30.10-rancher1-1': images('v1.30.10-rancher1'),
      'v1.31.2-rancher1-1': images('v1.31.2-rancher1'),
      'v1.31.3-rancher1-1': images('v1.31.3-rancher1'),
      'v1.29.1-rancher1-1': images('v1.29.1-rancher1'),
      'v1.33.0-rancher1-1': images('v1.33.0-rancher1'),
    },
    K8sVersionInfo: {
      'v1.29.1-rancher1-1': { deprecateRKEVersion: '1.8.0' },
      'v1.31.3-rancher1-1': { minRKEVersion: '1.8.20' },
      'v1.30': { maxRKEVersion: '1.7.99' },
    },
  });

  test('deprecated versions are rejected, versions needing a newer RKE are hidden', () => {
    const table = buildVersionTable(data, source, 'v1.8.14');
    expect(table.deprecated).toEqual(['v1.29.1-rancher1-1']);
    expect(table.versions['v1.29.1-rancher1-1']).toBeUndefined();
    expect(table.versions['v1.31.3-rancher1-1']).toBeUndefined();
    expect(table.versions['v1.31.2-rancher1-1']).toBeDefined();
  });

  test('current = highest patch per minor, minus minors past their MaxRKEVersion', () => {
    const table = buildVersionTable(data, source, 'v1.8.14');
    expect(table.current).toEqual(['v1.31.2-rancher1-1', 'v1.33.0-rancher1-1']);
    // the v1.30 versions stay usable for existing clusters
    expect(Object.keys(table.versions)).toContain('v1.30.10-rancher1-1');
    const older = buildVersionTable(data, source, 'v1.7.5');
    expect(older.current).toEqual(['v1.29.1-rancher1-1', 'v1.30.10-rancher1-1', 'v1.31.2-rancher1-1', 'v1.33.0-rancher1-1']);
  });

  test('default version: the entry for this RKE version, else "default"', () => {
    expect(buildVersionTable(data, source, 'v1.8.14').defaultVersion).toBe('v1.31.2-rancher1-1');
    expect(buildVersionTable(data, source, 'v1.7.5').defaultVersion).toBe('v1.30.9-rancher1-1');
  });
});
