/**
 * PkiInput from a parsed cluster.yml (src/config's ClusterConfig). Defaults are RKE1's, applied
 * here too so the PKI is right whether or not the config went through applyDefaults first.
 */
import type { ClusterConfig } from '../config/index.js';
import type { PkiInput } from './input.js';

export function pkiInputFromConfig(config: ClusterConfig): PkiInput {
  const etcd = config.services?.etcd;
  const urls = etcd?.external_urls ?? [];
  return {
    clusterName: config.cluster_name || 'local',
    nodes: (config.nodes ?? []).map((n) => ({
      address: n.address ?? '',
      internalAddress: n.internal_address ?? '',
      hostnameOverride: n.hostname_override ?? '',
      roles: n.role ?? [],
    })),
    serviceClusterIpRange: config.services?.['kube-api']?.service_cluster_ip_range || '10.43.0.0/16',
    clusterDomain: config.services?.kubelet?.cluster_domain || 'cluster.local',
    sans: config.authentication?.sans ?? [],
    generateServingCertificate: config.services?.kubelet?.generate_serving_certificate ?? false,
    ...(urls.length > 0 ? { externalEtcd: { urls, cert: etcd?.cert ?? '', key: etcd?.key ?? '', caCert: etcd?.ca_cert ?? '' } } : {}),
  };
}
