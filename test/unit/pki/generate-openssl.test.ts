import { beforeAll, describe, expect, it } from 'vitest';
import { generateClusterCerts } from '../../../src/pki/generate.js';
import type { CertificateBundle } from '../../../src/pki/bundle.js';
import { opensslModulus, opensslVerify, opensslX509Text } from './openssl.js';
import { silentLog, threeNodeInput } from './fixtures.js';

const DAY = 24 * 3600 * 1000;
const K8S_DNS = ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'];
const dns = (names: string[]): string[] => names.map((n) => `DNS:${n}`);
const ips = (names: string[]): string[] => names.map((n) => `IP Address:${n}`);

const API_SANS = [
  ...dns(['cp-1', 'lb.example.com', ...K8S_DNS]),
  ...ips(['10.0.0.1', '172.16.0.1', '10.0.0.2', '192.168.1.10', 'FD00:0:0:0:0:0:0:10', '127.0.0.1', '10.43.0.1']),
];
const ETCD_SANS = [...dns(['cp-1', 'node3.example.com', ...K8S_DNS]), ...ips(['10.0.0.1', '172.16.0.1', '10.0.0.2', '127.0.0.1', '10.43.0.1'])];

/** What RKE1 puts in each certificate for threeNodeInput() (shared/reference/rke1-part2.md §4.2). */
const EXPECTED: Record<string, { subject: string; issuer: 'kube-ca' | 'kube-apiserver-requestheader-ca'; server: boolean; san: string[]; ca?: boolean }> = {
  'kube-ca': { subject: 'CN=kube-ca', issuer: 'kube-ca', server: false, san: [], ca: true },
  'kube-apiserver-requestheader-ca': {
    subject: 'CN=kube-apiserver-requestheader-ca',
    issuer: 'kube-apiserver-requestheader-ca',
    server: false,
    san: [],
    ca: true,
  },
  'kube-apiserver': {
    subject: 'CN=kube-apiserver',
    issuer: 'kube-ca',
    server: true,
    san: API_SANS,
  },
  // fresh clusters: the service-account entry is the kube-apiserver certificate and key
  'kube-service-account-token': { subject: 'CN=kube-apiserver', issuer: 'kube-ca', server: true, san: API_SANS },
  'kube-controller-manager': { subject: 'CN=system:kube-controller-manager', issuer: 'kube-ca', server: false, san: [] },
  'kube-scheduler': { subject: 'CN=system:kube-scheduler', issuer: 'kube-ca', server: false, san: [] },
  'kube-proxy': { subject: 'CN=system:kube-proxy', issuer: 'kube-ca', server: false, san: [] },
  'kube-node': { subject: 'CN=system:node,O=system:nodes', issuer: 'kube-ca', server: false, san: [] },
  'kube-admin': { subject: 'CN=kube-admin,O=system:masters', issuer: 'kube-ca', server: false, san: [] },
  'kube-apiserver-proxy-client': { subject: 'CN=kube-apiserver-proxy-client', issuer: 'kube-apiserver-requestheader-ca', server: true, san: [] },
  'kube-etcd-172-16-0-1': { subject: 'CN=kube-etcd', issuer: 'kube-ca', server: true, san: ETCD_SANS },
  'kube-etcd-10-0-0-2': { subject: 'CN=kube-etcd', issuer: 'kube-ca', server: true, san: ETCD_SANS },
  'kube-etcd-node3-example-com': { subject: 'CN=kube-etcd', issuer: 'kube-ca', server: true, san: ETCD_SANS },
  'kube-kubelet-172-16-0-1': {
    subject: 'CN=kube-kubelet-172-16-0-1',
    issuer: 'kube-ca',
    server: true,
    san: [...dns(['cp-1']), ...ips(['10.0.0.1', '172.16.0.1'])],
  },
  'kube-kubelet-10-0-0-2': { subject: 'CN=kube-kubelet-10-0-0-2', issuer: 'kube-ca', server: true, san: ips(['10.0.0.2']) },
  'kube-kubelet-node3-example-com': { subject: 'CN=kube-kubelet-node3-example-com', issuer: 'kube-ca', server: true, san: dns(['node3.example.com']) },
};

describe('fresh PKI for 3 nodes, checked with real openssl', () => {
  let bundle: CertificateBundle;
  const before = Date.now();
  beforeAll(async () => {
    bundle = await generateClusterCerts(threeNodeInput(), undefined, { log: silentLog });
  }, 180_000);

  it('has exactly the certificates RKE1 generates', () => {
    expect(Object.keys(bundle).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [name, want] of Object.entries(EXPECTED)) {
    it(`${name}: chain, subject, SANs, usages, validity, key`, () => {
      const entry = bundle[name]!;
      const caPem = bundle[want.issuer]!.certificatePEM;
      expect(opensslVerify(caPem, entry.certificatePEM)).toMatch(/: OK$/);
      const t = opensslX509Text(entry.certificatePEM);
      expect(t.subject).toBe(want.subject);
      expect(t.issuer).toBe(`CN=${want.issuer}`);
      expect(t.publicKeyBits).toBe(2048);
      expect(t.signatureAlgorithm).toBe('sha256WithRSAEncryption');
      expect(t.keyUsageCritical).toBe(true);
      expect(t.san).toEqual(want.san);
      const caText = opensslX509Text(caPem);
      expect(t.notBefore.getTime()).toBe(caText.notBefore.getTime()); // RKE1: leaf NotBefore = CA NotBefore
      expect(t.notAfter.getTime() - t.notBefore.getTime()).toBeGreaterThanOrEqual(3650 * DAY - 5000);
      expect(t.notAfter.getTime() - t.notBefore.getTime()).toBeLessThanOrEqual(3650 * DAY + 60_000);
      expect(t.notBefore.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
      if (want.ca) {
        expect(t.keyUsage).toEqual(['Digital Signature', 'Key Encipherment', 'Certificate Sign']);
        expect(t.basicConstraints).toBe('CA:TRUE (critical)');
        expect(t.extKeyUsage).toEqual([]);
        expect(t.serial).toMatch(/^0 \(0x0\)$/);
      } else {
        expect(t.keyUsage).toEqual(['Digital Signature', 'Key Encipherment']);
        expect(t.basicConstraints).toBeNull();
        expect(t.extKeyUsage).toEqual(
          want.server ? ['TLS Web Client Authentication', 'TLS Web Server Authentication'] : ['TLS Web Client Authentication'],
        );
        expect(t.text).toMatch(/X509v3 Authority Key Identifier/);
      }
      expect(opensslModulus(entry.keyPEM, 'rsa')).toBe(opensslModulus(entry.certificatePEM, 'x509'));
      expect(entry.keyPEM.startsWith('-----BEGIN RSA PRIVATE KEY-----\n')).toBe(true);
    }, 60_000);
  }

  it('reproduces RKE1 quirks: kube-node shares the kube-proxy key, SA token = apiserver cert', () => {
    expect(bundle['kube-node']!.keyPEM).toBe(bundle['kube-proxy']!.keyPEM);
    expect(bundle['kube-service-account-token']!.certificatePEM).toBe(bundle['kube-apiserver']!.certificatePEM);
    expect(bundle['kube-service-account-token']!.keyPEM).toBe(bundle['kube-apiserver']!.keyPEM);
    expect(bundle['kube-admin']!.keyPEM).not.toBe(bundle['kube-node']!.keyPEM);
  });

  it('serials of leaf certificates are distinct 63-bit values', () => {
    const serials = Object.entries(bundle)
      .filter(([n]) => !n.endsWith('-ca') && n !== 'kube-service-account-token')
      .map(([, e]) => opensslX509Text(e.certificatePEM).serial);
    expect(new Set(serials).size).toBe(serials.length);
  }, 60_000);

  it('fills the bundle metadata like ToCertObject', () => {
    expect(bundle['kube-node']).toMatchObject({
      name: 'kube-node',
      commonName: 'system:node',
      ouName: 'system:nodes',
      envName: 'KUBE_NODE',
      path: '/etc/kubernetes/ssl/kube-node.pem',
      keyEnvName: 'KUBE_NODE_KEY',
      keyPath: '/etc/kubernetes/ssl/kube-node-key.pem',
      configEnvName: 'KUBECFG_KUBE_NODE',
      configPath: '/etc/kubernetes/ssl/kubecfg-kube-node.yaml',
    });
    expect(bundle['kube-ca']).toMatchObject({ commonName: 'system:kube-ca', ouName: '', config: '', configEnvName: '', configPath: '' });
    expect(bundle['kube-etcd-10-0-0-2']).toMatchObject({ commonName: 'system:kube-etcd-10-0-0-2', envName: 'KUBE_ETCD_10_0_0_2', config: '' });
    expect(bundle['kube-service-account-token']).toMatchObject({ commonName: 'kube-service-account-token', config: '' });
    expect(bundle['kube-apiserver-requestheader-ca']!.configPath).toBe('/etc/kubernetes/ssl/kubecfg-kube-apiserver-requestheader-ca.yaml');
    expect(bundle['kube-admin']).toMatchObject({ commonName: 'kube-admin', ouName: 'system:masters', configPath: './kube_config_cluster.yml' });
    expect(bundle['kube-admin']!.config).toContain('server: "https://10.0.0.1:6443"');
    expect(bundle['kube-admin']!.config).toContain('user: "kube-admin-local"');
  });
});
