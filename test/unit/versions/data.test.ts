import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadVersionTable, type SystemImageKey } from '../../../src/versions/index.js';

const table = loadVersionTable({ env: {} });
const raw = JSON.parse(readFileSync(new URL('../../../src/versions/data/rke-v1.8.json', import.meta.url), 'utf8')) as {
  RKEDefaultK8sVersions: Record<string, string>;
  K8sVersionRKESystemImages: Record<string, Record<string, string>>;
};

/** Images every RKE1 cluster may need whatever its network/DNS/ingress choices (weave is gone for >=1.30). */
const REQUIRED: SystemImageKey[] = [
  'etcd', 'alpine', 'nginx_proxy', 'cert_downloader', 'kubernetes_services_sidecar',
  'kubedns', 'dnsmasq', 'kubedns_sidecar', 'kubedns_autoscaler', 'coredns', 'coredns_autoscaler', 'nodelocal',
  'kubernetes', 'flannel', 'flannel_cni',
  'calico_node', 'calico_cni', 'calico_controllers', 'calico_ctl', 'calico_flexvol',
  'canal_node', 'canal_cni', 'canal_controllers', 'canal_flannel', 'canal_flexvol',
  'pod_infra_container', 'ingress', 'ingress_backend', 'ingress_webhook', 'metrics_server',
];
const IMAGE_RE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*:[\w][\w.-]{0,127}$/;

describe('built-in version data (RKE 1.8 KDM extract)', () => {
  test('default and current versions are the RKE v1.8.13 set', () => {
    expect(table.defaultVersion).toBe(raw.RKEDefaultK8sVersions['default']);
    const rke1Current = table.current.filter((v) => !table.versions[v]?.extension); // extensions: extensions.test.ts
    expect(rke1Current.map((v) => v.split('.').slice(0, 2).join('.'))).toEqual(['v1.30', 'v1.31', 'v1.32']);
    expect(table.current).toContain(table.defaultVersion);
    expect(table.deprecated).toEqual([]);
  });

  test('every version of the data file is loaded', () => {
    const rke1Versions = Object.keys(table.versions).filter((v) => !table.versions[v]?.extension);
    expect(rke1Versions.sort()).toEqual(Object.keys(raw.K8sVersionRKESystemImages).sort());
  });

  test.each(Object.keys(raw.K8sVersionRKESystemImages))('%s has every required image, each repo:tag', (version) => {
    const info = table.versions[version]!;
    for (const key of REQUIRED) expect(info.systemImages[key], `${version} ${key}`).toBeTruthy();
    for (const [key, image] of Object.entries(info.systemImages)) expect(image, `${version} ${key}`).toMatch(IMAGE_RE);
    // KDM invariant: the hyperkube tag is the version without its last "-N"
    expect(info.systemImages.kubernetes!.split(':')[1]).toBe(version.replace(/-\d+$/, ''));
    expect(info.serviceOptionsKey).toBe(version.split('.').slice(0, 2).join('.'));
    expect(info.serviceOptions.kubeapi?.['service-account-issuer']).toBe('rke');
    for (const addon of ['calico', 'canal', 'flannel', 'coreDNS', 'kubeDNS', 'metricsServer', 'nginxIngress', 'nodelocal', 'aci'] as const) {
      expect(info.templates[addon], `${version} ${addon}`).toBeTruthy();
    }
    expect(info.dockerVersions).toContain('20.10.x');
  });
});
