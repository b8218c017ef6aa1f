/**
 * rke-ts's own Kubernetes versions (src/versions/data/rke-ts-extensions.json) in the built-in
 * table: v1.33.13-rancher1-1, offered next to RKE1's versions but never the default.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { listVersions } from '../../../src/cli/commands/config.js';
import { effectiveClusterConfig, parseClusterConfig, type ClusterConfig } from '../../../src/config/index.js';
import { buildDesiredCluster, type DesiredConfigInput } from '../../../src/desired/index.js';
import { loadVersionTable, serviceOptionsFor, systemImagesFor, type SystemImageKey } from '../../../src/versions/index.js';
import { DEFAULT_FACTS } from '../desired/fixtures.js';

const table = loadVersionTable({ env: {} });
const V132 = 'v1.32.13-rancher1-2';
const V133 = 'v1.33.13-rancher1-1';
const IMAGE_132 = 'rke-extended-life/hyperkube:v1.32.13-rancher1';
const IMAGE_133 = 'rke-extended-life/hyperkube:v1.33.13-rancher1';
const ext = JSON.parse(readFileSync(new URL('../../../src/versions/data/rke-ts-extensions.json', import.meta.url), 'utf8')) as {
  K8sVersionRKESystemImages: Record<string, Record<string, string>>;
};

describe('rke-ts extension versions in the built-in table', () => {
  test('every extension version is loaded and flagged, RKE1 versions are not', () => {
    const extensionVersions = Object.keys(ext.K8sVersionRKESystemImages);
    expect(extensionVersions).toContain(V133);
    for (const v of extensionVersions) expect(table.versions[v]?.extension, v).toBe(true);
    for (const [v, info] of Object.entries(table.versions)) if (!extensionVersions.includes(v)) expect(info.extension, v).toBeUndefined();
  });

  test(`${V133} is current (offered by --list-version --all) but ${V132} stays the default`, () => {
    expect(table.defaultVersion).toBe(V132);
    expect(table.current.at(-1)).toBe(V133);
    expect(table.current).toContain(V132);
    const out: string[] = [];
    listVersions(table, true, { write: (s: string) => out.push(s) });
    expect(out.join('').trimEnd().split('\n')).toEqual(table.current);
    out.length = 0;
    listVersions(table, false, { write: (s: string) => out.push(s) });
    expect(out.join('')).toBe(`${V132}\n`);
  });

  test(`${V133} has v1.32.13's system images with its own hyperkube`, () => {
    const images = systemImagesFor(table, V133);
    const base = systemImagesFor(table, V132);
    expect(images.kubernetes).toBe(IMAGE_133);
    expect(base.kubernetes).toBe(IMAGE_132);
    const others = (i: typeof images) => Object.fromEntries(Object.entries(i).filter(([k]) => (k as SystemImageKey) !== 'kubernetes'));
    expect(others(images)).toEqual(others(base));
  });

  test(`${V133} takes its service options from the v1.33 key, templates and docker versions like v1.32.13`, () => {
    const info = table.versions[V133]!;
    expect(info.serviceOptionsKey).toBe('v1.33');
    expect(serviceOptionsFor(table, V133)).toBe(info.serviceOptions);
    expect(info.serviceOptions.kubeapi?.['service-account-issuer']).toBe('rke');
    expect(info.serviceOptions.kubelet?.['cgroups-per-qos']).toBe('True');
    // every addon template range that selects v1.32.13 is open-ended and selects v1.33.13 too
    expect(info.templates).toEqual(table.versions[V132]!.templates);
    expect(info.templates.flannel).toBe('flannel-v0.28.1');
    expect(info.dockerVersions).toEqual(table.versions[V132]!.dockerVersions);
    expect(info.dockerVersions).toContain('20.10.x');
  });

  test('a RANCHER_METADATA_URL data.json replaces the extensions too (as it replaces RKE1 data)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rke-ts-ext-'));
    try {
      const file = join(dir, 'data.json');
      writeFileSync(file, JSON.stringify({
        RKEDefaultK8sVersions: { default: 'v1.99.1-rancher1-1' },
        K8sVersionRKESystemImages: { 'v1.99.1-rancher1-1': { kubernetes: 'rancher/hyperkube:v1.99.1-rancher1' } },
      }));
      const replaced = loadVersionTable({ metadataFile: file });
      expect(Object.keys(replaced.versions)).toEqual(['v1.99.1-rancher1-1']);
      expect(replaced.versions['v1.99.1-rancher1-1']?.extension).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe(`desired state of a ${V133} cluster`, () => {
  const text = readFileSync(new URL('../../fixtures/rke1/init/split-3/cluster.yml', import.meta.url), 'utf8');

  function desiredAt(version: string, extra: Partial<ClusterConfig> = {}) {
    const parsed = parseClusterConfig(text, { file: 'split-3/cluster.yml' });
    const { config } = effectiveClusterConfig({ ...parsed.config, ...extra, kubernetes_version: version }, { table });
    const info = table.versions[version]!;
    const input: DesiredConfigInput = config;
    return buildDesiredCluster({
      config: input,
      version: { ...info, serviceOptions: serviceOptionsFor(table, version, config.system_images?.kubernetes) },
      nodeFacts: Object.fromEntries((config.nodes ?? []).map((n) => [n.address ?? '', DEFAULT_FACTS])),
      defaultRkeToolsImage: table.versions[table.defaultVersion]?.systemImages.alpine,
    });
  }

  test('every Kubernetes container runs the v1.33 hyperkube; everything else is exactly as at v1.32.13', () => {
    const at132 = desiredAt(V132);
    const at133 = desiredAt(V133);
    const kubernetesContainers = new Set(['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy']);
    let seen = 0;
    for (const host of at133.hosts) {
      for (const spec of Object.values(host.containers)) {
        if (kubernetesContainers.has(spec.name)) {
          expect(`${host.address} ${spec.name} ${spec.image}`).toBe(`${host.address} ${spec.name} ${IMAGE_133}`);
          seen++;
        } else {
          expect(spec.image, `${host.address} ${spec.name}`).not.toBe(IMAGE_133);
        }
      }
    }
    expect(seen).toBe(3 * 2 + 3); // kubelet + kube-proxy everywhere, the control plane trio once
    // The same cluster at v1.32.13 differs only by the version, the hyperkube image (the v1.33
    // service options are v1.32's) and kube-apiserver's --cloud-provider, a flag v1.33 removed.
    expect(at132.kubernetesVersion).toBe(V132);
    expect(at133.kubernetesVersion).toBe(V133);
    const apiserver = (d: typeof at132) => d.hosts[0]!.containers['kube-apiserver']!;
    expect(apiserver(at132).entrypoint).toContain('--cloud-provider=');
    expect(apiserver(at133).entrypoint.filter((a) => a.startsWith('--cloud-'))).toEqual([]);
    apiserver(at132).entrypoint = apiserver(at132).entrypoint.filter((a) => a !== '--cloud-provider=');
    const renamed = JSON.stringify(at132).replaceAll(IMAGE_132, IMAGE_133).replaceAll(V132, V133);
    expect(JSON.parse(renamed)).toEqual(JSON.parse(JSON.stringify(at133)));
  });

  test('with a cloud provider, kube-apiserver gets neither cloud flag at v1.33; kubelet and controller-manager keep theirs', () => {
    const cloud: Partial<ClusterConfig> = { cloud_provider: { name: 'external' } };
    const flags = (d: ReturnType<typeof desiredAt>, name: string) =>
      d.hosts[0]!.containers[name]!.entrypoint.filter((a) => a.startsWith('--cloud-')).map((a) => a.split('=')[0]);
    const at132 = desiredAt(V132, cloud);
    const at133 = desiredAt(V133, cloud);
    expect(flags(at132, 'kube-apiserver').sort()).toEqual(['--cloud-config', '--cloud-provider']);
    expect(flags(at133, 'kube-apiserver')).toEqual([]);
    for (const name of ['kubelet', 'kube-controller-manager']) expect(flags(at133, name), name).toEqual(flags(at132, name));
  });
});

describe('kubernetes_version validation', () => {
  const text = readFileSync(new URL('../../fixtures/rke1/init/split-3/cluster.yml', import.meta.url), 'utf8');
  const configAt = (version: string) => {
    const parsed = parseClusterConfig(text, { file: 'cluster.yml' });
    return () => effectiveClusterConfig({ ...parsed.config, kubernetes_version: version }, { table });
  };

  test(`${V133} is accepted (an upgrade from ${V132} only changes kubernetes_version)`, () => {
    expect(configAt(V133)().config.kubernetes_version).toBe(V133);
    expect(configAt(V133)().config.system_images?.kubernetes).toBe(IMAGE_133);
  });

  test('a version the table lacks (v1.34-like) is refused as RKE1 refuses it: its images are not populated', () => {
    // RKE1 has no minor-skew or downgrade rule (shared/reference/rke1.md §3): only unknown versions fail.
    expect(configAt('v1.34.4-rancher1-1')).toThrow(/v1\.34\.4-rancher1-1 is an unsupported Kubernetes version and system images are not populated/);
  });
});
