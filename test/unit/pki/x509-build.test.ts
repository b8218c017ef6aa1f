import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCaCertificate, buildCsr, buildSignedCertificate } from '../../../src/pki/x509/build.js';
import { certificateDersFromPem, decodePemBlocks } from '../../../src/pki/pem.js';

const fixture = (f: string): Buffer => readFileSync(fileURLToPath(new URL(`../../fixtures/state/go-x509/${f}`, import.meta.url)));

// The fixtures were produced by Go's crypto/x509 with RKE1's templates and the same keys. PKCS#1
// v1.5 signatures are deterministic, so equal DER means every byte (names, extensions, order,
// criticality, serial, validity, signature algorithm) matches what RKE1 would produce.
describe('certificates are byte-identical to Go crypto/x509 with RKE1 templates', () => {
  const caKey = createPrivateKey(fixture('ca.key'));
  const leafKey = createPrivateKey(fixture('leaf.key'));
  const now = new Date(1700000000 * 1000);

  it('CA (serial 0, CA:TRUE, SKI)', async () => {
    const pem = await buildCaCertificate('kube-ca', caKey, createPublicKey(caKey), now);
    expect(certificateDersFromPem(pem)[0]?.equals(fixture('ca.der'))).toBe(true);
  });

  it('leaf with O, CN, DNS + IPv4 + IPv6 SANs and client+server EKU', async () => {
    const pem = await buildSignedCertificate(
      {
        commonName: 'system:node',
        organizations: ['system:nodes'],
        serverAuth: true,
        altNames: { dnsNames: ['localhost', 'a_b'], ips: ['127.0.0.1', 'fd00::1'] },
      },
      createPublicKey(leafKey),
      { certDer: fixture('ca.der'), key: caKey },
      now,
      512247850200524651n,
    );
    expect(certificateDersFromPem(pem)[0]?.equals(fixture('leaf.der'))).toBe(true);
  });

  it('CSR with SANs and the EKU extra extension', async () => {
    const pem = await buildCsr(
      { commonName: 'kube-apiserver', serverAuth: true, altNames: { dnsNames: ['x'], ips: ['10.0.0.1'] } },
      leafKey,
      createPublicKey(leafKey),
    );
    const [block] = decodePemBlocks(pem);
    expect(block?.type).toBe('CERTIFICATE REQUEST');
    expect(block?.der.equals(fixture('leaf.csr.der'))).toBe(true);
  });
});
