/** Where RKE2 keeps things (defaults of `data-dir` and the config directory). */
export const RKE2_CONFIG_DIR = '/etc/rancher/rke2';
export const RKE2_CONFIG_FILE = `${RKE2_CONFIG_DIR}/config.yaml`;
export const RKE2_REGISTRIES_FILE = `${RKE2_CONFIG_DIR}/registries.yaml`;
export const RKE2_AUDIT_POLICY_FILE = `${RKE2_CONFIG_DIR}/audit-policy.yaml`;
export const RKE2_ADMISSION_FILE = `${RKE2_CONFIG_DIR}/rke1-admission.yaml`;
export const RKE2_AUTHN_WEBHOOK_FILE = `${RKE2_CONFIG_DIR}/authn-webhook.yaml`;
export const RKE2_CLOUD_CONFIG_FILE = `${RKE2_CONFIG_DIR}/cloud.conf`;
export const RKE2_S3_CA_FILE = `${RKE2_CONFIG_DIR}/etcd-s3-ca.pem`;
export const RKE2_DATA_DIR = '/var/lib/rancher/rke2';
export const RKE2_TLS_DIR = `${RKE2_DATA_DIR}/server/tls`;
export const RKE2_CRED_DIR = `${RKE2_DATA_DIR}/server/cred`;
export const RKE2_ENCRYPTION_CONFIG_FILE = `${RKE2_CRED_DIR}/encryption-config.json`;
export const RKE2_ETCD_DATA_DIR = `${RKE2_DATA_DIR}/server/db/etcd`;
export const RKE2_SNAPSHOT_DIR = `${RKE2_DATA_DIR}/server/db/snapshots`;
export const RKE2_MANIFESTS_DIR = `${RKE2_DATA_DIR}/server/manifests`;
/** Supervisor port servers and agents join through. */
export const RKE2_SUPERVISOR_PORT = 9345;
/** RKE1 signs service-account tokens with these (service options of every supported version). */
export const RKE1_SERVICE_ACCOUNT_ISSUER = 'rke';
export const RKE1_API_AUDIENCES = 'unknown';
