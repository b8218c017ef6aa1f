import { describe, expect, test } from 'vitest';
import {
  buildVersionTable, isSupportedDockerVersion, loadVersionTable, parseKdmData, serviceOptionsFor, templateFor, uniqueSystemImages,
} from '../../../src/versions/index.js';

const table = buildVersionTable(
  parseKdmData({
    K8sVersionRKESystemImages: { 'v1.31.5-rancher1-1': { kubernetes: 'rancher/hyperkube:v1.31.5-rancher1' } },
    K8sVersionServiceOptions: {
      'v1.31.5-rancher1-1': { kubelet: { v: 'exact' } },
      'v1.31': { kubelet: { v: 'minor-31' } },
      'v1.30': { kubelet: { v: 'minor-30' } },
    },
    K8sVersionedTemplates: {
      canal: { '>=1.31.3-rancher1-1 < 1.31.10-rancher1-1': 'canal-v3.29.0', '>=1.31.10-rancher1-1': 'canal-v3.30.2' },
      templateKeys: { 'canal-v3.29.0': '...' },
    },
  }),
  { kind: 'file', location: 'test' },
);

describe('service options look-up (cluster/plan.go getDefaultKubernetesServicesOptions)', () => {
  test('exact version key wins', () => {
    expect(serviceOptionsFor(table, 'v1.31.5-rancher1-1').kubelet?.v).toBe('exact');
  });
  test('otherwise vMAJOR.MINOR, taken from the hyperkube image tag when it differs', () => {
    expect(serviceOptionsFor(table, 'v1.31.9-rancher1-1').kubelet?.v).toBe('minor-31');
    expect(serviceOptionsFor(table, 'v1.31.9-rancher1-1', 'registry.local/hyperkube:v1.30.2-custom').kubelet?.v).toBe('minor-30');
    expect(serviceOptionsFor(table, 'v1.30.1-rancher1-1', 'registry.local:5000/hyperkube').kubelet?.v).toBe('minor-30');
  });
  test('RKE1 error text when nothing matches', () => {
    expect(() => serviceOptionsFor(table, 'v1.29.1-rancher1-1')).toThrow(
      'getDefaultKubernetesServicesOptions: No serviceOptions found for cluster version [v1.29.1-rancher1-1] or cluster major version [v1.29]',
    );
  });
});

describe('template look-up by semver range', () => {
  test('picks the range holding the version', () => {
    expect(templateFor(table, 'canal', 'v1.31.5-rancher1-1')).toBe('canal-v3.29.0');
    expect(templateFor(table, 'canal', 'v1.31.10-rancher1-1')).toBe('canal-v3.30.2');
    expect(table.versions['v1.31.5-rancher1-1']?.templates.canal).toBe('canal-v3.29.0');
  });
  test('RKE1 error text when no range matches', () => {
    expect(() => templateFor(table, 'canal', 'v1.30.1-rancher1-1')).toThrow('no canal template found for k8sVersion v1.30.1-rancher1-1');
    expect(() => templateFor(table, 'calico', 'v1.31.5-rancher1-1')).toThrow('no calico template found');
  });
  test('built-in data: canal for the default version', () => {
    const builtin = loadVersionTable({ env: {} });
    expect(templateFor(builtin, 'canal', builtin.defaultVersion)).toBe(builtin.versions[builtin.defaultVersion]?.templates.canal);
  });
});

describe('docker version check and image list', () => {
  test('major.minor match against KDM entries like 27.2.x', () => {
    expect(isSupportedDockerVersion('20.10.24', ['20.10.x', '27.2.x'])).toBe(true);
    expect(isSupportedDockerVersion('27.2.0', ['20.10.x', '27.2.x'])).toBe(true);
    expect(isSupportedDockerVersion('28.0.1', ['20.10.x', '27.2.x'])).toBe(false);
    expect(isSupportedDockerVersion('not-a-version', ['20.10.x'])).toBe(false);
  });
  test('unique list in system_images order, no windows pause image, no empties', () => {
    expect(uniqueSystemImages({
      windows_pod_infra_container: 'win/pause:1', kubernetes: 'k:1', etcd: 'e:1', alpine: 't:1', nginx_proxy: 't:1', weave_node: '',
    })).toEqual(['e:1', 't:1', 'k:1']);
  });
});
