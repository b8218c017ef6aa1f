/**
 * RSA key pairs. Generation runs on libuv's thread pool (async `generateKeyPair`), so asking for
 * many keys at once uses every core; this is what makes a 500-node PKI affordable.
 */
import { createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { RSA_KEY_BITS } from './constants.js';
import { rsaKeyFromPem } from './pem.js';

const generateKeyPairAsync = promisify(generateKeyPair);

export interface RsaKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export async function generateRsaKeyPair(): Promise<RsaKeyPair> {
  return generateKeyPairAsync('rsa', { modulusLength: RSA_KEY_BITS, publicExponent: 0x10001 });
}

/** `count` key pairs generated concurrently. */
export async function generateRsaKeyPairs(count: number): Promise<RsaKeyPair[]> {
  return Promise.all(Array.from({ length: count }, () => generateRsaKeyPair()));
}

const parsed = new Map<string, RsaKeyPair>();

/** The key pair of an RSA private key PEM (memoised: CA keys are used once per signed cert). */
export function keyPairFromPem(pem: string): RsaKeyPair {
  let pair = parsed.get(pem);
  if (!pair) {
    const privateKey = rsaKeyFromPem(pem);
    pair = { privateKey, publicKey: createPublicKey(privateKey) };
    if (parsed.size > 10_000) parsed.clear();
    parsed.set(pem, pair);
  }
  return pair;
}
