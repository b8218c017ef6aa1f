import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { initClusterState, writeLocalKubeconfig } from '../../../src/state/init.js';
import { readStateFile } from '../../../src/state/file.js';
import { certificateDirPath, stateFilePath } from '../../../src/state/paths.js';
import { localKubeconfigPath, componentKubeconfig } from '../../../src/pki/kubeconfig.js';
import { kubernetesServiceIps, canonicalIp } from '../../../src/pki/ip.js';
import { opensslVerify } from '../pki/openssl.js';
import { silentLog } from '../pki/fixtures.js';
import type { PkiInput } from '../../../src/pki/input.js';

const input: PkiInput = {
  clusterName: 'local',
  nodes: [{ address: '10.2.0.1', roles: ['controlplane', 'etcd', 'worker'] }],
  serviceClusterIpRange: '10.43.0.0/16',
  clusterDomain: 'cluster.local',
  sans: [],
  generateServingCertificate: false,
};

describe('rke up --init (state only) and the local kubeconfig', () => {
  it('writes cluster.rkestate (0600) and kube_config_cluster.yml (0600); a second init keeps every cert but kube-admin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rke-ts-init-'));
    const clusterFilePath = join(dir, 'cluster.yml');
    const rkeConfig = { nodes: [{ address: '10.2.0.1', role: ['controlplane', 'etcd', 'worker'] }], clusterName: 'local' };
    const { statePath, state } = await initClusterState(input, { clusterFilePath, rkeConfig, log: silentLog });
    expect(statePath).toBe(join(dir, 'cluster.rkestate'));
    expect(statSync(statePath).mode & 0o777).toBe(0o600);
    const back = await readStateFile(statePath);
    expect(back).toEqual(state);
    expect(back.desiredState.rkeConfig).toEqual(rkeConfig);
    expect(back.currentState).toEqual({});

    const kcPath = await writeLocalKubeconfig(input, back.desiredState.certificatesBundle!, clusterFilePath);
    expect(kcPath).toBe(join(dir, 'kube_config_cluster.yml'));
    expect(statSync(kcPath!).mode & 0o777).toBe(0o600);
    const kc = new KubeConfig();
    kc.loadFromString(readFileSync(kcPath!, 'utf8'));
    expect(kc.getCurrentContext()).toBe('local');
    expect(kc.getCurrentCluster()?.server).toBe('https://10.2.0.1:6443');
    expect(kc.getCurrentUser()?.name).toBe('kube-admin-local');
    const caPem = Buffer.from(kc.getCurrentCluster()!.caData!, 'base64').toString();
    const certPem = Buffer.from(kc.getCurrentUser()!.certData!, 'base64').toString();
    expect(opensslVerify(caPem, certPem)).toMatch(/OK$/);

    // simulate a state written earlier with currentState: it is carried over unchanged
    const withCurrent = { ...back, currentState: { rkeConfig: { clusterName: 'old' } } };
    writeFileSync(statePath, JSON.stringify(withCurrent));
    const second = await initClusterState(input, { clusterFilePath, rkeConfig, log: silentLog });
    expect(second.state.currentState).toEqual({ rkeConfig: { clusterName: 'old' } });
    const b1 = back.desiredState.certificatesBundle!;
    const b2 = second.state.desiredState.certificatesBundle!;
    for (const name of Object.keys(b1)) if (name !== 'kube-admin') expect(b2[name], name).toEqual(b1[name]);
    expect(b2['kube-admin']!.keyPEM).toBe(b1['kube-admin']!.keyPEM);
  }, 180_000);

  it('refuses to start over on a corrupt state file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rke-ts-init-'));
    writeFileSync(join(dir, 'cluster.rkestate'), '{"desiredState": {"certificatesBundle": {"kube-ca": {"certificatePEM": "-----BEG');
    await expect(initClusterState(input, { clusterFilePath: join(dir, 'cluster.yml'), rkeConfig: {}, log: silentLog })).rejects.toThrow(
      /cluster\.rkestate:1:\d+: invalid JSON/,
    );
  });
});

describe('paths, kubeconfig text and IP rules (RKE1 semantics)', () => {
  it('state, cert dir and kubeconfig paths', () => {
    expect(stateFilePath('cluster.yml')).toBe('./cluster.rkestate');
    expect(stateFilePath('/etc/rke/foo.yaml')).toBe('/etc/rke/foo.rkestate');
    expect(certificateDirPath('cluster.yml')).toBe('./cluster_certs');
    expect(localKubeconfigPath('cluster.yml')).toBe('./kube_config_cluster.yml');
    expect(localKubeconfigPath('/etc/rke/foo.yaml')).toBe('/etc/rke/kube_config_foo.yaml');
    // RKE1 quirk: --config-dir uses the *parent* of the given dir unless it ends with a slash
    expect(localKubeconfigPath('cluster.yml', '/data/rke')).toBe('/data/kube_config_cluster.yml');
    expect(localKubeconfigPath('cluster.yml', '/data/rke/')).toBe('/data/rke/kube_config_cluster.yml');
  });

  it('component kubeconfig is RKE1 template text, without trailing newline', () => {
    expect(
      componentKubeconfig(
        'https://127.0.0.1:6443',
        'local',
        'kube-node',
        '/etc/kubernetes/ssl/kube-ca.pem',
        '/etc/kubernetes/ssl/kube-node.pem',
        '/etc/kubernetes/ssl/kube-node-key.pem',
      ),
    ).toBe(`apiVersion: v1
kind: Config
clusters:
- cluster:
    api-version: v1
    certificate-authority: /etc/kubernetes/ssl/kube-ca.pem
    server: "https://127.0.0.1:6443"
  name: "local"
contexts:
- context:
    cluster: "local"
    user: "kube-node-local"
  name: "local"
current-context: "local"
users:
- name: "kube-node-local"
  user:
    client-certificate: /etc/kubernetes/ssl/kube-node.pem
    client-key: /etc/kubernetes/ssl/kube-node-key.pem`);
  });

  it('service IP = network + 1 for each CIDR; IPs print like Go', () => {
    expect(kubernetesServiceIps('10.43.0.0/16')).toEqual(['10.43.0.1']);
    expect(kubernetesServiceIps('10.43.7.9/16,fd98::/108')).toEqual(['10.43.0.1', 'fd98::1']);
    expect(kubernetesServiceIps('10.0.0.255/32')).toEqual(['10.0.1.0']);
    expect(() => kubernetesServiceIps('10.43.0.0/16, fd98::/108')).toThrow('service_cluster_ip_range');
    expect(canonicalIp('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(canonicalIp('FD00:0:0:0:0:0:0:10')).toBe('fd00::10');
    expect(canonicalIp('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(canonicalIp('fe80::1%eth0')).toBeNull();
    expect(canonicalIp('010.0.0.1')).toBeNull();
  });
});
