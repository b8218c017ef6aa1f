/**
 * cluster.rkestate files written by the real RKE1 binary (`rke up --init`, test/fixtures/rke1/init,
 * committed by the RKE1-oracle work): we read them, write them back byte for byte, and generate
 * the PKI for the same cluster.yml to compare every certificate's content with RKE1's.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseState, serializeState } from '../../../src/state/json.js';
import { generateClusterCerts } from '../../../src/pki/generate.js';
import { pkiInputFromConfig } from '../../../src/pki/from-config.js';
import { fromRkeStateJson } from '../../../src/config/index.js';
import { inspectCertificatePem } from '../../../src/pki/x509/inspect.js';
import type { CertificateBundle } from '../../../src/pki/bundle.js';
import { opensslVerify, opensslX509Text } from '../pki/openssl.js';
import { silentLog } from '../pki/fixtures.js';

const root = fileURLToPath(new URL('../../fixtures/rke1/init/', import.meta.url));
const cases = readdirSync(root).filter((d) => existsSync(join(root, d, 'cluster.rkestate')));

describe('RKE1-written cluster.rkestate fixtures', () => {
  it('exist', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const name of cases) {
    describe(name, () => {
      const file = join(root, name, 'cluster.rkestate');
      const text = readFileSync(file, 'utf8');
      const state = parseState(text, file);
      const rke1 = state.desiredState.certificatesBundle ?? {};
      let ours: CertificateBundle;

      beforeAll(async () => {
        const input = pkiInputFromConfig(fromRkeStateJson(state.desiredState.rkeConfig));
        ours = await generateClusterCerts(input, undefined, { log: silentLog });
      }, 600_000);

      it('read → write gives the same file byte for byte', () => {
        expect(serializeState(state)).toBe(text);
        expect(parseState(serializeState(state), file)).toEqual(state);
      });

      it('RKE1 certificates verify with openssl against their CA', () => {
        for (const [certName, entry] of Object.entries(rke1)) {
          if (entry.certificatePEM === '') continue;
          const issuer = inspectCertificatePem(entry.certificatePEM).issuerCommonName;
          const ca = issuer === 'kube-apiserver-requestheader-ca' ? rke1['kube-apiserver-requestheader-ca'] : rke1['kube-ca'];
          expect(opensslVerify(ca!.certificatePEM, entry.certificatePEM), certName).toMatch(/OK$/);
        }
      }, 120_000);

      it('our PKI for the same cluster.yml has the same certificates, metadata and content', () => {
        expect(Object.keys(ours).sort()).toEqual(Object.keys(rke1).sort());
        for (const certName of Object.keys(rke1)) {
          const a = rke1[certName]!;
          const b = ours[certName]!;
          const { certificatePEM: _a1, keyPEM: _a2, config: ac, ...ameta } = a;
          const { certificatePEM: _b1, keyPEM: _b2, config: bc, ...bmeta } = b;
          expect(bmeta, certName).toEqual(ameta);
          if (certName !== 'kube-admin') expect(bc, certName).toBe(ac);
          else expect(bc.replace(/-data: \S+/g, '-data: X')).toBe(ac.replace(/-data: \S+/g, '-data: X'));
          if (a.certificatePEM === '') continue;
          const ia = inspectCertificatePem(a.certificatePEM);
          const ib = inspectCertificatePem(b.certificatePEM);
          expect(ib.subjectDer.equals(ia.subjectDer), `${certName} subject DER`).toBe(true);
          expect(ib.issuerDer.equals(ia.issuerDer), `${certName} issuer DER`).toBe(true);
          expect(ib.altNames, certName).toEqual(ia.altNames);
          expect(ib.isCa, certName).toBe(ia.isCa);
          expect(ia.notAfter.getTime() - ia.notBefore.getTime()).toBeGreaterThan(0);
          const ta = opensslX509Text(a.certificatePEM);
          const tb = opensslX509Text(b.certificatePEM);
          for (const k of ['keyUsage', 'keyUsageCritical', 'extKeyUsage', 'basicConstraints', 'san', 'publicKeyBits', 'signatureAlgorithm'] as const) {
            expect(tb[k], `${certName} ${k}`).toEqual(ta[k]);
          }
          const extNames = (t: string): string[] => [...t.matchAll(/X509v3 ([A-Za-z ]+):/g)].map((m) => m[1]!);
          expect(extNames(tb.text), `${certName} extension order`).toEqual(extNames(ta.text));
          // validity: same span relative to the CA's NotBefore (RKE1 leaf NotBefore = CA NotBefore)
          const spanA = ia.notAfter.getTime() - ia.notBefore.getTime();
          const spanB = ib.notAfter.getTime() - ib.notBefore.getTime();
          expect(Math.abs(spanA - spanB), `${certName} validity span`).toBeLessThan(120_000);
          if (ia.isCa) expect(ib.serialHex).toBe(ia.serialHex);
        }
      }, 300_000);

      it('RKE1 quirks hold in the real files too', () => {
        expect(rke1['kube-node']!.keyPEM).toBe(rke1['kube-proxy']!.keyPEM);
        expect(rke1['kube-service-account-token']!.certificatePEM).toBe(rke1['kube-apiserver']!.certificatePEM);
      });
    });
  }
});
