/**
 * FIPS mode is a property of the rke-ts process, like Go's GODEBUG=fips140=on and OpenSSL's FIPS
 * provider: switched on once (by `--fips` / RKE_FIPS=1 on the cluster commands, or by a library user)
 * before any connection or certificate work, and read by the effectful edges (SSH dialing, Node's TLS
 * defaults) and by the desired-state builder's default (which also takes an explicit `fips` input).
 */
import { createHash, getFips } from 'node:crypto';
import tls from 'node:tls';
import { FIPS_ECDH_CURVES, FIPS_OPENSSL_CIPHERS } from './policy.js';

let enabled = false;

/** True once `enableFipsMode()` ran in this process. */
export function fipsModeEnabled(): boolean {
  return enabled;
}

/**
 * Switches FIPS mode on: SSH offers only approved algorithms (src/hosts/ssh-connect.ts), desired
 * Kubernetes/etcd TLS flags use approved suites, and Node's TLS defaults for every TLS connection
 * rke-ts opens afterwards (kube-apiserver client, health checks) become TLS >= 1.2, AES-GCM suites
 * and NIST curves. Idempotent; there is no way back within the process, by design.
 */
export function enableFipsMode(): NodeFipsStatus {
  enabled = true;
  tls.DEFAULT_MIN_VERSION = 'TLSv1.2';
  tls.DEFAULT_CIPHERS = FIPS_OPENSSL_CIPHERS;
  tls.DEFAULT_ECDH_CURVE = FIPS_ECDH_CURVES;
  return nodeFipsStatus();
}

export interface NodeFipsStatus {
  /** OpenSSL version Node was built with (this Node bundles it statically). */
  openssl: string;
  /** `crypto.getFips()`: 1 when OpenSSL's default property query asks for fips=yes. */
  getFips: number;
  /** An OpenSSL FIPS provider is loaded and usable (getFips() is 1 and SHA-256 can be fetched). */
  opensslFipsProvider: boolean;
  /** One line for logs and `docs/security/fips.md`. */
  summary: string;
}

/**
 * What Node's own crypto offers. `crypto.setFips(true)` is never called here: without a FIPS provider
 * (Node's release builds do not ship fips.so) it makes every hash and key operation fail, while
 * getFips() still reports 1. A provider is detected when the operator started Node with one
 * (`--enable-fips` / `--force-fips` plus an OpenSSL config that loads it).
 */
export function nodeFipsStatus(): NodeFipsStatus {
  const openssl = process.versions.openssl ?? 'unknown';
  const fips = getFips();
  let usable = false;
  if (fips === 1) {
    try {
      createHash('sha256').update('fips').digest();
      usable = true;
    } catch {
      usable = false;
    }
  }
  const summary = usable
    ? `Node crypto: OpenSSL ${openssl} FIPS provider active`
    : fips === 1
      ? `Node crypto: OpenSSL ${openssl} asks for FIPS (getFips()=1) but no FIPS provider is loaded: crypto operations will fail`
      : `Node crypto: OpenSSL ${openssl} without a FIPS provider (getFips()=0); rke-ts restricts its own algorithm choices instead`;
  return { openssl, getFips: fips, opensslFipsProvider: usable, summary };
}

