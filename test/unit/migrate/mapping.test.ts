/** The rule table covers cluster.yml completely; the lab's configs assess without unknown keys; helpers. */
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderClusterYml } from '../../../lab/src/cluster-yml.js';
import { effectiveClusterConfig, parseClusterConfig } from '../../../src/config/index.js';
import { assess, clusterToken, renderBundle, ruleFor, schemaLeafPatterns, tlsFiles } from '../../../src/migrate/index.js';
import { parseState } from '../../../src/state/index.js';
import { cronEvery, durationMinutes, extraMountFromBind, printable } from '../../../src/migrate/values.js';
import { loadVersionTable } from '../../../src/versions/index.js';
import { goldenCases, inputOf } from './golden-cases.js';

const state = parseState(readFileSync('test/fixtures/rke1/init/ha-3/cluster.rkestate', 'utf8'), 'ha-3/cluster.rkestate');

describe('mapping rules', () => {
  it('every key the cluster.yml schema allows has a rule (so no config can assess as unknown)', () => {
    const patterns = schemaLeafPatterns();
    expect(patterns.length).toBeGreaterThan(400);
    expect(patterns.filter((p) => !ruleFor(p))).toEqual([]);
  });

  it('every lab cluster.yml variant assesses with no unknown key', () => {
    const table = loadVersionTable();
    const nodes = [
      { address: '10.213.7.11', hostnameOverride: 'rke-ts-lab-7-node-1', roles: ['etcd', 'controlplane'] as ('etcd' | 'controlplane' | 'worker')[] },
      { address: '10.213.7.12', hostnameOverride: 'rke-ts-lab-7-node-2', roles: ['worker'] as ('etcd' | 'controlplane' | 'worker')[] },
    ];
    for (const options of [
      { sshKeyPath: '/k' },
      { sshKeyPath: '/k', privateRegistry: true },
      { sshKeyPath: '/k', kubernetesVersion: table.defaultVersion },
      { sshKeyPath: '/k', privateRegistry: true, kubernetesVersion: table.defaultVersion },
    ]) {
      const parsed = parseClusterConfig(renderClusterYml(nodes, options));
      const { config } = effectiveClusterConfig(parsed.config, { table });
      const { assessment } = assess({ raw: parsed.config, config, state, tokenSecret: 's' });
      expect(assessment.items.filter((i) => i.status === 'unknown')).toEqual([]);
      expect(assessment.items.map((i) => i.key)).toEqual(expect.arrayContaining(['network.plugin', 'dns.upstreamnameservers', 'services.kubeproxy.extra_args.conntrack-max-per-core']));
    }
  });

  it('no secret from cluster.yml appears in the assessment', { timeout: 120_000 }, () => {
    for (const c of goldenCases()) {
      const bundle = renderBundle(inputOf(c));
      const text = String(bundle.files.find((f) => f.path === 'assessment.txt')!.content) + String(bundle.files.find((f) => f.path === 'assessment.json')!.content);
      expect(text).not.toContain('not-a-real-password');
      expect(text).not.toContain('not-a-real-secret');
      expect(text).not.toContain('BEGIN');
    }
  });
});

describe('cluster identity files', () => {
  const bundle = state.currentState.certificatesBundle ?? state.desiredState.certificatesBundle!;
  const files = tlsFiles(bundle);
  const file = (p: string) => files.find((f) => f.path === `/var/lib/rancher/rke2/server/tls/${p}`)!;

  it('kube-ca becomes the server, client and etcd CAs; cert and key belong together', () => {
    for (const name of ['server-ca', 'client-ca', 'etcd/server-ca', 'etcd/peer-ca']) {
      expect(file(`${name}.crt`).content).toBe(bundle['kube-ca']!.certificatePEM);
      const cert = new X509Certificate(file(`${name}.crt`).content);
      const pub = createPublicKey(createPrivateKey(file(`${name}.key`).content)).export({ format: 'pem', type: 'spki' });
      expect(cert.publicKey.export({ format: 'pem', type: 'spki' })).toBe(pub);
      expect(cert.ca).toBe(true);
      expect(file(`${name}.key`).mode).toBe(0o600);
    }
    expect(file('request-header-ca.crt').content).toBe(bundle['kube-apiserver-requestheader-ca']!.certificatePEM);
    expect(file('service.key').content).toBe(bundle['kube-service-account-token']!.keyPEM);
  });

  it('the token pins the server CA file the bundle writes', () => {
    const token = clusterToken(file('server-ca.crt').content, 'abc');
    expect(token).toMatch(/^K10[0-9a-f]{64}::server:abc$/);
  });

  it('the encryption config of the state is carried as JSON with the same keys', () => {
    const enc = parseState(readFileSync('test/fixtures/rke1/init/serving-encryption/cluster.rkestate', 'utf8'), 'serving-encryption/cluster.rkestate');
    const c = goldenCases().find((g) => g.name === 'serving-encryption')!;
    const out = renderBundle(inputOf(c)).files.find((f) => f.path.endsWith('/server/cred/encryption-config.json'));
    const json = JSON.parse(String(out!.content)) as { resources: { providers: { aescbc?: { keys: { secret: string }[] } }[] }[] };
    const secret = json.resources[0]!.providers.find((p) => p.aescbc)!.aescbc!.keys[0]!.secret;
    expect(enc.desiredState.encryptionConfig).toContain(secret);
    expect(out!.mode).toBe(0o600);
  });
});

describe('value helpers', () => {
  it('turns RKE1 durations into cron schedules', () => {
    expect(durationMinutes('12h')).toBe(720);
    expect(durationMinutes('1h30m')).toBe(90);
    expect(durationMinutes('bogus')).toBeUndefined();
    expect(cronEvery(720)).toBe('0 */12 * * *');
    expect(cronEvery(1440)).toBe('0 0 * * *');
    expect(cronEvery(15)).toBe('*/15 * * * *');
    expect(cronEvery(7 * 60)).toBeUndefined();
  });

  it('maps Docker binds to RKE2 extra mounts', () => {
    expect(extraMountFromBind('/a:/b:ro,z')).toBe('/a:/b:ro');
    expect(extraMountFromBind('/a:/b:z')).toBe('/a:/b');
    expect(extraMountFromBind('/a')).toBe('/a:/a');
  });

  it('redacts secrets but not taint keys', () => {
    expect(printable('private_registries[0].password', 'x')).toBe('<redacted>');
    expect(printable('services.etcd.key', 'PEM')).toBe('<redacted>');
    expect(printable('nodes[0].taints[0].key', 'dedicated')).toBe('dedicated');
  });
});
