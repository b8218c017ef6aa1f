/** Real openssl, used to check what we generate (CN, O, SANs, usages, validity, chain). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'rke-ts-openssl-'));
let n = 0;

function tmpFile(content: string): string {
  const p = join(dir, `f${n++}.pem`);
  writeFileSync(p, content);
  return p;
}

export function opensslVerify(caPem: string, certPem: string): string {
  return execFileSync('openssl', ['verify', '-CAfile', tmpFile(caPem), tmpFile(certPem)], { encoding: 'utf8' }).trim();
}

export interface OpensslCertText {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: Date;
  notAfter: Date;
  keyUsage: string[];
  keyUsageCritical: boolean;
  extKeyUsage: string[];
  basicConstraints: string | null;
  san: string[];
  publicKeyBits: number;
  signatureAlgorithm: string;
  text: string;
}

function extensionValue(text: string, name: string): { value: string; critical: boolean } | null {
  const re = new RegExp(`X509v3 ${name}:( critical)?\\s*\\n\\s*(.*)`);
  const m = re.exec(text);
  return m ? { value: (m[2] ?? '').trim(), critical: m[1] !== undefined } : null;
}

export function opensslX509Text(certPem: string): OpensslCertText {
  const text = execFileSync('openssl', ['x509', '-text', '-noout', '-nameopt', 'RFC2253', '-in', tmpFile(certPem)], { encoding: 'utf8' });
  const line = (label: string): string => new RegExp(`${label}\\s*:\\s*(.*)`).exec(text)?.[1]?.trim() ?? '';
  const ku = extensionValue(text, 'Key Usage');
  const eku = extensionValue(text, 'Extended Key Usage');
  const bc = extensionValue(text, 'Basic Constraints');
  const san = extensionValue(text, 'Subject Alternative Name');
  const serialBlock = /Serial Number:\s*\n?\s*([^\n]+)/.exec(text)?.[1]?.trim() ?? '';
  return {
    subject: line('Subject'),
    issuer: line('Issuer'),
    serial: serialBlock,
    notBefore: new Date(line('Not Before')),
    notAfter: new Date(line('Not After ')),
    keyUsage: ku ? ku.value.split(', ') : [],
    keyUsageCritical: ku?.critical ?? false,
    extKeyUsage: eku ? eku.value.split(', ') : [],
    basicConstraints: bc ? bc.value + (bc.critical ? ' (critical)' : '') : null,
    san: san ? san.value.split(', ') : [],
    publicKeyBits: Number(/Public-Key: \((\d+) bit\)/.exec(text)?.[1] ?? 0),
    signatureAlgorithm: line('Signature Algorithm'),
    text,
  };
}

export function opensslReqText(csrPem: string): { subject: string; san: string[]; extKeyUsage: string[]; verified: boolean } {
  const text = execFileSync('openssl', ['req', '-text', '-noout', '-verify', '-nameopt', 'RFC2253', '-in', tmpFile(csrPem)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const san = extensionValue(text, 'Subject Alternative Name');
  const eku = extensionValue(text, 'Extended Key Usage');
  return {
    subject: /Subject:\s*(.*)/.exec(text)?.[1]?.trim() ?? '',
    san: san ? san.value.split(', ') : [],
    extKeyUsage: eku ? eku.value.split(', ') : [],
    verified: true,
  };
}

/** Modulus of a private key or certificate, to tell whether two share a key. */
export function opensslModulus(pem: string, kind: 'rsa' | 'x509'): string {
  return execFileSync('openssl', [kind, '-noout', '-modulus', '-in', tmpFile(pem)], { encoding: 'utf8' }).trim();
}
