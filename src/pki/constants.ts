/**
 * Names RKE1 gives its certificates, the files they become on nodes, and the fixed CN/O values.
 * These strings are part of the on-disk contract (cluster.rkestate keys, /etc/kubernetes/ssl file
 * names, kubeconfig user names), so they must not change.
 */
export const CERT_PATH_PREFIX = '/etc/kubernetes/ssl/';

export const CA_CERT_NAME = 'kube-ca';
export const REQUEST_HEADER_CA_CERT_NAME = 'kube-apiserver-requestheader-ca';
export const KUBE_API_CERT_NAME = 'kube-apiserver';
export const KUBE_CONTROLLER_CERT_NAME = 'kube-controller-manager';
export const KUBE_SCHEDULER_CERT_NAME = 'kube-scheduler';
export const KUBE_PROXY_CERT_NAME = 'kube-proxy';
export const KUBE_NODE_CERT_NAME = 'kube-node';
export const KUBELET_CERT_NAME = 'kube-kubelet';
export const ETCD_CERT_NAME = 'kube-etcd';
export const ETCD_CLIENT_CA_CERT_NAME = 'kube-etcd-client-ca';
export const ETCD_CLIENT_CERT_NAME = 'kube-etcd-client';
export const API_PROXY_CLIENT_CERT_NAME = 'kube-apiserver-proxy-client';
export const SERVICE_ACCOUNT_TOKEN_KEY_NAME = 'kube-service-account-token';
export const KUBE_ADMIN_CERT_NAME = 'kube-admin';

export const KUBE_NODE_COMMON_NAME = 'system:node';
export const KUBE_NODE_ORGANIZATION = 'system:nodes';
export const KUBE_ADMIN_ORGANIZATION = 'system:masters';

export const KUBE_ADMIN_CONFIG_PREFIX = 'kube_config_';
/** Default cluster file name; RKE1 also uses it for kube-admin's configPath on a fresh cluster. */
export const DEFAULT_CLUSTER_CONFIG = 'cluster.yml';

/** RSA modulus size for every key RKE1 generates. */
export const RSA_KEY_BITS = 2048;
/** RKE1 validity: 10 × 365 days (no leap days) for CAs and leaf certificates alike. */
export const CERT_VALIDITY_MS = 10 * 365 * 24 * 3600 * 1000;

export const ROLE_ETCD = 'etcd';
export const ROLE_CONTROLPLANE = 'controlplane';
export const ROLE_WORKER = 'worker';
