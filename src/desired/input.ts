/**
 * The slice of cluster.yml the desired-state builder reads, with the same snake_case keys users write.
 * Declared structurally here so that this module does not depend on src/config's exact types: the
 * parsed `ClusterConfig` from src/config is expected to satisfy it. Every field is optional; RKE1's
 * defaults that shape containers are (re)applied in `effective.ts`, which is idempotent on a config
 * the config layer already defaulted.
 */

export interface BaseServiceInput {
  image?: string;
  extra_args?: Record<string, string>;
  extra_args_array?: Record<string, string[]>;
  extra_binds?: string[];
  extra_env?: string[];
}

export interface S3BackupConfigInput {
  access_key?: string;
  secret_key?: string;
  bucket_name?: string;
  region?: string;
  endpoint?: string;
  custom_ca?: string;
  folder?: string;
}

export interface BackupConfigInput {
  enabled?: boolean | null;
  interval_hours?: number;
  retention?: number;
  timeout?: number;
  s3backupconfig?: S3BackupConfigInput | null;
}

export interface EtcdServiceInput extends BaseServiceInput {
  external_urls?: string[];
  ca_cert?: string;
  cert?: string;
  key?: string;
  path?: string;
  uid?: number;
  gid?: number;
  snapshot?: boolean | null;
  retention?: string;
  creation?: string;
  backup_config?: BackupConfigInput | null;
}

export interface AuditLogConfigInput {
  max_age?: number;
  max_backup?: number;
  max_size?: number;
  path?: string;
  format?: string;
  /** audit.k8s.io/v1 Policy object as written in cluster.yml. */
  policy?: unknown;
}

export interface KubeApiServiceInput extends BaseServiceInput {
  service_cluster_ip_range?: string;
  service_node_port_range?: string;
  pod_security_configuration?: string;
  always_pull_images?: boolean;
  secrets_encryption_config?: { enabled?: boolean; custom_config?: unknown } | null;
  audit_log?: { enabled?: boolean; configuration?: AuditLogConfigInput | null } | null;
  /** apiserver.config.k8s.io/v1 AdmissionConfiguration object as written in cluster.yml. */
  admission_configuration?: { plugins?: AdmissionPluginInput[] | null } | null;
  event_rate_limit?: { enabled?: boolean; configuration?: unknown } | null;
}

export interface AdmissionPluginInput {
  name?: string;
  path?: string;
  /** Opaque JSON object (runtime.Unknown in RKE1). */
  configuration?: unknown;
}

export interface KubeControllerServiceInput extends BaseServiceInput {
  cluster_cidr?: string;
  service_cluster_ip_range?: string;
}

export interface KubeletServiceInput extends BaseServiceInput {
  cluster_domain?: string;
  infra_container_image?: string;
  cluster_dns_server?: string;
  fail_swap_on?: boolean;
  generate_serving_certificate?: boolean;
}

export interface NodeInput {
  /** Required by validation; optional here to accept src/config's ClusterConfig as is. */
  address?: string;
  internal_address?: string;
  hostname_override?: string;
  role?: string[];
}

export interface PrivateRegistryInput {
  url?: string;
  user?: string;
  password?: string;
  is_default?: boolean;
  ecr_credential_plugin?: unknown;
}

export interface CloudProviderInput {
  name?: string;
  useInstanceMetadataHostname?: boolean | null;
  awsCloudProvider?: unknown;
  azureCloudProvider?: unknown;
  openstackCloudProvider?: unknown;
  vsphereCloudProvider?: unknown;
  harvesterCloudProvider?: { cloud_config?: string; cloudConfig?: string } | null;
  customCloudProvider?: string;
}

export interface DesiredConfigInput {
  cluster_name?: string;
  kubernetes_version?: string;
  prefix_path?: string;
  nodes?: NodeInput[];
  services?: {
    etcd?: EtcdServiceInput;
    'kube-api'?: KubeApiServiceInput;
    'kube-controller'?: KubeControllerServiceInput;
    scheduler?: BaseServiceInput;
    kubelet?: KubeletServiceInput;
    kubeproxy?: BaseServiceInput;
  };
  system_images?: Record<string, string | undefined>;
  private_registries?: PrivateRegistryInput[];
  authentication?: {
    strategy?: string;
    sans?: string[];
    webhook?: { config_file?: string; cache_timeout?: string } | null;
  };
  authorization?: { mode?: string };
  cloud_provider?: CloudProviderInput;
  dns?: { provider?: string; nodelocal?: { ip_address?: string } | null } | null;
  enable_cri_dockerd?: boolean | null;
  cri_dockerd_stream_server_address?: string;
  cri_dockerd_stream_server_port?: string;
}
