/** FIPS mode rejects each non-approved setting with a message naming it, and accepts the approved defaults. */
import 'reflect-metadata';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClusterConfig } from '../../../src/config/index.js';
import { assertFipsCompliant, FipsError, fipsViolations, type CertificateUse, type SshKeyUse } from '../../../src/fips/check.js';
import { certificateAlgorithms, certificateProblems } from '../../../src/fips/certificates.js';
import { sshKeyFacts } from '../../../src/fips/ssh.js';
import { generateClusterCerts } from '../../../src/pki/generate.js';
import type { CertificateBundle } from '../../../src/pki/bundle.js';
import { silentLog, threeNodeInput } from '../pki/fixtures.js';
import { selfSigned, sshKey } from './keys.js';

const nodes = [{ address: '10.0.0.1', user: 'rke', role: ['etcd', 'controlplane', 'worker'] }];
const parse = (text: string): ParsedKey => {
  const k = ssh2.utils.parseKey(text);
  if (k instanceof Error) throw k;
  return Array.isArray(k) ? k[0]! : k;
};
const keyUse = (text: string, label = '/home/rke/.ssh/id'): SshKeyUse => ({
  key: 'nodes[0].ssh_key_path',
  host: '10.0.0.1:22',
  label,
  facts: sshKeyFacts(parse(text)),
});
const messages = (config: Partial<ClusterConfig>, extra: { sshKeys?: SshKeyUse[]; certificates?: CertificateUse[] } = {}) =>
  fipsViolations({ config: { nodes, ...config } as ClusterConfig, configFile: 'cluster.yml', ...extra }).map((v) => v.message);

describe('FIPS check: TLS settings', () => {
  it('names a non-approved kube-api tls-cipher-suites entry and its key', () => {
    const v = fipsViolations({
      config: { nodes, services: { 'kube-api': { extra_args: { 'tls-cipher-suites': 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305' } } } } as ClusterConfig,
      configFile: 'cluster.yml',
    });
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toBe(
      'services.kube-api.extra_args.tls-cipher-suites: cipher suite(s) TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305 are not FIPS-approved (allowed: ECDHE with AES-GCM)',
    );
    expect(v[0]!.subject).toEqual({ file: 'cluster.yml', key: 'services.kube-api.extra_args.tls-cipher-suites' });
  });

  it('checks kubelet, controller, scheduler, etcd suites, extra_args_array and tls-min-version', () => {
    const m = messages({
      services: {
        kubelet: { extra_args: { 'tls-cipher-suites': 'TLS_RSA_WITH_AES_128_CBC_SHA' } },
        'kube-controller': { extra_args_array: { 'tls-cipher-suites': ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_RSA_WITH_3DES_EDE_CBC_SHA'] } },
        scheduler: { extra_args: { 'tls-min-version': 'VersionTLS11' } },
        etcd: { extra_args: { 'cipher-suites': 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305' } },
      },
    } as Partial<ClusterConfig>);
    expect(m).toEqual([
      'services.kubelet.extra_args.tls-cipher-suites: cipher suite(s) TLS_RSA_WITH_AES_128_CBC_SHA are not FIPS-approved (allowed: ECDHE with AES-GCM)',
      'services.kube-controller.extra_args_array.tls-cipher-suites[1]: cipher suite(s) TLS_RSA_WITH_3DES_EDE_CBC_SHA are not FIPS-approved (allowed: ECDHE with AES-GCM)',
      'services.scheduler.extra_args.tls-min-version: VersionTLS11 is below TLS 1.2, which FIPS mode requires (use VersionTLS12 or VersionTLS13)',
      'services.etcd.extra_args.cipher-suites: cipher suite(s) TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305 are not FIPS-approved (allowed: ECDHE with AES-GCM)',
    ]);
  });

  it('accepts approved TLS 1.2 and 1.3 suites and TLS 1.2+', () => {
    expect(
      messages({
        services: {
          'kube-api': { extra_args: { 'tls-cipher-suites': 'TLS_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'tls-min-version': 'VersionTLS13' } },
        },
      } as Partial<ClusterConfig>),
    ).toEqual([]);
  });
});

describe('FIPS check: secrets encryption providers', () => {
  const custom = (provider: Record<string, unknown>) =>
    ({
      services: {
        'kube-api': {
          secrets_encryption_config: {
            enabled: true,
            custom_config: { apiVersion: 'apiserver.config.k8s.io/v1', kind: 'EncryptionConfiguration', resources: [{ resources: ['secrets'], providers: [provider, { identity: {} }] }] },
          },
        },
      },
    }) as Partial<ClusterConfig>;

  it('refuses secretbox (XSalsa20-Poly1305) and names the provider key', () => {
    expect(messages(custom({ secretbox: { keys: [] } }))).toEqual([
      'services.kube-api.secrets_encryption_config.custom_config.resources[0].providers[0].secretbox: encryption provider secretbox is not FIPS-approved (use aescbc or aesgcm)',
    ]);
  });

  it('accepts aescbc and aesgcm', () => {
    expect(messages(custom({ aescbc: { keys: [] } }))).toEqual([]);
    expect(messages(custom({ aesgcm: { keys: [] } }))).toEqual([]);
  });
});

describe('FIPS check: SSH keys', () => {
  it('refuses an ed25519 key, naming the cluster.yml key, host and file', () => {
    const v = fipsViolations({ config: { nodes } as ClusterConfig, sshKeys: [keyUse(sshKey('ed25519'), '/keys/id_ed25519')] });
    expect(v.map((x) => x.message)).toEqual([
      'nodes[0].ssh_key_path: SSH key [/keys/id_ed25519] for host [10.0.0.1:22]: key type ssh-ed25519 is not FIPS-approved (use RSA >= 2048 bits or ECDSA P-256/P-384/P-521)',
    ]);
    expect(v[0]!.subject).toEqual({ key: 'nodes[0].ssh_key_path', host: '10.0.0.1:22', file: '/keys/id_ed25519' });
  });

  it('refuses an RSA key below 2048 bits with its size', () => {
    expect(messages({}, { sshKeys: [keyUse(sshKey('rsa', 1024))] })).toEqual([
      'nodes[0].ssh_key_path: SSH key [/home/rke/.ssh/id] for host [10.0.0.1:22]: RSA key of 1024 bits is below the FIPS minimum of 2048',
    ]);
  });

  it('accepts RSA 2048 and ECDSA P-256/P-384 keys', () => {
    const keys = [sshKey('rsa', 2048), sshKey('ecdsa', 256), sshKey('ecdsa', 384)].map((k) => keyUse(k));
    expect(keys.map((k) => k.facts)).toEqual([
      { type: 'ssh-rsa', rsaBits: 2048 },
      { type: 'ecdsa-sha2-nistp256' },
      { type: 'ecdsa-sha2-nistp384' },
    ]);
    expect(messages({}, { sshKeys: keys })).toEqual([]);
  }, 60_000);
});

describe('FIPS check: certificates', () => {
  let bundle: CertificateBundle;
  beforeAll(async () => {
    bundle = await generateClusterCerts(threeNodeInput(), undefined, { log: silentLog });
  }, 180_000);

  it('our PKI is RSA-2048 with SHA-256 signatures, like RKE1, for every certificate', () => {
    const algs = new Set(Object.values(bundle).filter((c) => c.certificatePEM).map((c) => JSON.stringify(certificateAlgorithms(c.certificatePEM))));
    expect([...algs]).toEqual([JSON.stringify({ key: 'RSA-2048', signature: 'sha256WithRSAEncryption', signatureHash: 'sha256' })]);
    const certs: CertificateUse[] = Object.entries(bundle).map(([name, c]) => ({ name, certificatePEM: c.certificatePEM, keyPEM: c.keyPEM, file: 'cluster.rkestate' }));
    expect(certs.length).toBeGreaterThan(10);
    expect(() => assertFipsCompliant({ config: { nodes } as ClusterConfig, certificates: certs })).not.toThrow();
  });

  it('refuses a weak custom certificate (RSA-1024, SHA-1), naming the file', () => {
    const weak = selfSigned(['-newkey', 'rsa:1024'], 'sha1');
    expect(messages({}, { certificates: [{ name: 'kube-apiserver', certificatePEM: weak.cert, keyPEM: weak.key, file: 'certs/kube-apiserver.pem' }] })).toEqual([
      'certificate kube-apiserver [certs/kube-apiserver.pem]: RSA key of 1024 bits is below the FIPS minimum of 2048',
      'certificate kube-apiserver [certs/kube-apiserver.pem]: signature algorithm sha1WithRSAEncryption is not FIPS-approved (use SHA-256 or stronger)',
    ]);
  });

  it('refuses Ed25519 certificates and accepts ECDSA P-384 with SHA-384', () => {
    const ed = selfSigned(['-newkey', 'ed25519']).cert;
    expect(certificateAlgorithms(ed)).toEqual({ key: 'ed25519', signature: 'Ed25519', signatureHash: 'none' });
    expect(certificateProblems(ed)).toEqual([
      'ed25519 keys are not accepted in FIPS mode (use RSA >= 2048 bits or ECDSA P-256/P-384/P-521)',
      'signature algorithm Ed25519 is not FIPS-approved (use SHA-256 or stronger)',
    ]);
    const ec = selfSigned(['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:secp384r1'], 'sha384').cert;
    expect(certificateAlgorithms(ec)).toEqual({ key: 'EC-secp384r1', signature: 'ecdsa-with-SHA384', signatureHash: 'sha384' });
    expect(certificateProblems(ec)).toEqual([]);
  });
});

describe('FipsError', () => {
  it('lists every violation and carries the first one as its subject', () => {
    try {
      assertFipsCompliant({
        config: { nodes, services: { kubelet: { extra_args: { 'tls-min-version': 'VersionTLS10' } } } } as ClusterConfig,
        sshKeys: [keyUse(sshKey('ed25519'))],
        configFile: 'cluster.yml',
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(FipsError);
      const e = err as FipsError;
      expect(e.violations).toHaveLength(2);
      expect(e.message).toMatch(/^FIPS mode: 2 settings are not FIPS-approved:\n {2}- services\.kubelet\.extra_args\.tls-min-version: VersionTLS10/);
      expect(e.message).toContain('nodes[0].ssh_key_path: SSH key');
      expect(e.subject).toEqual({ file: 'cluster.yml', key: 'services.kubelet.extra_args.tls-min-version' });
    }
  });
});
