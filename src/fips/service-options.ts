/**
 * FIPS mode's change to the version table's service options (the KDM defaults under extra_args):
 * every TLS-serving component gets the approved TLS 1.2 suites. RKE1's defaults for kube-apiserver
 * and kubelet include ChaCha20-Poly1305; kube-controller-manager and kube-scheduler have none (Go's
 * defaults, ChaCha20 included). etcd gets the pair RKE1 itself sets from etcd 3.4.15 on (its
 * certificates are RSA), so older etcd versions are restricted too and newer ones do not change.
 * User extra_args still win over these (and are checked by check.ts). Pure.
 */
import type { ServiceOptions } from '../versions/types.js';
import { FIPS_TLS_CIPHER_SUITES_FLAG } from './policy.js';

/** etcd's suites: RKE1's own value for etcd >= 3.4.15 (ECDHE-RSA with AES-GCM). */
export const FIPS_ETCD_CIPHER_SUITES = 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384';

const TLS_SERVING: ReadonlyArray<keyof ServiceOptions> = ['kubeapi', 'kubelet', 'kubeController', 'scheduler'];

export function fipsServiceOptions(options: ServiceOptions): ServiceOptions {
  const out: ServiceOptions = { ...options };
  for (const service of TLS_SERVING) {
    out[service] = { ...(options[service] ?? {}), 'tls-cipher-suites': FIPS_TLS_CIPHER_SUITES_FLAG };
  }
  out.etcd = { ...(options.etcd ?? {}), 'cipher-suites': FIPS_ETCD_CIPHER_SUITES };
  return out;
}
