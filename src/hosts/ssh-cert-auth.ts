/**
 * OpenSSH user-certificate authentication for ssh2, which does not support it (mscdex/ssh2#551,
 * open PR #1486). In a certificate login the USERAUTH_REQUEST names the certificate algorithm
 * (`ssh-ed25519-cert-v01@openssh.com`) and carries the certificate blob, while the signature blob
 * inside it names the plain algorithm (`ssh-ed25519`). ssh2 writes one algorithm name in both
 * places, so OpenSSH rejects the signature.
 *
 * The shim: a certificate key is the parsed private key with the certificate's type and blob on
 * top (prototype chain, so ssh2 still recognises it as a parsed private key), and the client's
 * Protocol instance gets an `authPK` that builds the request correctly for such keys and defers
 * to the original for every other key. It uses ssh2 internals (packet writer, session id,
 * sendPacket); test/integration/hosts covers it against a real sshd so an ssh2 upgrade that
 * breaks it is caught.
 */
import { createRequire } from 'node:module';
import type { Client, ParsedKey } from 'ssh2';

const require = createRequire(import.meta.url);
const ssh2Utils = require('ssh2/lib/protocol/utils.js') as {
  sendPacket(proto: unknown, packet: Buffer): boolean;
  convertSignature(signature: Buffer, keyType: string): Buffer | false;
};

const CERT_MARK = Symbol('rke-ts.sshCertificate');
const MSG_USERAUTH_REQUEST = 50;

interface CertInfo {
  /** Algorithm named in the request (`rsa-sha2-256-cert-v01@openssh.com` for RSA certificates). */
  requestAlgo: string;
  /** Algorithm named in the signature blob. */
  signatureAlgo: string;
  /** Node crypto hash for RSA signatures; undefined lets the key pick its own. */
  hash: string | undefined;
  /** Plain key type, for ssh2's DER→SSH signature conversion (ECDSA). */
  plainType: string;
  blob: Buffer;
}

export type CertificateKey = ParsedKey & { [CERT_MARK]: CertInfo };

export function isCertificateKey(key: unknown): key is CertificateKey {
  return typeof key === 'object' && key !== null && CERT_MARK in key;
}

/** Reads an SSH string (uint32 length + bytes) at `offset`. */
function readSshString(buf: Buffer, offset: number): { value: Buffer; next: number } | undefined {
  if (offset + 4 > buf.length) return undefined;
  const len = buf.readUInt32BE(offset);
  if (offset + 4 + len > buf.length) return undefined;
  return { value: buf.subarray(offset + 4, offset + 4 + len), next: offset + 4 + len };
}

/**
 * Parses a certificate line (`<type> <base64> [comment]`, as in `id_ed25519-cert.pub`).
 * Throws with a message naming what is wrong; callers add the file or host.
 */
export function parseCertificateLine(text: string): { type: string; blob: Buffer } {
  const fields = text.trim().split(/\s+/);
  const [type, b64] = fields;
  if (!type || !b64 || !/-cert-v01@openssh\.com$/.test(type)) {
    throw new Error('not an OpenSSH certificate (expected "<type>-cert-v01@openssh.com <base64>")');
  }
  const blob = Buffer.from(b64, 'base64');
  const inner = readSshString(blob, 0);
  if (!inner || inner.value.toString('latin1') !== type) {
    throw new Error(`malformed OpenSSH certificate: blob does not start with its type ${type}`);
  }
  return { type, blob };
}

/** Combines a private key and its certificate into a key the cert-aware authPK understands. */
export function certificateKey(privateKey: ParsedKey, certText: string): CertificateKey {
  const { type, blob } = parseCertificateLine(certText);
  const plainType = type.replace(/-cert-v01@openssh\.com$/, '');
  if (plainType !== privateKey.type) {
    throw new Error(`certificate type ${type} does not match the private key type ${privateKey.type}`);
  }
  const info: CertInfo =
    plainType === 'ssh-rsa'
      ? { requestAlgo: 'rsa-sha2-256-cert-v01@openssh.com', signatureAlgo: 'rsa-sha2-256', hash: 'sha256', plainType, blob }
      : { requestAlgo: type, signatureAlgo: plainType, hash: undefined, plainType, blob };
  const key = Object.create(privateKey) as CertificateKey;
  Object.defineProperty(key, 'type', { value: type });
  Object.defineProperty(key, 'getPublicSSH', { value: () => blob });
  // ssh2 signs with the hash the key's own type implies (sha1 for ssh-rsa); RSA certificates need sha256.
  Object.defineProperty(key, 'sign', {
    value: (data: Buffer | string, algo?: string) => privateKey.sign(data, info.hash ?? algo),
  });
  Object.defineProperty(key, CERT_MARK, { value: info });
  return key;
}

interface ProtocolInternals {
  _kex: { sessionID: Buffer };
  _packetRW: { write: { alloc(len: number): Buffer; allocStart: number; finalize(p: Buffer): Buffer } };
  _authsQueue: string[];
  authPK(username: string, key: unknown, keyAlgo?: unknown, cbSign?: unknown): void;
}

type SignCallback = (data: Buffer, done: (signature: Buffer) => void) => void;

function writeString(buf: Buffer, offset: number, value: Buffer | string): number {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
  buf.writeUInt32BE(bytes.length, offset);
  bytes.copy(buf, offset + 4);
  return offset + 4 + bytes.length;
}

/** USERAUTH_REQUEST body for publickey, without and with the signature. */
function userauthBody(
  username: string,
  algo: string,
  blob: Buffer,
  withSignature: boolean,
  signature?: { algo: string; sig: Buffer },
): Buffer {
  const user = Buffer.from(username, 'utf8');
  const size =
    1 + 4 + user.length + 4 + 14 + 4 + 9 + 1 + 4 + algo.length + 4 + blob.length +
    (signature ? 4 + 4 + signature.algo.length + 4 + signature.sig.length : 0);
  const out = Buffer.alloc(size);
  out[0] = MSG_USERAUTH_REQUEST;
  let p = writeString(out, 1, user);
  p = writeString(out, p, 'ssh-connection');
  p = writeString(out, p, 'publickey');
  out[p++] = withSignature ? 1 : 0;
  p = writeString(out, p, algo);
  p = writeString(out, p, blob);
  if (signature) {
    out.writeUInt32BE(4 + signature.algo.length + 4 + signature.sig.length, p);
    p = writeString(out, p + 4, signature.algo);
    writeString(out, p, signature.sig);
  }
  return out;
}

function send(proto: ProtocolInternals, body: Buffer): void {
  const w = proto._packetRW.write;
  const packet = w.alloc(body.length);
  body.copy(packet, w.allocStart);
  proto._authsQueue.push('publickey');
  ssh2Utils.sendPacket(proto, w.finalize(packet));
}

/**
 * Makes `client` able to log in with certificate keys. Call right after `client.connect()`
 * (ssh2 creates the Protocol instance synchronously there; authentication starts later).
 */
export function enableCertificateAuth(client: Client): void {
  const proto = (client as unknown as { _protocol?: ProtocolInternals })._protocol;
  if (!proto || typeof proto.authPK !== 'function' || !proto._packetRW) {
    throw new Error('ssh2 internals changed: cannot enable OpenSSH certificate authentication');
  }
  const original = proto.authPK.bind(proto);
  proto.authPK = (username: string, key: unknown, keyAlgo?: unknown, cbSign?: unknown): void => {
    if (!isCertificateKey(key)) {
      original(username, key, keyAlgo, cbSign);
      return;
    }
    const sign = (typeof keyAlgo === 'function' ? keyAlgo : cbSign) as SignCallback | undefined;
    const info = key[CERT_MARK];
    if (!sign) {
      send(proto, userauthBody(username, info.requestAlgo, info.blob, false));
      return;
    }
    const session = proto._kex.sessionID;
    const toSign = Buffer.concat([writeSessionId(session), userauthBody(username, info.requestAlgo, info.blob, true)]);
    sign(toSign, (raw) => {
      const sig = ssh2Utils.convertSignature(raw, info.plainType);
      if (sig === false) throw new Error('Error while converting certificate signature');
      send(proto, userauthBody(username, info.requestAlgo, info.blob, true, { algo: info.signatureAlgo, sig }));
    });
  };
}

function writeSessionId(session: Buffer): Buffer {
  const out = Buffer.alloc(4 + session.length);
  writeString(out, 0, session);
  return out;
}
