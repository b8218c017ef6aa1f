import { afterEach, describe, expect, test, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'yaml';
import { runCli } from '../../src/cli/program.js';
import { CONFIG_HEADER, runConfig, type ConfigIo, type ConfigOptions } from '../../src/cli/commands/config.js';
import { SYSTEM_IMAGE_JSON_KEYS, SYSTEM_IMAGE_KEYS } from '../../src/versions/index.js';

/** The data file as committed, read independently of the loader. */
const dataFile = JSON.parse(readFileSync(new URL('../../src/versions/data/rke-v1.8.json', import.meta.url), 'utf8')) as {
  RKEDefaultK8sVersions: Record<string, string>;
  K8sVersionRKESystemImages: Record<string, Record<string, string>>;
};
const defaultVersion = dataFile.RKEDefaultK8sVersions['default']!;
/** rke-ts's own versions, merged into the built-in table after RKE1's (src/versions/load.ts). */
const extensionVersions = Object.keys(
  (JSON.parse(readFileSync(new URL('../../src/versions/data/rke-ts-extensions.json', import.meta.url), 'utf8')) as {
    K8sVersionRKESystemImages: Record<string, unknown>;
  }).K8sVersionRKESystemImages,
);

/** RKE1's list: struct order, no Windows pause image, no empties, first occurrence kept. */
function expectedImageList(version: string): string[] {
  const entry = dataFile.K8sVersionRKESystemImages[version]!;
  const list: string[] = [];
  for (const key of SYSTEM_IMAGE_KEYS) {
    const image = entry[SYSTEM_IMAGE_JSON_KEYS[key]];
    if (key !== 'windows_pod_infra_container' && image && !list.includes(image)) list.push(image);
  }
  return list;
}

function capture() {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  return { text: () => out, restore: () => spy.mockRestore() };
}

const baseOpts: ConfigOptions = { name: 'cluster.yml', empty: false, print: false, systemImages: false, listVersion: false, all: false };

function memoryIo(input = '', env: Record<string, string | undefined> = {}) {
  const stdin = new PassThrough();
  stdin.end(input);
  let out = '';
  const files: { path: string; data: string; mode: number }[] = [];
  const io: ConfigIo = {
    stdin,
    stdout: { write: (chunk: string) => { out += chunk; return true; } },
    env,
    writeFile: (path, data, mode) => files.push({ path, data, mode }),
  };
  return { io, out: () => out, files };
}

afterEach(() => vi.restoreAllMocks());

/** Walks a parsed YAML document. */
const at = (value: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], value);

describe('rke config --system-images / --list-version', () => {
  test('--system-images prints the default version image list from the data file', async () => {
    const out = capture();
    const code = await runCli(['--quiet', 'config', '--system-images']);
    out.restore();
    expect(code).toBe(0);
    expect(out.text().trimEnd().split('\n')).toEqual(expectedImageList(defaultVersion));
    expect(out.text()).not.toContain('mirrored-pause:3.7\nrancher/mirrored-pause:3.7'); // de-duplicated
  });

  test('--system-images --version picks any known version, current or not', async () => {
    const m = memoryIo();
    await runConfig({ ...baseOpts, systemImages: true, version: 'v1.31.5-rancher1-1' }, m.io);
    expect(m.out().trimEnd().split('\n')).toEqual(expectedImageList('v1.31.5-rancher1-1'));
  });

  test('--system-images with an unknown version fails with RKE1 text listing current versions', async () => {
    const m = memoryIo();
    await expect(runConfig({ ...baseOpts, systemImages: true, version: 'v1.20.0-rancher1-1' }, m.io)).rejects.toThrow(
      /^k8s version is not supported, supported versions are: \[v1\.30\.\S+ v1\.31\.\S+ v1\.32\.\S+(?: v1\.3[3-9]\.\S+)*\]$/,
    );
  });

  test('--system-images --all prints every current version\'s list', async () => {
    const m = memoryIo();
    await runConfig({ ...baseOpts, systemImages: true, all: true }, m.io);
    const lines = m.out().trimEnd().split('\n');
    for (const image of expectedImageList(defaultVersion)) expect(lines).toContain(image);
    expect(lines).toContain('rancher/hyperkube:v1.30.14-rancher1');
  });

  test('--list-version prints the default, --all every current version', async () => {
    let out = capture();
    expect(await runCli(['--quiet', 'config', '--list-version'])).toBe(0);
    out.restore();
    expect(out.text()).toBe(`${defaultVersion}\n`);
    out = capture();
    expect(await runCli(['--quiet', 'config', '--list-version', '--all'])).toBe(0);
    out.restore();
    const current = out.text().trimEnd().split('\n');
    expect(current.filter((v) => !extensionVersions.includes(v))).toHaveLength(3);
    expect(current).toContain(defaultVersion);
    for (const v of current) expect([...Object.keys(dataFile.K8sVersionRKESystemImages), ...extensionVersions]).toContain(v);
  });

  test('RANCHER_METADATA_URL replaces the table for rke config too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rke-ts-cfg-'));
    try {
      const file = join(dir, 'data.json');
      writeFileSync(file, JSON.stringify({
        RKEDefaultK8sVersions: { default: 'v1.99.0-rancher1-1' },
        K8sVersionRKESystemImages: { 'v1.99.0-rancher1-1': { kubernetes: 'x/hyperkube:v1.99.0-rancher1', etcd: 'x/etcd:1' } },
      }));
      const m = memoryIo('', { RANCHER_METADATA_URL: file });
      await runConfig({ ...baseOpts, systemImages: true }, m.io);
      expect(m.out()).toBe('x/etcd:1\nx/hyperkube:v1.99.0-rancher1\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('rke config --empty', () => {
  test('--print shows the header and a yaml.v2-style skeleton with one empty node', async () => {
    const out = capture();
    expect(await runCli(['--quiet', 'config', '--empty', '--print'])).toBe(0);
    out.restore();
    const text = out.text();
    expect(text.startsWith(`Configuration File: \n${CONFIG_HEADER}\nnodes:\n- address: ""\n  port: ""\n`)).toBe(true);
    const doc = parse(text.slice(text.indexOf('\n') + 1)) as Record<string, unknown>;
    expect(Object.keys(doc).slice(0, 8)).toEqual(['nodes', 'services', 'network', 'authentication', 'addons', 'addons_include', 'system_images', 'ssh_key_path']);
    expect(Object.keys(doc)).not.toContain('rotate_certificates'); // omitempty in RKE1
    expect(at(doc, 'nodes')).toEqual([{
      address: '', port: '', internal_address: '', role: [], hostname_override: '', user: '', docker_socket: '',
      ssh_key: '', ssh_key_path: '', ssh_cert: '', ssh_cert_path: '', labels: {}, taints: [],
    }]);
    expect(Object.keys(at(doc, 'system_images') as object)).toEqual([...SYSTEM_IMAGE_KEYS]);
    expect(at(doc, 'ignore_docker_version')).toBeNull();
    expect(Object.keys((at(doc, 'services') as Record<string, object>)['kube-api']!)).toContain('service_cluster_ip_range');
  });

  test('without --print the file is written with mode 0640', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rke-ts-cfg-'));
    try {
      const name = join(dir, 'my-cluster.yml');
      expect(await runCli(['--quiet', 'config', '--empty', '--name', name])).toBe(0);
      expect(statSync(name).mode & 0o777).toBe(0o640);
      expect(readFileSync(name, 'utf8').startsWith(`${CONFIG_HEADER}\nnodes:\n`)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('rke config questionnaire (answers on stdin)', () => {
  test('RKE1 questions in order, defaults on empty answers', async () => {
    const answers = [
      '', // cluster ssh key path
      '2', // hosts
      '10.0.0.1', '2222', '', '', '', 'y', 'y', 'y', 'node-a', '192.168.1.1', '', // host 1: key path empty, key empty
      '10.0.0.2', '', '/keys/b', 'root', 'n', 'Y', 'n', '', '', '/run/docker.sock', // host 2
      'calico', '', '', // network, authn, authz
      '', // kubernetes image
      'k8s.local', '10.50.0.0/16', '', '10.50.0.10', // services
      'yes', 'https://example.com/a.yaml', 'no', // addons
    ];
    const m = memoryIo(answers.join('\n') + '\n');
    await runConfig({ ...baseOpts, print: true }, m.io);
    const out = m.out();
    const prompts = [...out.matchAll(/\[\+\] (.*?) \[(.*?)\]: /g)].map((x) => `${x[1]} [${x[2]}]`);
    expect(prompts.slice(0, 15)).toEqual([
      'Cluster Level SSH Private Key Path [~/.ssh/id_rsa]',
      'Number of Hosts [1]',
      'SSH Address of host (1) [none]',
      'SSH Port of host (1) [22]',
      'SSH Private Key Path of host (10.0.0.1) [none]',
      'SSH Private Key of host (10.0.0.1) [none]',
      'SSH User of host (10.0.0.1) [ubuntu]',
      'Is host (10.0.0.1) a Control Plane host (y/n)? [y]',
      'Is host (10.0.0.1) a Worker host (y/n)? [n]',
      'Is host (10.0.0.1) an etcd host (y/n)? [n]',
      'Override Hostname of host (10.0.0.1) [none]',
      'Internal IP of host (10.0.0.1) [none]',
      'Docker socket path on host (10.0.0.1) [/var/run/docker.sock]',
      'SSH Address of host (2) [none]',
      'SSH Port of host (2) [22]',
    ]);
    expect(prompts.slice(-11)).toEqual([
      'Network Plugin Type (flannel, calico, weave, canal, aci) [canal]',
      'Authentication Strategy [x509]',
      'Authorization Mode (rbac, none) [rbac]',
      `Kubernetes Docker image [${dataFile.K8sVersionRKESystemImages[defaultVersion]!['kubernetes']}]`,
      'Cluster domain [cluster.local]',
      'Service Cluster IP Range [10.43.0.0/16]',
      'Cluster Network CIDR [10.42.0.0/16]',
      'Cluster DNS Service IP [10.43.0.10]',
      'Add addon manifest URLs or YAML files [no]',
      'Enter the Path or URL for the manifest [none]',
      'Add another addon [no]',
    ]);
    expect(out).toContain('[-] You have entered empty SSH key, defaulting to cluster level SSH key: ~/.ssh/id_rsa\n');

    const doc: unknown = parse(out.slice(out.indexOf('Configuration File: \n') + 21)) as unknown;
    expect(at(doc, 'ssh_key_path')).toBe('~/.ssh/id_rsa');
    expect(at(doc, 'nodes', 0)).toMatchObject({
      address: '10.0.0.1', port: '2222', ssh_key_path: '~/.ssh/id_rsa', user: 'ubuntu',
      role: ['controlplane', 'worker', 'etcd'], hostname_override: 'node-a', internal_address: '192.168.1.1',
      docker_socket: '/var/run/docker.sock',
    });
    expect(at(doc, 'nodes', 1)).toMatchObject({ address: '10.0.0.2', port: '22', ssh_key_path: '/keys/b', user: 'root', role: ['worker'], docker_socket: '/run/docker.sock' });
    expect(at(doc, 'network', 'plugin')).toBe('calico');
    expect(at(doc, 'authentication', 'strategy')).toBe('x509');
    expect(at(doc, 'authorization', 'mode')).toBe('rbac');
    expect(at(doc, 'services', 'kubelet')).toMatchObject({ cluster_domain: 'k8s.local', cluster_dns_server: '10.50.0.10' });
    expect(at(doc, 'services', 'kube-api', 'service_cluster_ip_range')).toBe('10.50.0.0/16');
    expect(at(doc, 'services', 'kube-controller')).toMatchObject({ service_cluster_ip_range: '10.50.0.0/16', cluster_cidr: '10.42.0.0/16' });
    expect(at(doc, 'addons_include')).toEqual(['https://example.com/a.yaml']);
    const defaults = dataFile.K8sVersionRKESystemImages[defaultVersion]!;
    expect(at(doc, 'system_images', 'kubernetes')).toBe(defaults['kubernetes']);
    expect(at(doc, 'system_images', 'nginx_proxy')).toBe(defaults['nginxProxy']);
    expect(at(doc, 'system_images', 'weave_node')).toBe('');
    expect(at(doc, 'kubernetes_version')).toBe('');
  });

  test('a version as the Kubernetes image answer takes that version\'s image set; a custom image only replaces kubernetes', async () => {
    const oneHost = ['', '1', 'h', '', '/k', '', '', '', '', '', '', '', '', '', ''];
    let m = memoryIo([...oneHost, 'v1.30.14-rancher1-1', '', '', '', '', ''].join('\n') + '\n');
    await runConfig({ ...baseOpts, print: true }, m.io);
    let doc: unknown = parse(m.out().slice(m.out().indexOf('Configuration File: \n') + 21)) as unknown;
    expect(at(doc, 'system_images', 'kubernetes')).toBe(dataFile.K8sVersionRKESystemImages['v1.30.14-rancher1-1']!['kubernetes']);
    expect(at(doc, 'system_images', 'etcd')).toBe(dataFile.K8sVersionRKESystemImages['v1.30.14-rancher1-1']!['etcd']);

    m = memoryIo([...oneHost, 'registry.local/hyperkube:v1.32.13-custom', '', '', '', '', 'nope'].join('\n') + '\n');
    // "nope" contains "e", which Go's strings.ContainsAny(answer, "Yes YES Y yes y") counts as yes
    await expect(runConfig({ ...baseOpts, print: true }, m.io)).rejects.toThrow('EOF');
    m = memoryIo([...oneHost, 'registry.local/hyperkube:v1.32.13-custom', '', '', '', '', ''].join('\n') + '\n');
    await runConfig({ ...baseOpts, print: true }, m.io);
    doc = parse(m.out().slice(m.out().indexOf('Configuration File: \n') + 21)) as unknown;
    expect(at(doc, 'system_images', 'kubernetes')).toBe('registry.local/hyperkube:v1.32.13-custom');
    expect(at(doc, 'system_images', 'etcd')).toBe(dataFile.K8sVersionRKESystemImages[defaultVersion]!['etcd']);
  });

  test('stdin ending early fails like RKE1 (EOF); a bad host count fails like strconv.Atoi', async () => {
    await expect(runConfig(baseOpts, memoryIo('').io)).rejects.toThrow(/^EOF$/);
    await expect(runConfig(baseOpts, memoryIo('\nthree\n').io)).rejects.toThrow('strconv.Atoi: parsing "three": invalid syntax');
  });

  test('answers are written to the named file with mode 0640', async () => {
    const oneHost = ['', '1', 'h', '', '/k', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', ''];
    const m = memoryIo(oneHost.join('\n') + '\n');
    await runConfig({ ...baseOpts, name: 'out.yml' }, m.io);
    expect(m.files).toHaveLength(1);
    expect(m.files[0]!.path).toBe('out.yml');
    expect(m.files[0]!.mode).toBe(0o640);
    expect(m.files[0]!.data.startsWith(`${CONFIG_HEADER}\nnodes:\n- address: h\n`)).toBe(true);
  });
});
