import { beforeAll, describe, expect, it } from 'vitest';
import { generateClusterCerts, rotateClusterCerts } from '../../../src/pki/generate.js';
import type { CertificateBundle } from '../../../src/pki/bundle.js';
import { inspectCertificatePem } from '../../../src/pki/x509/inspect.js';
import { opensslModulus, opensslVerify } from './openssl.js';
import { silentLog, threeNodeInput } from './fixtures.js';

const opts = { log: silentLog };
const changed = (a: CertificateBundle, b: CertificateBundle): string[] =>
  Object.keys(b)
    .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .sort();

describe('existing cluster: RKE1 rebuildExistingState / RotateRKECertificates rules', () => {
  let base: CertificateBundle;
  beforeAll(async () => {
    base = await generateClusterCerts(threeNodeInput(), undefined, opts);
  }, 180_000);

  it('same cluster.yml: only kube-admin is re-signed (same key), everything else byte for byte', async () => {
    const next = await generateClusterCerts(threeNodeInput(), base, opts);
    expect(changed(base, next)).toEqual(['kube-admin']);
    expect(next['kube-admin']!.keyPEM).toBe(base['kube-admin']!.keyPEM);
    expect(next['kube-admin']!.certificatePEM).not.toBe(base['kube-admin']!.certificatePEM);
  });

  it('kube-admin configPath follows --config on existing clusters', async () => {
    const next = await generateClusterCerts(threeNodeInput(), base, { ...opts, clusterFilePath: 'envs/prod.yml' });
    expect(next['kube-admin']!.configPath).toBe('envs/kube_config_prod.yml');
  });

  it('a new authentication.sans entry re-signs kube-apiserver with its old key, nothing else', async () => {
    const input = threeNodeInput({ sans: [...threeNodeInput().sans, 'api.example.com'] });
    const next = await generateClusterCerts(input, base, opts);
    expect(changed(base, next)).toEqual(['kube-admin', 'kube-apiserver']);
    expect(next['kube-apiserver']!.keyPEM).toBe(base['kube-apiserver']!.keyPEM);
    expect(inspectCertificatePem(next['kube-apiserver']!.certificatePEM).altNames.dnsNames).toContain('api.example.com');
    expect(next['kube-service-account-token']).toEqual(base['kube-service-account-token']);
  });

  it('a new etcd node: its certs are added, existing etcd certs re-signed with their keys', async () => {
    const input = threeNodeInput();
    const nodes = [...input.nodes, { address: '10.0.0.4', roles: ['etcd'] }];
    const next = await generateClusterCerts({ ...input, nodes }, base, opts);
    expect(changed(base, next)).toEqual([
      'kube-admin',
      'kube-etcd-10-0-0-2',
      'kube-etcd-10-0-0-4',
      'kube-etcd-172-16-0-1',
      'kube-etcd-node3-example-com',
      'kube-kubelet-10-0-0-4',
    ]);
    for (const n of ['kube-etcd-10-0-0-2', 'kube-etcd-172-16-0-1', 'kube-etcd-node3-example-com']) {
      expect(next[n]!.keyPEM).toBe(base[n]!.keyPEM);
      expect(inspectCertificatePem(next[n]!.certificatePEM).altNames.ips).toContain('10.0.0.4');
    }
    expect(opensslVerify(next['kube-ca']!.certificatePEM, next['kube-etcd-10-0-0-4']!.certificatePEM)).toMatch(/OK$/);
  }, 60_000);

  it('a removed node: its etcd and kubelet certs are deleted', async () => {
    const input = threeNodeInput();
    const next = await generateClusterCerts({ ...input, nodes: input.nodes.slice(0, 2) }, base, opts);
    expect(next['kube-etcd-node3-example-com']).toBeUndefined();
    expect(next['kube-kubelet-node3-example-com']).toBeUndefined();
    expect(next['kube-etcd-10-0-0-2']!.keyPEM).toBe(base['kube-etcd-10-0-0-2']!.keyPEM);
  });

  it('generate_serving_certificate turned off: every kube-kubelet-* is deleted', async () => {
    const next = await generateClusterCerts(threeNodeInput({ generateServingCertificate: false }), base, opts);
    expect(Object.keys(next).filter((k) => k.startsWith('kube-kubelet'))).toEqual([]);
  });

  it('a legacy bundle without requestheader CA and proxy client gets both', async () => {
    const legacy = { ...base };
    delete legacy['kube-apiserver-requestheader-ca'];
    delete legacy['kube-apiserver-proxy-client'];
    const next = await generateClusterCerts(threeNodeInput(), legacy, opts);
    expect(opensslVerify(next['kube-apiserver-requestheader-ca']!.certificatePEM, next['kube-apiserver-proxy-client']!.certificatePEM)).toMatch(
      /OK$/,
    );
    expect(next['kube-ca']).toEqual(base['kube-ca']);
  }, 60_000);

  it('a bundle whose kube-ca has no key cannot be extended (never a silent new CA)', async () => {
    const broken = { ...base, 'kube-ca': { ...base['kube-ca']!, keyPEM: '' } };
    await expect(generateClusterCerts(threeNodeInput(), broken, opts)).rejects.toThrow('CA Certificate or Key is empty');
  });

  it('rotate --service kube-apiserver: only kube-apiserver, with a new key', async () => {
    const next = await rotateClusterCerts(threeNodeInput(), base, { ...opts, services: ['kube-apiserver'] });
    expect(changed(base, next)).toEqual(['kube-apiserver']);
    expect(opensslModulus(next['kube-apiserver']!.keyPEM, 'rsa')).not.toBe(opensslModulus(base['kube-apiserver']!.keyPEM, 'rsa'));
  }, 60_000); // an RSA-2048 key generation: over 5 s on a loaded CI machine

  it('rotate (all services): new keys everywhere except CA and service-account token', async () => {
    const next = await rotateClusterCerts(threeNodeInput(), base, opts);
    expect(next['kube-ca']).toEqual(base['kube-ca']);
    expect(next['kube-service-account-token']).toEqual(base['kube-service-account-token']);
    for (const name of Object.keys(base)) {
      if (name.endsWith('-ca') || name === 'kube-service-account-token') continue;
      expect(next[name]!.keyPEM, name).not.toBe(base[name]!.keyPEM);
    }
    expect(next['kube-node']!.keyPEM).not.toBe(next['kube-proxy']!.keyPEM);
  }, 180_000);

  it('rotate --rotate-ca: new CAs, every leaf verifies against them, SA key kept', async () => {
    const next = await rotateClusterCerts(threeNodeInput(), base, { ...opts, rotateCa: true });
    expect(next['kube-ca']!.certificatePEM).not.toBe(base['kube-ca']!.certificatePEM);
    expect(opensslVerify(next['kube-ca']!.certificatePEM, next['kube-apiserver']!.certificatePEM)).toMatch(/OK$/);
    expect(opensslVerify(next['kube-ca']!.certificatePEM, next['kube-etcd-10-0-0-2']!.certificatePEM)).toMatch(/OK$/);
    expect(
      opensslVerify(next['kube-apiserver-requestheader-ca']!.certificatePEM, next['kube-apiserver-proxy-client']!.certificatePEM),
    ).toMatch(/OK$/);
    expect(next['kube-service-account-token']!.keyPEM).toBe(base['kube-service-account-token']!.keyPEM);
  }, 180_000);
});

describe('external etcd', () => {
  it('stores kube-etcd-client / kube-etcd-client-ca from services.etcd and no per-host etcd certs', async () => {
    const other = await generateClusterCerts(
      { ...threeNodeInput({ generateServingCertificate: false }), nodes: [{ address: '10.9.9.9', roles: ['controlplane', 'etcd'] }] },
      undefined,
      opts,
    );
    const input = threeNodeInput({
      generateServingCertificate: false,
      nodes: [{ address: '10.0.0.1', roles: ['controlplane', 'worker'] }],
      externalEtcd: {
        urls: ['https://etcd.example.com:2379'],
        cert: other['kube-etcd-10-9-9-9']!.certificatePEM,
        key: other['kube-etcd-10-9-9-9']!.keyPEM,
        caCert: other['kube-ca']!.certificatePEM,
      },
    });
    const bundle = await generateClusterCerts(input, undefined, opts);
    expect(bundle['kube-etcd-client']!.certificatePEM).toBe(other['kube-etcd-10-9-9-9']!.certificatePEM);
    expect(bundle['kube-etcd-client-ca']).toMatchObject({ certificatePEM: other['kube-ca']!.certificatePEM, keyPEM: '' });
    expect(Object.keys(bundle).filter((k) => k.startsWith('kube-etcd-1'))).toEqual([]);
  }, 180_000);
});
