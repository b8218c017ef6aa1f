import { beforeAll, describe, expect, it } from 'vitest';
import { generateClusterCerts, rotateClusterCerts, ROTATABLE_SERVICES } from '../../../src/pki/generate.js';
import type { CertificateBundle } from '../../../src/pki/bundle.js';
import {
  certificateExpiries,
  certificatesRotatedBy,
  decideExpiryRotation,
  validateRotateServices,
  type CertificateExpiry,
} from '../../../src/pki/rotate.js';
import { silentLog, threeNodeInput } from './fixtures.js';

const opts = { log: silentLog };
/** Small enough to keep RSA key generation cheap: one etcd host, kubelet serving certs on two nodes. */
const smallInput = () =>
  threeNodeInput({
    nodes: [
      { address: '10.0.0.1', internalAddress: '172.16.0.1', roles: ['controlplane', 'etcd', 'worker'] },
      { address: '10.0.0.2', roles: ['worker'] },
    ],
  });
const changed = (a: CertificateBundle, b: CertificateBundle): string[] =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();

describe('which certificates a rotation re-issues (matches what rotateClusterCerts really changes)', () => {
  let base: CertificateBundle;
  beforeAll(async () => {
    base = await generateClusterCerts(smallInput(), undefined, opts);
  }, 180_000);

  for (const service of ROTATABLE_SERVICES) {
    it(`--service ${service}`, async () => {
      const next = await rotateClusterCerts(smallInput(), base, { ...opts, services: [service] });
      expect(certificatesRotatedBy(smallInput(), { services: [service] }).sort()).toEqual(changed(base, next));
    }, 60_000);
  }

  it('--service kubelet without serving certificates touches kube-node only', () => {
    expect(certificatesRotatedBy(threeNodeInput({ generateServingCertificate: false }), { services: ['kubelet'] })).toEqual(['kube-node']);
  });

  it('two --service flags: the union', () => {
    expect(certificatesRotatedBy(threeNodeInput(), { services: ['kube-proxy', 'kube-scheduler'] })).toEqual(['kube-proxy', 'kube-scheduler']);
  });

  it('no --service: every service certificate, never the CA nor the service-account key', async () => {
    const next = await rotateClusterCerts(smallInput(), base, opts);
    const names = certificatesRotatedBy(smallInput(), {});
    expect(names.sort()).toEqual(changed(base, next));
    expect(names).not.toContain('kube-ca');
    expect(names).not.toContain('kube-service-account-token');
    expect(certificatesRotatedBy(smallInput(), { services: [''] }).sort()).toEqual(names);
  }, 60_000);

  it('--rotate-ca: the CAs as well, the service-account key still kept', async () => {
    const next = await rotateClusterCerts(smallInput(), base, { ...opts, rotateCa: true, services: ['kube-proxy'] });
    const names = certificatesRotatedBy(smallInput(), { rotateCa: true, services: ['kube-proxy'] });
    expect(names.sort()).toEqual(changed(base, next));
    expect(names).toContain('kube-ca');
    expect(names).toContain('kube-apiserver-requestheader-ca');
    expect(next['kube-service-account-token']!.keyPEM).toBe(base['kube-service-account-token']!.keyPEM);
  }, 60_000);

  it('an unknown --service is an error naming the allowed values', () => {
    expect(() => validateRotateServices(['kube-apiserver', 'kubeapi'])).toThrow(/unknown service \[kubeapi\].*kube-apiserver/);
    expect(validateRotateServices(['', 'etcd'])).toEqual(['etcd']);
  });

  it('certificateExpiries: days left from notAfter, soonest first, no service-account entry', () => {
    const now = new Date();
    const list = certificateExpiries(base, now);
    expect(list.map((e) => e.name)).not.toContain('kube-service-account-token');
    expect(list.length).toBe(Object.keys(base).length - 1);
    for (const e of list) expect(e.daysLeft).toBeGreaterThanOrEqual(3649);
    const later = certificateExpiries(base, new Date(now.getTime() + 3640 * 86_400_000));
    for (const e of later) expect(e.daysLeft).toBeLessThan(10);
    for (let i = 1; i < list.length; i++) expect(list[i]!.notAfter.getTime()).toBeGreaterThanOrEqual(list[i - 1]!.notAfter.getTime());
  });
});

describe('what up rotates on its own (expiry window)', () => {
  const exp = (name: string, daysLeft: number): CertificateExpiry => ({ name, daysLeft, notAfter: new Date(Date.now() + daysLeft * 86_400_000) });
  const policy = { rotateWithinDays: 30, allowCaRotation: false, customCerts: false };

  it('nothing within the window: nothing rotated', () => {
    expect(decideExpiryRotation([exp('kube-apiserver', 30), exp('kube-ca', 3000)], policy)).toEqual({ expiring: [], blocked: [] });
  });

  it('window 0 disables rotation', () => {
    expect(decideExpiryRotation([exp('kube-apiserver', -2)], { ...policy, rotateWithinDays: 0 }).rotate).toBeUndefined();
  });

  it('the smallest --service set that covers the expiring certificates', () => {
    const d = decideExpiryRotation([exp('kube-apiserver', 29), exp('kube-etcd-10-0-0-1', 3), exp('kube-kubelet-10-0-0-2', 1), exp('kube-proxy', 400)], policy);
    expect(d.rotate).toEqual({ services: ['etcd', 'kubelet', 'kube-apiserver'] });
    expect(d.expiring.map((e) => e.name)).toEqual(['kube-apiserver', 'kube-etcd-10-0-0-1', 'kube-kubelet-10-0-0-2']);
  });

  it('kube-admin or the proxy client certificate: all service certificates', () => {
    expect(decideExpiryRotation([exp('kube-admin', 2), exp('kube-node', 2)], policy).rotate).toEqual({ services: [] });
    expect(decideExpiryRotation([exp('kube-apiserver-proxy-client', 2)], policy).rotate).toEqual({ services: [] });
  });

  it('an expiring CA is not rotated by up unless allowed; the leaves still are', () => {
    const d = decideExpiryRotation([exp('kube-ca', 5), exp('kube-scheduler', 5)], policy);
    expect(d.rotate).toEqual({ services: ['kube-scheduler'] });
    expect(d.blocked).toEqual([{ name: 'kube-ca', reason: expect.stringMatching(/--rotate-ca/) }]);
    expect(decideExpiryRotation([exp('kube-ca', 5)], policy).rotate).toBeUndefined();
    expect(decideExpiryRotation([exp('kube-ca', 5)], { ...policy, allowCaRotation: true }).rotate).toEqual({ rotateCa: true, services: [] });
  });

  it('custom certificates and external etcd certificates are never rotated', () => {
    const d = decideExpiryRotation([exp('kube-apiserver', 1)], { ...policy, customCerts: true });
    expect(d.rotate).toBeUndefined();
    expect(d.blocked.map((b) => b.name)).toEqual(['kube-apiserver']);
    const e = decideExpiryRotation([exp('kube-etcd-client', 1)], policy);
    expect(e.rotate).toBeUndefined();
    expect(e.blocked.map((b) => b.name)).toEqual(['kube-etcd-client']);
  });
});
