/**
 * Certificates and CSRs with the exact shape Go's crypto/x509 gives RKE1's templates
 * (`pki/cert/cert.go NewSelfSignedCACert`, `pki/util.go newSignedCert`, `newCertSigningRequest`):
 * same subject encoding, extension order and criticality, serials, validity and signature
 * algorithm. ASN.1 structures come from @peculiar/asn1-x509 (the schema layer of @peculiar/x509);
 * keys and signatures from node:crypto.
 */
import { createHash, randomBytes, sign as signCallback, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  Attribute,
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  GeneralName,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
  id_kp_clientAuth,
  id_kp_serverAuth,
} from '@peculiar/asn1-x509';
import { CertificationRequest, CertificationRequestInfo, Attributes } from '@peculiar/asn1-csr';
import type { AltNames } from '../altnames.js';
import { CERT_VALIDITY_MS } from '../constants.js';
import { encodePem } from '../pem.js';

const signAsync = promisify(signCallback);

const OID_COMMON_NAME = '2.5.4.3';
const OID_ORGANIZATION = '2.5.4.10';
const OID_SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const OID_EXTENSION_REQUEST = '1.2.840.113549.1.9.14';

export interface SubjectSpec {
  commonName: string;
  organizations?: readonly string[];
}

export interface LeafSpec extends SubjectSpec {
  /** ExtKeyUsage ServerAuth in addition to ClientAuth (RKE1's `serverCrt`). */
  serverAuth: boolean;
  altNames?: AltNames;
}

/** A CA able to sign: its DER and private key. */
export interface Signer {
  certDer: Uint8Array;
  key: KeyObject;
}

/** Go's asn1 marshals a string as PrintableString when every byte allows it, else UTF8String. */
function goAttributeValue(value: string): AttributeValue {
  return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value)
    ? new AttributeValue({ printableString: value })
    : new AttributeValue({ utf8String: value });
}

/** Go `pkix.Name.ToRDNSequence` for O + CN: organizations first (one multi-valued RDN), then CN. */
export function goName(subject: SubjectSpec): Name {
  const rdns: RelativeDistinguishedName[] = [];
  const orgs = subject.organizations ?? [];
  if (orgs.length > 0) {
    rdns.push(
      new RelativeDistinguishedName(orgs.map((o) => new AttributeTypeAndValue({ type: OID_ORGANIZATION, value: goAttributeValue(o) }))),
    );
  }
  if (subject.commonName !== '') {
    rdns.push(
      new RelativeDistinguishedName([new AttributeTypeAndValue({ type: OID_COMMON_NAME, value: goAttributeValue(subject.commonName) })]),
    );
  }
  return new Name(rdns);
}

function extension(oid: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID: oid, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

function sha256WithRsa(): AlgorithmIdentifier {
  return new AlgorithmIdentifier({ algorithm: OID_SHA256_WITH_RSA, parameters: null });
}

function spkiOf(publicKey: KeyObject): SubjectPublicKeyInfo {
  return AsnConvert.parse(publicKey.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo);
}

/** Go ≤1.24 SubjectKeyId: SHA-1 of the subjectPublicKey BIT STRING contents. */
function subjectKeyId(publicKey: KeyObject): Buffer {
  return createHash('sha1').update(publicKey.export({ type: 'pkcs1', format: 'der' })).digest();
}

function sanExtension(altNames: AltNames | undefined): Extension[] {
  if (!altNames || (altNames.dnsNames.length === 0 && altNames.ips.length === 0)) return [];
  const names = [
    ...altNames.dnsNames.map((d) => new GeneralName({ dNSName: d })),
    ...altNames.ips.map((ip) => new GeneralName({ iPAddress: ip })),
  ];
  return [extension(id_ce_subjectAltName, false, new SubjectAlternativeName(names))];
}

function extKeyUsage(serverAuth: boolean): ExtendedKeyUsage {
  return new ExtendedKeyUsage(serverAuth ? [id_kp_clientAuth, id_kp_serverAuth] : [id_kp_clientAuth]);
}

/** Minimal two's-complement INTEGER octets of a non-negative bigint. */
function integerOctets(value: bigint): ArrayBuffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = '00' + hex;
  const b = Buffer.from(hex, 'hex');
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
}

/** Go `cryptorand.Int(rand, MaxInt64)`: uniform in [0, 2^63-1). */
export function randomSerial(): bigint {
  for (;;) {
    const v = randomBytes(8).readBigUInt64BE() & 0x7fffffffffffffffn;
    if (v < 0x7fffffffffffffffn) return v;
  }
}

async function signTbs(tbs: TBSCertificate, key: KeyObject): Promise<string> {
  const tbsDer = AsnConvert.serialize(tbs);
  const signature = await signAsync('sha256', Buffer.from(tbsDer), key);
  const cert = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: sha256WithRsa(),
    signatureValue: signature.buffer.slice(signature.byteOffset, signature.byteOffset + signature.byteLength),
  });
  return encodePem('CERTIFICATE', new Uint8Array(AsnConvert.serialize(cert)));
}

/** RKE1 CA: serial 0, now → now+3650d, KeyUsage DS|KE|CertSign (critical), CA:TRUE, SKI. */
export async function buildCaCertificate(commonName: string, key: KeyObject, publicKey: KeyObject, now: Date): Promise<string> {
  const name = goName({ commonName });
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: integerOctets(0n),
    signature: sha256WithRsa(),
    issuer: name,
    validity: new Validity({ notBefore: now, notAfter: new Date(now.getTime() + CERT_VALIDITY_MS) }),
    subject: name,
    subjectPublicKeyInfo: spkiOf(publicKey),
    extensions: new Extensions([
      extension(
        id_ce_keyUsage,
        true,
        new KeyUsage(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment | KeyUsageFlags.keyCertSign),
      ),
      extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: true })),
      extension(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(subjectKeyId(publicKey))),
    ]),
  });
  return signTbs(tbs, key);
}

/**
 * RKE1 leaf (`newSignedCert`): random serial, NotBefore = CA NotBefore, NotAfter = now+3650d,
 * KeyUsage DS|KE (critical), EKU ClientAuth[,ServerAuth], AKI = CA SKI when the CA has one, SANs.
 */
export async function buildSignedCertificate(
  spec: LeafSpec,
  publicKey: KeyObject,
  ca: Signer,
  now: Date,
  serial: bigint = randomSerial(),
): Promise<string> {
  const caCert = AsnConvert.parse(ca.certDer, Certificate);
  const caSki = caCert.tbsCertificate.extensions?.find((e) => e.extnID === id_ce_subjectKeyIdentifier);
  const exts: Extension[] = [
    extension(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment)),
    extension(id_ce_extKeyUsage, false, extKeyUsage(spec.serverAuth)),
  ];
  if (caSki) {
    const ski = AsnConvert.parse(caSki.extnValue, SubjectKeyIdentifier);
    if (ski.byteLength > 0) {
      exts.push(extension(id_ce_authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(ski.buffer) })));
    }
  }
  exts.push(...sanExtension(spec.altNames));
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: integerOctets(serial),
    signature: sha256WithRsa(),
    issuer: caCert.tbsCertificate.subject,
    validity: new Validity({
      notBefore: caCert.tbsCertificate.validity.notBefore.getTime(),
      notAfter: new Date(now.getTime() + CERT_VALIDITY_MS),
    }),
    subject: goName(spec),
    subjectPublicKeyInfo: spkiOf(publicKey),
    extensions: new Extensions(exts),
  });
  return signTbs(tbs, ca.key);
}

/** RKE1 CSR (`newCertSigningRequest`): subject, SANs, and EKU as an extra extension. */
export async function buildCsr(spec: LeafSpec, key: KeyObject, publicKey: KeyObject): Promise<string> {
  const exts = new Extensions([...sanExtension(spec.altNames), extension(id_ce_extKeyUsage, false, extKeyUsage(spec.serverAuth))]);
  const info = new CertificationRequestInfo({
    version: 0,
    subject: goName(spec),
    subjectPKInfo: spkiOf(publicKey),
    attributes: new Attributes([new Attribute({ type: OID_EXTENSION_REQUEST, values: [AsnConvert.serialize(exts)] })]),
  });
  const signature = await signAsync('sha256', Buffer.from(AsnConvert.serialize(info)), key);
  const csr = new CertificationRequest({
    certificationRequestInfo: info,
    signatureAlgorithm: sha256WithRsa(),
    signature: signature.buffer.slice(signature.byteOffset, signature.byteOffset + signature.byteLength),
  });
  return encodePem('CERTIFICATE REQUEST', new Uint8Array(AsnConvert.serialize(csr)));
}
