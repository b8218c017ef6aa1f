/**
 * PEM text in and out, with Go's `encoding/pem` layout (64-column base64, trailing newline) so
 * that PEMs we write look like the ones RKE1 writes.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';

export interface PemBlock {
  type: string;
  headers: boolean;
  der: Buffer;
}

export function encodePem(type: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${type}-----\n${lines.join('\n')}${lines.length ? '\n' : ''}-----END ${type}-----\n`;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

/** Every PEM block in `text`, in order (text around blocks is ignored, like Go's pem.Decode loop). */
export function decodePemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const m of text.matchAll(BLOCK)) {
    const type = m[1] ?? '';
    const body = m[2] ?? '';
    const headers = /^[A-Za-z-]+:/m.test(body);
    const b64 = body.replace(/^[A-Za-z-]+:.*$/gm, '').replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) continue;
    blocks.push({ type, headers, der: Buffer.from(b64, 'base64') });
  }
  return blocks;
}

/** DER of every CERTIFICATE block; throws RKE1's message when there is none. */
export function certificateDersFromPem(text: string): Buffer[] {
  const ders = decodePemBlocks(text)
    .filter((b) => b.type === 'CERTIFICATE' && !b.headers)
    .map((b) => b.der);
  if (ders.length === 0) throw new Error('data does not contain any valid RSA or ECDSA certificates');
  return ders;
}

/**
 * The first private key in `text` (PKCS#1 `RSA PRIVATE KEY`, PKCS#8 `PRIVATE KEY`, or SEC1
 * `EC PRIVATE KEY`), like RKE1's ParsePrivateKeyPEM. Encrypted keys are rejected.
 */
export function privateKeyFromPem(text: string): KeyObject {
  for (const block of decodePemBlocks(text)) {
    if (block.headers) continue; // legacy "Proc-Type: 4,ENCRYPTED"
    const type =
      block.type === 'RSA PRIVATE KEY' ? 'pkcs1' : block.type === 'PRIVATE KEY' ? 'pkcs8' : block.type === 'EC PRIVATE KEY' ? 'sec1' : null;
    if (type === null) continue;
    try {
      return createPrivateKey({ key: block.der, format: 'der', type });
    } catch {
      continue;
    }
  }
  throw new Error('data does not contain a valid RSA or ECDSA private key');
}

/** An RSA private key from PEM; RKE1 accepts RSA keys only. */
export function rsaKeyFromPem(text: string): KeyObject {
  const key = privateKeyFromPem(text);
  if (key.asymmetricKeyType !== 'rsa') {
    throw new Error(`private key is ${key.asymmetricKeyType ?? 'unknown'}, RKE requires an RSA key`);
  }
  return key;
}

/** Go `EncodePrivateKeyPEM`: PKCS#1 `RSA PRIVATE KEY`. */
export function encodeRsaKeyPem(key: KeyObject): string {
  return encodePem('RSA PRIVATE KEY', key.export({ type: 'pkcs1', format: 'der' }));
}

/** Keep an RSA key PEM byte for byte when it is already PKCS#1, else re-encode it as RKE1 would. */
export function normalizeRsaKeyPem(text: string): string {
  const blocks = decodePemBlocks(text);
  if (blocks.length === 1 && blocks[0]?.type === 'RSA PRIVATE KEY' && !blocks[0].headers) {
    rsaKeyFromPem(text);
    return text;
  }
  return encodeRsaKeyPem(rsaKeyFromPem(text));
}
