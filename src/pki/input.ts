/**
 * What the PKI needs from cluster.yml, and nothing more. Built from the parsed config by the
 * caller (see `pkiInputFromConfig` once src/config exists); kept small so the PKI stays pure.
 */
import { ROLE_CONTROLPLANE, ROLE_ETCD } from './constants.js';

export interface PkiNode {
  address: string;
  /** Empty or missing means "same as address" (RKE1 default). */
  internalAddress?: string;
  /** Empty or missing means "address"; RKE1 lower-cases it. */
  hostnameOverride?: string;
  roles: readonly string[];
}

export interface ExternalEtcdInput {
  /** services.etcd.external_urls; external etcd client certs are used only when non-empty. */
  urls: readonly string[];
  /** services.etcd.cert / key / ca_cert (PEM text). */
  cert: string;
  key: string;
  caCert: string;
}

export interface PkiInput {
  /** cluster_name (RKE1 default `local`). */
  clusterName: string;
  nodes: readonly PkiNode[];
  /** services.kube-api.service_cluster_ip_range (RKE1 default `10.43.0.0/16`). */
  serviceClusterIpRange: string;
  /** services.kubelet.cluster_domain (RKE1 default `cluster.local`). */
  clusterDomain: string;
  /** authentication.sans */
  sans: readonly string[];
  /** services.kubelet.generate_serving_certificate */
  generateServingCertificate: boolean;
  externalEtcd?: ExternalEtcdInput;
}

/** A node after RKE1's defaulting (`cluster/defaults.go setClusterDefaults`). */
export interface PkiHost {
  address: string;
  internalAddress: string;
  hostnameOverride: string;
  roles: readonly string[];
}

export function toHost(node: PkiNode): PkiHost {
  return {
    address: node.address,
    internalAddress: node.internalAddress ? node.internalAddress : node.address,
    hostnameOverride: (node.hostnameOverride ? node.hostnameOverride : node.address).toLowerCase(),
    roles: node.roles,
  };
}

/** RKE1 `hosts.NodesToHosts`: nodes having `role` (all nodes when role is undefined), in file order. */
export function hostsWithRole(input: PkiInput, role?: string): PkiHost[] {
  return input.nodes.filter((n) => role === undefined || n.roles.includes(role)).map(toHost);
}

export const controlPlaneHosts = (input: PkiInput): PkiHost[] => hostsWithRole(input, ROLE_CONTROLPLANE);
export const etcdHosts = (input: PkiInput): PkiHost[] => hostsWithRole(input, ROLE_ETCD);

export function usesExternalEtcd(input: PkiInput): boolean {
  return (input.externalEtcd?.urls.length ?? 0) > 0;
}
