/**
 * Reading back what RKE1 looks at in a certificate: subject/issuer names, SANs (in certificate
 * order, IPs as Go prints them), validity, and whether it is a CA.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  BasicConstraints,
  Certificate,
  Name,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
} from '@peculiar/asn1-x509';
import type { AltNames } from '../altnames.js';
import { canonicalIp } from '../ip.js';
import { certificateDersFromPem } from '../pem.js';

export interface CertificateInfo {
  der: Buffer;
  subjectCommonName: string;
  subjectOrganizations: string[];
  issuerCommonName: string;
  /** DER of the subject and issuer names, for exact issuer matching. */
  subjectDer: Buffer;
  issuerDer: Buffer;
  altNames: AltNames;
  notBefore: Date;
  notAfter: Date;
  serialHex: string;
  isCa: boolean;
  subjectKeyId: Buffer | null;
}

function attributeValues(name: Name, oid: string): string[] {
  const out: string[] = [];
  for (const rdn of name) for (const atv of rdn) if (atv.type === oid) out.push(atv.value.toString());
  return out;
}

/** Go's `Subject.CommonName`: the last CN attribute. */
function commonName(name: Name): string {
  return attributeValues(name, '2.5.4.3').at(-1) ?? '';
}

export function inspectCertificateDer(der: Buffer): CertificateInfo {
  const cert = AsnConvert.parse(der, Certificate);
  const tbs = cert.tbsCertificate;
  const altNames: AltNames = { dnsNames: [], ips: [] };
  let isCa = false;
  let subjectKeyId: Buffer | null = null;
  for (const ext of tbs.extensions ?? []) {
    if (ext.extnID === id_ce_subjectAltName) {
      for (const gn of AsnConvert.parse(ext.extnValue, SubjectAlternativeName)) {
        if (gn.dNSName !== undefined) altNames.dnsNames.push(gn.dNSName);
        if (gn.iPAddress !== undefined) altNames.ips.push(canonicalIp(gn.iPAddress) ?? gn.iPAddress);
      }
    } else if (ext.extnID === id_ce_basicConstraints) {
      isCa = AsnConvert.parse(ext.extnValue, BasicConstraints).cA;
    } else if (ext.extnID === id_ce_subjectKeyIdentifier) {
      subjectKeyId = Buffer.from(AsnConvert.parse(ext.extnValue, SubjectKeyIdentifier).buffer);
    }
  }
  return {
    der,
    subjectCommonName: commonName(tbs.subject),
    subjectOrganizations: attributeValues(tbs.subject, '2.5.4.10'),
    issuerCommonName: commonName(tbs.issuer),
    subjectDer: Buffer.from(AsnConvert.serialize(tbs.subject)),
    issuerDer: Buffer.from(AsnConvert.serialize(tbs.issuer)),
    altNames,
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    serialHex: Buffer.from(tbs.serialNumber).toString('hex'),
    isCa,
    subjectKeyId,
  };
}

const cache = new Map<string, CertificateInfo>();

/** The first certificate of a PEM text (RKE1 uses `certs[0]`), memoised by PEM text. */
export function inspectCertificatePem(pem: string): CertificateInfo {
  let info = cache.get(pem);
  if (!info) {
    const der = certificateDersFromPem(pem)[0];
    if (!der) throw new Error('data does not contain any valid RSA or ECDSA certificates');
    info = inspectCertificateDer(der);
    if (cache.size > 10_000) cache.clear();
    cache.set(pem, info);
  }
  return info;
}
