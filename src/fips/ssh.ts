/**
 * SSH in FIPS mode: the algorithm lists offered to sshd, the user key check (type and size, named in
 * the error), and signing that refuses SHA-1 (`ssh-rsa` signatures, which ssh2 falls back to when a
 * server does not announce rsa-sha2-256/512) for keys and for ssh-agent identities.
 */
import { createPrivateKey } from 'node:crypto';
import ssh2 from 'ssh2';
import type { AgentAuthMethod, Algorithms, BaseAgent, IdentityCallback, ParsedKey, PublicKeyAuthMethod, SignCallback, SigningRequestOptions } from 'ssh2';
import { HostError } from '../errors.js';
import { FIPS_SIGNATURE_HASHES, FIPS_SSH_ALGORITHMS, plainSshKeyType, sshKeyProblem, type SshKeyFacts } from './policy.js';

/** ssh2's `algorithms` option for FIPS mode (each list replaces ssh2's default list). */
export function fipsSshAlgorithms(): Algorithms {
  return {
    kex: [...FIPS_SSH_ALGORITHMS.kex],
    serverHostKey: [...FIPS_SSH_ALGORITHMS.serverHostKey],
    cipher: [...FIPS_SSH_ALGORITHMS.cipher],
    hmac: [...FIPS_SSH_ALGORITHMS.hmac],
    compress: [...FIPS_SSH_ALGORITHMS.compress],
  } as Algorithms;
}

function readU32String(buf: Buffer, offset: number): { value: Buffer; next: number } | undefined {
  if (offset + 4 > buf.length) return undefined;
  const len = buf.readUInt32BE(offset);
  if (offset + 4 + len > buf.length) return undefined;
  return { value: buf.subarray(offset + 4, offset + 4 + len), next: offset + 4 + len };
}

/** RSA modulus bits of an `ssh-rsa` public key blob (string type, mpint e, mpint n). */
export function rsaBitsOfSshBlob(blob: Buffer): number | undefined {
  const type = readU32String(blob, 0);
  const e = type && readU32String(blob, type.next);
  const n = e && readU32String(blob, e.next);
  if (!n) return undefined;
  let bytes = n.value;
  while (bytes.length > 0 && bytes[0] === 0) bytes = bytes.subarray(1);
  if (bytes.length === 0) return 0;
  return (bytes.length - 1) * 8 + (32 - Math.clz32(bytes[0]!));
}

/** Type and size of an ssh2 key (private, public or certificate-carrying). */
export function sshKeyFacts(key: ParsedKey): SshKeyFacts {
  const type = plainSshKeyType(key.type);
  if (type !== 'ssh-rsa') return { type };
  if (key.isPrivateKey()) {
    const bits = createPrivateKey(key.getPrivatePEM()).asymmetricKeyDetails?.modulusLength;
    return bits === undefined ? { type } : { type, rsaBits: bits };
  }
  const bits = rsaBitsOfSshBlob(key.getPublicSSH());
  return bits === undefined ? { type } : { type, rsaBits: bits };
}

/** The FIPS error for an SSH key, naming the key and the host. */
export function sshKeyFipsError(problem: string, keyLabel: string, target: string): HostError {
  return new HostError(`FIPS mode: SSH key [${keyLabel}] for host [${target}] is refused: ${problem}`, { host: target, file: keyLabel });
}

/** Throws when the key cannot be used in FIPS mode. */
export function assertFipsSshKey(key: ParsedKey, keyLabel: string, target: string): void {
  const problem = sshKeyProblem(sshKeyFacts(key));
  if (problem) throw sshKeyFipsError(problem, keyLabel, target);
}

const sha1Refusal = (target: string) =>
  `FIPS mode: host [${target}] did not announce rsa-sha2-256/rsa-sha2-512 (server-sig-algs), and the SHA-1 ` +
  `ssh-rsa signature it would take instead is not FIPS-approved`;

const approvedHash = (hash: string | undefined) => hash === undefined || FIPS_SIGNATURE_HASHES.has(hash);

/**
 * A key whose `sign` refuses non-approved hashes. ssh2 asks for `sha1` only for `ssh-rsa` signatures;
 * ECDSA keys sign with the hash their curve implies (ssh2 passes no hash for them).
 */
export function fipsSigningKey<K extends ParsedKey>(key: K, target: string, onRefusal: (message: string) => void): K {
  const wrapped = Object.create(key) as K;
  Object.defineProperty(wrapped, 'sign', {
    value: (data: Buffer | string, algo?: string): Buffer | Error => {
      if (!approvedHash(algo)) {
        const message = sha1Refusal(target);
        onRefusal(message);
        return new Error(message);
      }
      return key.sign(data, algo);
    },
  });
  return wrapped;
}

/**
 * ssh-agent access in FIPS mode: identities whose type or size is not approved are not offered (the
 * skipped ones are reported when nothing else works), and SHA-1 signatures are refused.
 */
export class FipsFilteringAgent extends ssh2.BaseAgent<ParsedKey> {
  readonly skipped: string[] = [];
  constructor(
    private readonly inner: BaseAgent<ParsedKey>,
    private readonly target: string,
    private readonly onRefusal: (message: string) => void,
  ) {
    super();
  }

  getIdentities(cb: IdentityCallback<ParsedKey>): void {
    this.inner.getIdentities((err, keys) => {
      if (err || !keys) return cb(err, keys);
      const allowed: ParsedKey[] = [];
      for (const entry of keys) {
        // OpenSSHAgent yields parsed keys; anything else cannot be judged and is not offered.
        if (!('type' in entry)) continue;
        const problem = sshKeyProblem(sshKeyFacts(entry));
        if (problem) this.skipped.push(`${entry.comment || plainSshKeyType(entry.type)}: ${problem}`);
        else allowed.push(entry);
      }
      cb(undefined, allowed);
    });
  }

  sign(pubKey: ParsedKey, data: Buffer, options: SigningRequestOptions | SignCallback, cb?: SignCallback): void {
    const opts = typeof options === 'function' ? {} : options;
    const done = (typeof options === 'function' ? options : cb) ?? (() => undefined);
    if (!approvedHash(opts.hash)) {
      const message = sha1Refusal(this.target);
      this.onRefusal(message);
      done(new Error(message));
      return;
    }
    this.inner.sign(pubKey, data, opts, done);
  }
}

export interface FipsAuthInput {
  kind: 'agent' | 'key';
  username: string;
  socket?: string;
  key?: ParsedKey;
  keyLabel?: string;
}

export interface FipsSshSession {
  algorithms: Algorithms;
  authMethod: AgentAuthMethod | PublicKeyAuthMethod;
  /** The FIPS reason a connection failed, when FIPS mode caused it. */
  refusal(): string | undefined;
  /** A handshake error reworded to say FIPS mode limited the offer, or undefined when unrelated. */
  explainHandshake(err: unknown): string | undefined;
}

/** What ssh-connect needs to open one connection in FIPS mode; throws for a non-approved key. */
export function fipsSshSession(auth: FipsAuthInput, target: string): FipsSshSession {
  let refusal: string | undefined;
  const onRefusal = (m: string) => {
    refusal ??= m;
  };
  let authMethod: AgentAuthMethod | PublicKeyAuthMethod;
  let agent: FipsFilteringAgent | undefined;
  if (auth.kind === 'agent') {
    agent = new FipsFilteringAgent(ssh2.createAgent(auth.socket ?? '') as BaseAgent<ParsedKey>, target, onRefusal);
    authMethod = { type: 'agent', username: auth.username, agent };
  } else {
    if (!auth.key) throw new Error('fipsSshSession: a key is required for key authentication');
    assertFipsSshKey(auth.key, auth.keyLabel ?? 'ssh key', target);
    authMethod = { type: 'publickey', username: auth.username, key: fipsSigningKey(auth.key, target, onRefusal) };
  }
  return {
    algorithms: fipsSshAlgorithms(),
    authMethod,
    refusal: () => {
      if (refusal) return refusal;
      if (agent && agent.skipped.length > 0) {
        return `FIPS mode: ssh-agent identities not offered to host [${target}]: ${agent.skipped.join('; ')}`;
      }
      return undefined;
    },
    explainHandshake: (err) => {
      const msg = (err as Error | undefined)?.message ?? '';
      if (!/no matching|handshake failed/i.test(msg)) return undefined;
      return (
        `FIPS mode: host [${target}] and rke-ts share no FIPS-approved SSH algorithm (${msg}). FIPS mode offers ` +
        `kex [${FIPS_SSH_ALGORITHMS.kex.join(',')}], host keys [${FIPS_SSH_ALGORITHMS.serverHostKey.join(',')}], ` +
        `ciphers [${FIPS_SSH_ALGORITHMS.cipher.join(',')}], MACs [${FIPS_SSH_ALGORITHMS.hmac.join(',')}]`
      );
    },
  };
}
