/**
 * cluster.yml (after src/config's RKE1 defaults: cluster ssh_key_path copied onto nodes and the
 * bastion, ssh_agent_auth forced cluster-wide, ports defaulted) → the transport's inputs. Type-only
 * dependency on src/config: the transport itself never parses cluster.yml.
 */
import type { ClusterConfig, NodeConfig } from '../config/index.js';
import type { PrivateRegistryAuth } from './registry-auth.js';
import { DOCKER_HUB } from './registry-auth.js';
import type { BastionSpec, ClusterHost, HostConnectionSpec, HostRole } from './types.js';

const ROLES: ReadonlySet<string> = new Set<HostRole>(['etcd', 'controlplane', 'worker']);

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
}

export function bastionFromConfig(config: ClusterConfig): BastionSpec | undefined {
  const b = config.bastion_host;
  if (!b?.address) return undefined;
  return defined({
    address: b.address,
    port: b.port,
    user: b.user,
    sshKey: b.ssh_key,
    sshKeyPath: b.ssh_key_path,
    sshCert: b.ssh_cert,
    sshCertPath: b.ssh_cert_path,
    // RKE1's dialer authenticates to the bastion with the cluster-wide agent setting.
    sshAgentAuth: config.ssh_agent_auth ?? b.ssh_agent_auth,
  });
}

export function hostSpecFromNode(node: NodeConfig, config: ClusterConfig): HostConnectionSpec {
  const bastion = bastionFromConfig(config);
  return defined({
    address: node.address ?? '',
    port: node.port,
    user: node.user,
    sshKey: node.ssh_key,
    sshKeyPath: node.ssh_key_path || config.ssh_key_path,
    sshCert: node.ssh_cert,
    sshCertPath: node.ssh_cert_path,
    sshAgentAuth: node.ssh_agent_auth ?? config.ssh_agent_auth,
    dockerSocket: node.docker_socket,
    bastion,
  });
}

export function clusterHostsFromConfig(config: ClusterConfig): ClusterHost[] {
  return (config.nodes ?? []).map((node) => ({
    spec: hostSpecFromNode(node, config),
    roles: (node.role ?? []).filter((r): r is HostRole => ROLES.has(r)),
    internalAddress: node.internal_address || node.address || '',
    ...(node.hostname_override ? { hostnameOverride: node.hostname_override } : {}),
  }));
}

/** `private_registries` with user/password (ECR credential plugins are not supported here). */
export function registriesFromConfig(config: ClusterConfig): PrivateRegistryAuth[] {
  return (config.private_registries ?? []).map((r) => defined({ url: r.url || DOCKER_HUB, user: r.user, password: r.password }));
}
