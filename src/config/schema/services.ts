/** `services` (RKE1 types RKEConfigServices, BaseService and each service; types/backup_types.go). */
import { f, struct, str, bool, int, list, map, k8sObject } from '../schema-dsl.js';

/** BaseService: inlined into every service (yaml ",inline" / json ",inline"). */
function baseServiceFields() {
  return {
    image: f(str('ignored: RKE always uses system_images'), 'image,omitempty'),
    extra_args: f(map(str()), 'extraArgs,omitempty'),
    extra_args_array: f(map(list(str())), 'extraArgsArray,omitempty'),
    extra_binds: f(list(str()), 'extraBinds,omitempty'),
    extra_env: f(list(str()), 'extraEnv,omitempty'),
    win_extra_args: f(map(str()), 'winExtraArgs,omitempty'),
    win_extra_args_array: f(map(list(str())), 'winExtraArgsArray,omitempty'),
    win_extra_binds: f(list(str()), 'winExtraBinds,omitempty'),
    win_extra_env: f(list(str()), 'winExtraEnv,omitempty'),
  };
}

export const s3BackupConfig = struct('types.S3BackupConfig', {
  access_key: f(str(), 'accessKey,omitempty'),
  secret_key: f(str(), 'secretKey,omitempty'),
  bucket_name: f(str(), 'bucketName,omitempty'),
  region: f(str(), 'region,omitempty'),
  endpoint: f(str(), 'endpoint'),
  custom_ca: f(str('PEM CA certificate of the S3 endpoint'), 'customCa,omitempty'),
  folder: f(str(), 'folder,omitempty'),
});

export const backupConfig = struct('types.BackupConfig', {
  enabled: f(bool(), 'enabled,omitempty', { pointer: true }),
  interval_hours: f(int(), 'intervalHours,omitempty'),
  retention: f(int(), 'retention,omitempty'),
  // yaml tag ",omitempty" without a name: yaml.v2 uses the lower-cased Go field name.
  s3backupconfig: f(s3BackupConfig, 's3BackupConfig', { pointer: true }),
  safe_timestamp: f(bool(), 'safeTimestamp,omitempty'),
  timeout: f(int('seconds'), 'timeout,omitempty'),
});

export const etcdService = struct('types.ETCDService', {
  ...baseServiceFields(),
  external_urls: f(list(str()), 'externalUrls,omitempty'),
  ca_cert: f(str(), 'caCert,omitempty'),
  cert: f(str(), 'cert,omitempty'),
  key: f(str(), 'key,omitempty'),
  path: f(str(), 'path,omitempty'),
  uid: f(int(), 'uid,omitempty'),
  gid: f(int(), 'gid,omitempty'),
  snapshot: f(bool('recurring snapshots (default true)'), 'snapshot,omitempty', { pointer: true }),
  retention: f(str('default 72h'), 'retention,omitempty'),
  creation: f(str('default 12h'), 'creation,omitempty'),
  backup_config: f(backupConfig, 'backupConfig,omitempty', { pointer: true }),
});

export const secretsEncryptionConfig = struct('types.SecretsEncryptionConfig', {
  enabled: f(bool(), 'enabled,omitempty'),
  custom_config: f(
    k8sObject('v1.EncryptionConfiguration', 'apiserver.config.k8s.io/v1 EncryptionConfiguration (JSON keys)'),
    'customConfig,omitempty',
    { pointer: true },
  ),
});

export const auditLogConfig = struct('types.AuditLogConfig', {
  max_age: f(int(), 'maxAge,omitempty'),
  max_backup: f(int(), 'maxBackup,omitempty'),
  max_size: f(int(), 'maxSize,omitempty'),
  path: f(str(), 'path,omitempty'),
  format: f(str(), 'format,omitempty'),
  policy: f(k8sObject('v1.Policy', 'audit.k8s.io/v1 Policy (JSON keys, kind: Policy)'), 'policy,omitempty', {
    pointer: true,
  }),
});

export const auditLog = struct('types.AuditLog', {
  enabled: f(bool(), 'enabled,omitempty'),
  configuration: f(auditLogConfig, 'configuration,omitempty', { pointer: true }),
});

export const eventRateLimit = struct('types.EventRateLimit', {
  enabled: f(bool(), 'enabled,omitempty'),
  configuration: f(
    k8sObject('eventratelimit.Configuration', 'eventratelimit.admission.k8s.io/v1alpha1 Configuration (JSON keys)'),
    'configuration,omitempty',
    { pointer: true },
  ),
});

export const kubeAPIService = struct('types.KubeAPIService', {
  ...baseServiceFields(),
  service_cluster_ip_range: f(str('default 10.43.0.0/16'), 'serviceClusterIpRange,omitempty'),
  service_node_port_range: f(str('default 30000-32767'), 'serviceNodePortRange,omitempty'),
  pod_security_configuration: f(str('privileged or restricted'), 'podSecurityConfiguration,omitempty'),
  always_pull_images: f(bool(), 'alwaysPullImages,omitempty'),
  secrets_encryption_config: f(secretsEncryptionConfig, 'secretsEncryptionConfig,omitempty', { pointer: true }),
  audit_log: f(auditLog, 'auditLog,omitempty', { pointer: true }),
  admission_configuration: f(
    k8sObject('v1.AdmissionConfiguration', 'apiserver.config.k8s.io/v1 AdmissionConfiguration (JSON keys)'),
    'admissionConfiguration,omitempty',
    { pointer: true },
  ),
  event_rate_limit: f(eventRateLimit, 'eventRateLimit,omitempty', { pointer: true }),
});

export const kubeControllerService = struct('types.KubeControllerService', {
  ...baseServiceFields(),
  cluster_cidr: f(str('default 10.42.0.0/16'), 'clusterCidr,omitempty'),
  service_cluster_ip_range: f(str('default 10.43.0.0/16'), 'serviceClusterIpRange,omitempty'),
});

export const kubeletService = struct('types.KubeletService', {
  ...baseServiceFields(),
  cluster_domain: f(str('default cluster.local'), 'clusterDomain,omitempty'),
  infra_container_image: f(str(), 'infraContainerImage,omitempty'),
  cluster_dns_server: f(str('default 10.43.0.10'), 'clusterDnsServer,omitempty'),
  fail_swap_on: f(bool(), 'failSwapOn,omitempty'),
  generate_serving_certificate: f(bool(), 'generateServingCertificate,omitempty'),
});

export const kubeproxyService = struct('types.KubeproxyService', baseServiceFields());
export const schedulerService = struct('types.SchedulerService', baseServiceFields());

export const services = struct('types.RKEConfigServices', {
  etcd: f(etcdService, 'etcd,omitempty'),
  'kube-api': f(kubeAPIService, 'kubeApi,omitempty'),
  'kube-controller': f(kubeControllerService, 'kubeController,omitempty'),
  scheduler: f(schedulerService, 'scheduler,omitempty'),
  kubelet: f(kubeletService, 'kubelet,omitempty'),
  kubeproxy: f(kubeproxyService, 'kubeproxy,omitempty'),
});
