/**
 * FIPS checks of X.509 certificates and private keys (PEM): key algorithm and size, and the hash of
 * the certificate's signature. Pure (parses what it is given).
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { certificateDersFromPem } from '../pki/pem.js';
import { FIPS_EC_CURVES, FIPS_MIN_RSA_BITS, FIPS_SIGNATURE_HASHES } from './policy.js';

/** Signature algorithm OIDs by name and hash (RFC 4055, RFC 5758, RFC 8410). */
const SIGNATURE_ALGORITHMS: Readonly<Record<string, { name: string; hash: string }>> = {
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'md5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512' },
  '1.3.101.112': { name: 'Ed25519', hash: 'none' },
};

export interface CertificateAlgorithms {
  /** e.g. `RSA-2048`, `EC-prime256v1`, `ed25519`. */
  key: string;
  signature: string;
  signatureHash: string;
}

/** Why a public or private key is not acceptable in FIPS mode, or undefined when it is. */
export function keyObjectProblem(key: KeyObject): string | undefined {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'rsa' || type === 'rsa-pss') {
    const bits = details.modulusLength ?? 0;
    return bits < FIPS_MIN_RSA_BITS ? `RSA key of ${bits} bits is below the FIPS minimum of ${FIPS_MIN_RSA_BITS}` : undefined;
  }
  if (type === 'ec') {
    const curve = details.namedCurve ?? 'unknown';
    return FIPS_EC_CURVES.has(curve) ? undefined : `EC key on curve ${curve} is not FIPS-approved (use P-256, P-384 or P-521)`;
  }
  return `${type ?? 'unknown'} keys are not accepted in FIPS mode (use RSA >= ${FIPS_MIN_RSA_BITS} bits or ECDSA P-256/P-384/P-521)`;
}

function keyLabel(key: KeyObject): string {
  const d = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') return `RSA-${d.modulusLength ?? '?'}`;
  if (key.asymmetricKeyType === 'ec') return `EC-${d.namedCurve ?? '?'}`;
  return key.asymmetricKeyType ?? 'unknown';
}

/** Key and signature algorithms of the first certificate in a PEM text. */
export function certificateAlgorithms(pem: string): CertificateAlgorithms {
  const der = certificateDersFromPem(pem)[0];
  if (!der) throw new Error('no CERTIFICATE block');
  const oid = AsnConvert.parse(der, Certificate).signatureAlgorithm.algorithm;
  const sig = SIGNATURE_ALGORITHMS[oid] ?? { name: oid, hash: 'unknown' };
  return { key: keyLabel(new X509Certificate(der).publicKey), signature: sig.name, signatureHash: sig.hash };
}

/** Every reason a certificate PEM is not acceptable in FIPS mode (empty when it is). */
export function certificateProblems(pem: string): string[] {
  let der: Buffer | undefined;
  try {
    der = certificateDersFromPem(pem)[0];
  } catch (err) {
    return [`unreadable certificate: ${(err as Error).message}`];
  }
  if (!der) return ['no CERTIFICATE block'];
  const problems: string[] = [];
  const keyProblem = keyObjectProblem(new X509Certificate(der).publicKey);
  if (keyProblem) problems.push(keyProblem);
  const alg = certificateAlgorithms(pem);
  if (!FIPS_SIGNATURE_HASHES.has(alg.signatureHash)) {
    problems.push(`signature algorithm ${alg.signature} is not FIPS-approved (use SHA-256 or stronger)`);
  }
  return problems;
}

/** Why a private key PEM is not acceptable in FIPS mode, or undefined when it is. */
export function privateKeyPemProblem(pem: string): string | undefined {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (err) {
    return `unreadable private key: ${(err as Error).message}`;
  }
  return keyObjectProblem(key);
}
