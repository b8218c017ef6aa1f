/**
 * What FIPS mode allows: the FIPS 140-3 approved algorithms (NIST SP 800-52r2 for TLS, SP 800-131A
 * for key sizes and hashes, SP 800-186 for curves) in the spellings of each tool rke-ts configures:
 * Go's crypto/tls names (Kubernetes and etcd flags), OpenSSL's (Node's own TLS), ssh2's (SSH).
 * Pure data and predicates: no I/O.
 */

/** TLS 1.2 suites (Go names) approved for FIPS: ECDHE key exchange with AES-GCM, in preference order. */
export const FIPS_TLS12_CIPHER_SUITES = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
] as const;

/**
 * TLS 1.3 suites approved for FIPS. Kubernetes accepts these names in --tls-cipher-suites, but Go
 * ignores the setting for TLS 1.3: only a GOFIPS140 build restricts TLS 1.3 (docs/security/fips.md).
 */
export const FIPS_TLS13_CIPHER_SUITES = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384'] as const;

/** What FIPS mode writes into --tls-cipher-suites / --cipher-suites (TLS 1.2 list; see above for 1.3). */
export const FIPS_TLS_CIPHER_SUITES_FLAG = FIPS_TLS12_CIPHER_SUITES.join(',');

const APPROVED_TLS_SUITES: ReadonlySet<string> = new Set([...FIPS_TLS12_CIPHER_SUITES, ...FIPS_TLS13_CIPHER_SUITES]);

/** Go `tls.VersionName` spellings Kubernetes takes in --tls-min-version; FIPS needs TLS 1.2 or later. */
export const FIPS_TLS_MIN_VERSIONS: ReadonlySet<string> = new Set(['VersionTLS12', 'VersionTLS13']);

export function isApprovedTlsSuite(name: string): boolean {
  return APPROVED_TLS_SUITES.has(name.trim());
}

/** The suites of a comma-separated flag value that FIPS does not approve (empty when all are approved). */
export function unapprovedTlsSuites(flagValue: string): string[] {
  return flagValue
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '' && !isApprovedTlsSuite(s));
}

/** Node/OpenSSL spelling of the same suites, for rke-ts's own TLS clients and servers. */
export const FIPS_OPENSSL_CIPHERS = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES256-GCM-SHA384',
].join(':');

/** NIST curves only: X25519 is not an approved key-agreement curve under FIPS 140-3 (SP 800-56A). */
export const FIPS_ECDH_CURVES = 'P-256:P-384:P-521';

/** SSH algorithms (ssh2 names) offered in FIPS mode: no curve25519, ed25519, chacha20, SHA-1 or MD5. */
export const FIPS_SSH_ALGORITHMS = {
  kex: [
    'ecdh-sha2-nistp256',
    'ecdh-sha2-nistp384',
    'ecdh-sha2-nistp521',
    'diffie-hellman-group-exchange-sha256',
    'diffie-hellman-group14-sha256',
    'diffie-hellman-group16-sha512',
    'diffie-hellman-group18-sha512',
  ],
  serverHostKey: ['ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256'],
  cipher: ['aes128-gcm@openssh.com', 'aes256-gcm@openssh.com', 'aes128-ctr', 'aes192-ctr', 'aes256-ctr'],
  hmac: ['hmac-sha2-256-etm@openssh.com', 'hmac-sha2-512-etm@openssh.com', 'hmac-sha2-256', 'hmac-sha2-512'],
  compress: ['none'],
} as const;

/** Minimum RSA modulus for keys FIPS mode accepts (SP 800-131A: 2048 bits for signatures and key transport). */
export const FIPS_MIN_RSA_BITS = 2048;

/** SSH public key types (plain or certificate) FIPS mode accepts for authentication. */
const APPROVED_SSH_KEY_TYPES: ReadonlySet<string> = new Set([
  'ssh-rsa',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
]);

/** The plain key type of an SSH key or certificate type (`ssh-ed25519-cert-v01@openssh.com` → `ssh-ed25519`). */
export function plainSshKeyType(type: string): string {
  return type.replace(/-cert-v01@openssh\.com$/, '');
}

export interface SshKeyFacts {
  /** ssh2 / OpenSSH type name, e.g. `ssh-rsa`, `ssh-ed25519`, `ecdsa-sha2-nistp256` (certificate types too). */
  type: string;
  /** RSA modulus length; undefined for other key types. */
  rsaBits?: number;
}

/** Why an SSH key is not acceptable in FIPS mode, or undefined when it is. */
export function sshKeyProblem(key: SshKeyFacts): string | undefined {
  const type = plainSshKeyType(key.type);
  if (!APPROVED_SSH_KEY_TYPES.has(type)) {
    return `key type ${type} is not FIPS-approved (use RSA >= ${FIPS_MIN_RSA_BITS} bits or ECDSA P-256/P-384/P-521)`;
  }
  if (type === 'ssh-rsa' && (key.rsaBits ?? 0) < FIPS_MIN_RSA_BITS) {
    return `RSA key of ${key.rsaBits ?? 'unknown'} bits is below the FIPS minimum of ${FIPS_MIN_RSA_BITS}`;
  }
  return undefined;
}

/** Hashes FIPS mode accepts in signatures (SHA-1 and MD5 are refused; SP 800-131A). */
export const FIPS_SIGNATURE_HASHES: ReadonlySet<string> = new Set(['sha256', 'sha384', 'sha512']);

/** NIST curves accepted for ECDSA keys (Node's `namedCurve` spellings). */
export const FIPS_EC_CURVES: ReadonlySet<string> = new Set(['prime256v1', 'secp384r1', 'secp521r1', 'P-256', 'P-384', 'P-521']);

/**
 * Providers of kube-apiserver's EncryptionConfiguration: aescbc and aesgcm use AES (approved),
 * identity stores plaintext (allowed only as the read fallback after an approved provider),
 * secretbox is XSalsa20-Poly1305 (not approved), kms delegates to a plugin outside rke-ts.
 */
export const FIPS_ENCRYPTION_PROVIDERS: ReadonlySet<string> = new Set(['aescbc', 'aesgcm', 'identity', 'kms']);
