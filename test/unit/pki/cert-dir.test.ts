import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateClusterCerts } from '../../../src/pki/generate.js';
import { readCertsFromDir, readCsrsFromDir, validateBundleContent, writeCertificates } from '../../../src/pki/cert-dir.js';
import { generateCsrs } from '../../../src/pki/csr.js';
import type { CertificateBundle } from '../../../src/pki/bundle.js';
import type { PkiInput } from '../../../src/pki/input.js';
import { opensslReqText } from './openssl.js';
import { silentLog } from './fixtures.js';

const input: PkiInput = {
  clusterName: 'prod',
  nodes: [{ address: '10.1.0.1', roles: ['controlplane', 'etcd', 'worker'] }],
  serviceClusterIpRange: '10.43.0.0/16',
  clusterDomain: 'cluster.local',
  sans: [],
  generateServingCertificate: false,
};
const asEntries = (b: CertificateBundle): Record<string, { entry: CertificateBundle[string] }> =>
  Object.fromEntries(Object.entries(b).map(([k, entry]) => [k, { entry }]));

describe('--custom-certs directory', () => {
  let bundle: CertificateBundle;
  let dir: string;
  beforeAll(async () => {
    bundle = await generateClusterCerts(input, undefined, { log: silentLog });
    dir = mkdtempSync(join(tmpdir(), 'rke-ts-certs-'));
    await writeCertificates(dir, asEntries(bundle), silentLog);
  }, 180_000);

  it('writes <name>.pem and <name>-key.pem with mode 0640', () => {
    const files = readdirSync(dir).sort();
    expect(files).toContain('kube-ca.pem');
    expect(files).toContain('kube-ca-key.pem');
    expect(files).toContain('kube-etcd-10-1-0-1.pem');
    for (const f of files) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o640);
  });

  it('reads them back with RKE1 names and validates them', async () => {
    const read = await readCertsFromDir(dir);
    expect(read['kube-node']).toMatchObject({ commonName: 'system:node', ouName: 'system:nodes' });
    expect(read['kube-admin']).toMatchObject({ commonName: 'kube-admin', ouName: 'system:masters' });
    expect(read['kube-apiserver']).toMatchObject({ commonName: 'kube-apiserver', certificatePEM: bundle['kube-apiserver']!.certificatePEM });
    const valid = validateBundleContent(input, read, { log: silentLog, clusterFilePath: 'cluster.yml' });
    expect(valid['kube-admin']!.config).toContain('server: "https://10.1.0.1:6443"');
    expect(valid['kube-admin']!.config).toContain('user: "kube-admin-prod"');
    expect(valid['kube-admin']!.configPath).toBe('./kube_config_cluster.yml');
  });

  it('a missing dir reads as an empty bundle, then fails validation like RKE1', async () => {
    const read = await readCertsFromDir(join(dir, 'nope'));
    expect(read).toEqual({});
    expect(() => validateBundleContent(input, read, { log: silentLog })).toThrow('Failed to find master CA certificate');
  });

  it('missing component / etcd cert messages', async () => {
    const d = mkdtempSync(join(tmpdir(), 'rke-ts-certs-'));
    await writeCertificates(d, asEntries(bundle), silentLog);
    rmSync(join(d, 'kube-scheduler-key.pem'));
    const read = await readCertsFromDir(d);
    expect(() => validateBundleContent(input, read, { log: silentLog })).toThrow('Failed to find [kube-scheduler] Certificate or Key');
    await writeCertificates(d, asEntries({ 'kube-scheduler': bundle['kube-scheduler']! }), silentLog);
    rmSync(join(d, 'kube-etcd-10-1-0-1.pem'));
    const etcdMissing = await readCertsFromDir(d);
    expect(() => validateBundleContent(input, etcdMissing, { log: silentLog })).toThrow(
      'Failed to find etcd [kube-etcd-10-1-0-1] Certificate or Key',
    );
  });

  it('a requestheader CA is optional (falls back to kube-ca, with a warning)', async () => {
    const read = await readCertsFromDir(dir);
    delete read['kube-apiserver-requestheader-ca'];
    const warnings: string[] = [];
    // the proxy client is signed by the real requestheader CA, so issuer validation then fails
    expect(() => validateBundleContent(input, read, { log: { ...silentLog, warn: (m) => warnings.push(m) } })).toThrow(
      'Component [kube-apiserver-proxy-client] is not signed by the custom Request Header CA certificate',
    );
    expect(warnings).toEqual(['Failed to find RequestHeader CA certificate, using master CA certificate']);
  });

  it('a component signed by another CA is rejected', async () => {
    const read = await readCertsFromDir(dir);
    read['kube-proxy'] = { ...read['kube-proxy']!, certificatePEM: read['kube-apiserver-proxy-client']!.certificatePEM };
    expect(() => validateBundleContent(input, read, { log: silentLog })).toThrow('Component [kube-proxy] is not signed by the custom CA certificate');
  });

  it('encrypted keys are refused with RKE1 message; PKCS#8 keys are re-encoded as PKCS#1', async () => {
    const d = mkdtempSync(join(tmpdir(), 'rke-ts-certs-'));
    writeFileSync(join(d, 'kube-ca.pem'), bundle['kube-ca']!.certificatePEM);
    writeFileSync(join(d, 'kube-ca-key.in'), bundle['kube-ca']!.keyPEM);
    execFileSync('openssl', ['pkey', '-in', join(d, 'kube-ca-key.in'), '-out', join(d, 'kube-ca-key.pem')]);
    expect(readFileSync(join(d, 'kube-ca-key.pem'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const read = await readCertsFromDir(d);
    expect(read['kube-ca']!.keyPEM).toBe(bundle['kube-ca']!.keyPEM);
    execFileSync('openssl', ['pkey', '-in', join(d, 'kube-ca-key.in'), '-aes256', '-passout', 'pass:x', '-out', join(d, 'kube-ca-key.pem')]);
    await expect(readCertsFromDir(d)).rejects.toThrow('failed to read key [kube-ca-key.pem], make sure it is not encrypted');
  });
});

describe('rke cert generate-csr', () => {
  it('writes a CSR + key per component with RKE1 subjects and SANs, and reuses them next time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rke-ts-csr-'));
    const first = await generateCsrs(input, await readCsrsFromDir(dir), silentLog);
    expect(Object.keys(first).sort()).toEqual([
      'kube-admin',
      'kube-apiserver',
      'kube-apiserver-proxy-client',
      'kube-controller-manager',
      'kube-etcd-10-1-0-1',
      'kube-node',
      'kube-proxy',
      'kube-scheduler',
    ]);
    await writeCertificates(dir, first, silentLog);
    const files = readdirSync(dir).sort();
    expect(files).toContain('kube-apiserver-csr.pem');
    expect(files).toContain('kube-apiserver-key.pem');
    expect(files).not.toContain('kube-apiserver.pem');
    for (const f of files) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o640);

    const api = opensslReqText(readFileSync(join(dir, 'kube-apiserver-csr.pem'), 'utf8'));
    expect(api.subject).toBe('CN=kube-apiserver');
    expect(api.san).toEqual([
      'DNS:localhost',
      'DNS:kubernetes',
      'DNS:kubernetes.default',
      'DNS:kubernetes.default.svc',
      'DNS:kubernetes.default.svc.cluster.local',
      'IP Address:10.1.0.1',
      'IP Address:127.0.0.1',
      'IP Address:10.43.0.1',
    ]);
    expect(api.extKeyUsage).toEqual(['TLS Web Client Authentication', 'TLS Web Server Authentication']);
    const node = opensslReqText(readFileSync(join(dir, 'kube-node-csr.pem'), 'utf8'));
    expect(node.subject).toBe('CN=system:node,O=system:nodes');
    expect(node.extKeyUsage).toEqual(['TLS Web Client Authentication']);

    const again = await generateCsrs(input, await readCsrsFromDir(dir), silentLog);
    for (const [name, e] of Object.entries(first)) expect(again[name]!.csrPEM, name).toBe(e.csrPEM);

    const moreSans = await generateCsrs({ ...input, sans: ['api.example.com'] }, await readCsrsFromDir(dir), silentLog);
    expect(moreSans['kube-apiserver']!.csrPEM).not.toBe(first['kube-apiserver']!.csrPEM);
    expect(moreSans['kube-apiserver']!.entry.keyPEM).toBe(first['kube-apiserver']!.entry.keyPEM);
    expect(moreSans['kube-proxy']!.csrPEM).toBe(first['kube-proxy']!.csrPEM);
  }, 180_000);
});
