/**
 * What the CIS profile requires, as data: the RKE2 `profile: cis` hardening (rke2 pkg/rke2, docs
 * security/hardening_guide) mapped onto RKE1's containers and cluster.yml knobs, and checked by
 * kube-bench's `rke-cis-1.7` benchmark (CIS ids in comments).
 */

/** TLS suites allowed on every component that serves TLS: ECDHE key exchange with AEAD ciphers only. */
export const STRONG_TLS_CIPHER_SUITES = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
] as const;

export type HardenedService = 'kube-api' | 'kube-controller' | 'scheduler' | 'kubelet';

/** A flag value a service must run with; `cis` is the benchmark id it satisfies ('' = RKE2 practice). */
export interface RequiredFlag {
  service: HardenedService;
  flag: string;
  value: string;
  cis: string;
}

const ciphers = STRONG_TLS_CIPHER_SUITES.join(',');

export const REQUIRED_FLAGS: readonly RequiredFlag[] = [
  { service: 'kube-api', flag: 'anonymous-auth', value: 'false', cis: '1.2.1' },
  { service: 'kube-api', flag: 'profiling', value: 'false', cis: '1.2.17' },
  { service: 'kube-api', flag: 'service-account-lookup', value: 'true', cis: '1.2.23' },
  { service: 'kube-api', flag: 'tls-cipher-suites', value: ciphers, cis: '1.2.31' },
  // RKE2 adds it under its CIS profile: bound service account tokens expire as issued.
  { service: 'kube-api', flag: 'service-account-extend-token-expiration', value: 'false', cis: '' },
  { service: 'kube-controller', flag: 'profiling', value: 'false', cis: '1.3.2' },
  { service: 'kube-controller', flag: 'terminated-pod-gc-threshold', value: '1000', cis: '1.3.1' },
  // rke-ts reaches the health port through the SSH connection to localhost, so loopback is enough.
  { service: 'kube-controller', flag: 'bind-address', value: '127.0.0.1', cis: '1.3.7' },
  { service: 'kube-controller', flag: 'tls-cipher-suites', value: ciphers, cis: '' },
  { service: 'scheduler', flag: 'profiling', value: 'false', cis: '1.4.1' },
  { service: 'scheduler', flag: 'bind-address', value: '127.0.0.1', cis: '1.4.2' },
  { service: 'scheduler', flag: 'tls-cipher-suites', value: ciphers, cis: '' },
  { service: 'kubelet', flag: 'anonymous-auth', value: 'false', cis: '4.2.1' },
  { service: 'kubelet', flag: 'authorization-mode', value: 'Webhook', cis: '4.2.2' },
  { service: 'kubelet', flag: 'read-only-port', value: '0', cis: '4.2.4' },
  { service: 'kubelet', flag: 'streaming-connection-idle-timeout', value: '30m', cis: '4.2.5' },
  { service: 'kubelet', flag: 'make-iptables-util-chains', value: 'true', cis: '4.2.6' },
  { service: 'kubelet', flag: 'protect-kernel-defaults', value: 'true', cis: '4.2.6 (CIS <= 1.6)' },
  { service: 'kubelet', flag: 'tls-cipher-suites', value: ciphers, cis: '4.2.12' },
];

/**
 * Kernel settings the kubelet refuses to start without when `protect-kernel-defaults=true`
 * (kubelet's own list; RKE2's CIS sysctl file has the first four). RKE2 and rke-ts check them, never set them.
 */
export const REQUIRED_SYSCTLS: Readonly<Record<string, string>> = {
  'vm.overcommit_memory': '1',
  'vm.panic_on_oom': '0',
  'kernel.panic': '10',
  'kernel.panic_on_oops': '1',
  'kernel.keys.root_maxkeys': '1000000',
  'kernel.keys.root_maxbytes': '25000000',
};

/** uid/gid etcd runs as when cluster.yml sets none (the value Rancher's RKE1 hardening guide uses). */
export const DEFAULT_ETCD_ID = 52034;
/** The account that must own etcd's data on etcd hosts (CIS 1.1.12 names it). */
export const ETCD_ACCOUNT = 'etcd';

/** Namespaces PodSecurity `restricted` does not apply to (RKE1's restricted template). */
export const PSA_EXEMPT_NAMESPACES = ['ingress-nginx', 'kube-system'] as const;

/** CNIs that enforce NetworkPolicy among those RKE1 deploys. */
export const NETWORK_POLICY_PLUGINS = ['canal', 'calico', 'weave'] as const;

/** Namespaces that get the default policies (RKE2's list). */
export const DEFAULT_POLICY_NAMESPACES = ['default', 'kube-public', 'kube-system'] as const;
