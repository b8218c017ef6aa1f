/** `services` checks (cluster/validation.go validateServicesOptions, validateEtcdBackupOptions). */
import { X509Certificate } from 'node:crypto';
import type { ConfigIssue } from './issues.js';
import type { ClusterConfig } from './schema/cluster.js';

/** client-go cert.ParseCertsPEM as RKE1's pki.IsValidCertStr uses it: undefined when valid. */
export function pemCertificatesError(pem: string): string | undefined {
  const blocks = [...pem.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)];
  let found = 0;
  for (const block of blocks) {
    if (block[1] !== 'CERTIFICATE') continue;
    try {
      new X509Certificate(block[0]);
      found++;
    } catch {
      return 'x509: malformed certificate';
    }
  }
  return found === 0 ? 'data does not contain any valid RSA or ECDSA certificates' : undefined;
}

export function validateServicesOptions(config: ClusterConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const services = config.services ?? {};
  const kubeApi = services['kube-api'] ?? {};
  const kubeController = services['kube-controller'] ?? {};
  const kubelet = services.kubelet ?? {};
  // [RKE1 option name (its words form the message), value, key path to fix]
  const required: [string, string | undefined, string][] = [
    ['etcd_image', services.etcd?.image, 'system_images.etcd'],
    ['kube_api_image', kubeApi.image, 'system_images.kubernetes'],
    ['kube_api_service_cluster_ip_range', kubeApi.service_cluster_ip_range, 'services.kube-api.service_cluster_ip_range'],
    ['kube_controller_image', kubeController.image, 'system_images.kubernetes'],
    [
      'kube_controller_service_cluster_ip_range',
      kubeController.service_cluster_ip_range,
      'services.kube-controller.service_cluster_ip_range',
    ],
    ['kube_controller_cluster_cidr', kubeController.cluster_cidr, 'services.kube-controller.cluster_cidr'],
    ['scheduler_image', services.scheduler?.image, 'system_images.kubernetes'],
    ['kubelet_image', kubelet.image, 'system_images.kubernetes'],
    ['kubelet_cluster_dns_service', kubelet.cluster_dns_server, 'services.kubelet.cluster_dns_server'],
    ['kubelet_cluster_domain', kubelet.cluster_domain, 'services.kubelet.cluster_domain'],
    ['kubelet_infra_container_image', kubelet.infra_container_image, 'system_images.pod_infra_container'],
    ['kubeproxy_image', services.kubeproxy?.image, 'system_images.kubernetes'],
  ];
  for (const [option, value, path] of required) {
    if (!value) issues.push({ message: `${option.split('_').join(' ')} can't be empty`, path });
  }

  const etcd = services.etcd ?? {};
  if ((etcd.external_urls ?? []).length > 0) {
    if (!etcd.ca_cert) issues.push({ message: "External CA Certificate for etcd can't be empty", path: 'services.etcd.ca_cert' });
    if (!etcd.cert) issues.push({ message: "External Client Certificate for etcd can't be empty", path: 'services.etcd.cert' });
    if (!etcd.key) issues.push({ message: "External Client Key for etcd can't be empty", path: 'services.etcd.key' });
    if (!etcd.path) issues.push({ message: "External etcd path can't be empty", path: 'services.etcd.path' });
  }

  const s3 = etcd.backup_config?.s3backupconfig;
  if (s3) {
    const s3Path = 'services.etcd.backup_config.s3backupconfig';
    if (!s3.endpoint) issues.push({ message: "etcd s3 backup backend endpoint can't be empty", path: `${s3Path}.endpoint` });
    if (!s3.bucket_name) issues.push({ message: "etcd s3 backup backend bucketName can't be empty", path: `${s3Path}.bucket_name` });
    if (s3.custom_ca) {
      const error = pemCertificatesError(s3.custom_ca);
      if (error) issues.push({ message: `invalid S3 endpoint CA certificate: ${error}`, path: `${s3Path}.custom_ca` });
    }
  }
  return issues;
}
