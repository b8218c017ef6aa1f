/** `services` defaults (cluster/defaults.go setClusterServicesDefaults). Mutates the given config. */
import {
  ADMISSION_CONTROL_CONFIG_FILE_ARG,
  DEFAULTS,
  defaultAuditPolicy,
  defaultEventRateLimitConfig,
} from './constants.js';
import { normalizeAuditPolicy } from './audit-policy.js';
import { AT_LEAST_1_23, AUDIT_LOG_FORCED, versionMatches } from './k8s-version.js';
import type { ClusterConfig } from './schema/cluster.js';

export function setServicesDefaults(config: ClusterConfig, version: string): void {
  const images = config.system_images ?? {};
  const services = (config.services ??= {});
  const etcd = (services.etcd ??= {});
  const kubeApi = (services['kube-api'] ??= {});
  const kubeController = (services['kube-controller'] ??= {});
  const scheduler = (services.scheduler ??= {});
  const kubelet = (services.kubelet ??= {});
  const kubeproxy = (services.kubeproxy ??= {});

  // Per-service images are not accepted: they always come from system_images.
  const kubernetesImage = images.kubernetes ?? '';
  for (const service of [kubeApi, scheduler, kubeController, kubelet, kubeproxy]) service.image = kubernetesImage;
  etcd.image = images.etcd ?? '';

  etcd.snapshot ??= true;
  if (!kubeApi.service_cluster_ip_range) kubeApi.service_cluster_ip_range = DEFAULTS.serviceClusterIPRange;
  if (!kubeApi.service_node_port_range) kubeApi.service_node_port_range = DEFAULTS.nodePortRange;
  if (!kubeController.service_cluster_ip_range) kubeController.service_cluster_ip_range = DEFAULTS.serviceClusterIPRange;
  if (!kubeController.cluster_cidr) kubeController.cluster_cidr = DEFAULTS.clusterCIDR;
  if (!kubelet.cluster_dns_server) kubelet.cluster_dns_server = DEFAULTS.clusterDNSServer;
  if (!kubelet.cluster_domain) kubelet.cluster_domain = DEFAULTS.clusterDomain;
  if (!kubelet.infra_container_image) kubelet.infra_container_image = images.pod_infra_container ?? '';
  if (!etcd.creation) etcd.creation = DEFAULTS.etcdSnapshotCreation;
  if (!etcd.retention) etcd.retention = DEFAULTS.etcdSnapshotRetention;

  const etcdArgs = (etcd.extra_args ??= {});
  if (!('election-timeout' in etcdArgs)) etcdArgs['election-timeout'] = DEFAULTS.etcdElectionTimeout;
  if (!('heartbeat-interval' in etcdArgs)) etcdArgs['heartbeat-interval'] = DEFAULTS.etcdHeartbeatInterval;

  const backup = etcd.backup_config;
  if (backup && backup.enabled !== false) {
    if (!backup.interval_hours) backup.interval_hours = DEFAULTS.etcdBackupIntervalHours;
    if (!backup.retention) backup.retention = DEFAULTS.etcdBackupRetention;
    if (!backup.timeout) backup.timeout = DEFAULTS.etcdBackupTimeout;
  }

  // With a user-supplied admission control config file RKE1 leaves admission plugins alone.
  if (!(ADMISSION_CONTROL_CONFIG_FILE_ARG in (kubeApi.extra_args ?? {}))) {
    const eventRateLimit = kubeApi.event_rate_limit;
    if (eventRateLimit?.enabled && eventRateLimit.configuration === undefined) {
      eventRateLimit.configuration = defaultEventRateLimitConfig();
    }
    if (versionMatches(version, AT_LEAST_1_23) && !kubeApi.pod_security_configuration) {
      kubeApi.pod_security_configuration = DEFAULTS.podSecurityPrivileged;
    }
  }

  if (versionMatches(version, AUDIT_LOG_FORCED)) kubeApi.audit_log ??= { enabled: true };
  const auditLog = kubeApi.audit_log;
  if (auditLog?.enabled) {
    if (!auditLog.configuration) {
      auditLog.configuration = {
        max_age: 30,
        max_backup: 10,
        max_size: 100,
        path: DEFAULTS.auditLogPath,
        format: 'json',
        policy: defaultAuditPolicy(),
      };
    } else {
      auditLog.configuration.policy ??= defaultAuditPolicy();
    }
  }
  // RKE1 decodes the policy into auditv1.Policy, so cluster.rkestate holds it in that form
  const policy = auditLog?.configuration?.policy;
  if (policy) auditLog.configuration!.policy = normalizeAuditPolicy(policy) as Record<string, unknown>;
}
