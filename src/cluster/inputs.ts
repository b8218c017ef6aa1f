/**
 * Pure mappings from the effective cluster.yml to what each layer takes (PKI input, host
 * connection specs, node labels/taints). One place, so every layer sees the same defaults.
 */
import type { ClusterConfig, NodeConfig } from '../config/index.js';
import type { Role } from '../desired/index.js';
import type { ClusterHost, HostConnectionSpec, HostRole } from '../hosts/types.js';
import type { DesiredNodeMeta, NodeTaint } from '../plan/nodes.js';

const ROLES: readonly Role[] = ['etcd', 'controlplane', 'worker'];

export function nodeRoles(node: NodeConfig): Role[] {
  return ROLES.filter((r) => node.role?.includes(r));
}

export function nodeName(node: NodeConfig): string {
  return (node.hostname_override || node.address || '').toLowerCase();
}

export function hostSpecFromNode(config: ClusterConfig, node: NodeConfig): HostConnectionSpec {
  const b = config.bastion_host;
  return {
    address: node.address ?? '',
    port: node.port || 22,
    user: node.user,
    sshKey: node.ssh_key,
    sshKeyPath: node.ssh_key_path || config.ssh_key_path,
    sshCert: node.ssh_cert,
    sshCertPath: node.ssh_cert_path,
    sshAgentAuth: node.ssh_agent_auth ?? config.ssh_agent_auth,
    dockerSocket: node.docker_socket || '/var/run/docker.sock',
    ...(b?.address
      ? {
          bastion: {
            address: b.address,
            port: b.port || 22,
            user: b.user,
            sshKey: b.ssh_key,
            sshKeyPath: b.ssh_key_path || config.ssh_key_path,
            sshCert: b.ssh_cert,
            sshCertPath: b.ssh_cert_path,
            sshAgentAuth: b.ssh_agent_auth ?? config.ssh_agent_auth,
          },
        }
      : {}),
  };
}

export function clusterHosts(config: ClusterConfig): ClusterHost[] {
  return (config.nodes ?? []).map((n) => ({
    spec: hostSpecFromNode(config, n),
    roles: nodeRoles(n) as HostRole[],
    internalAddress: n.internal_address || n.address || '',
    hostnameOverride: nodeName(n),
  }));
}

const RESERVED_TAINTS = new Set(['node-role.kubernetes.io/etcd', 'node-role.kubernetes.io/controlplane']);

/** RKE1 SyncLabelsAndTaints: role labels + user labels; role taints on etcd-only / controlplane-only nodes + user taints. */
export function nodeLabelsAndTaints(node: NodeConfig): { labels: Record<string, string>; taints: NodeTaint[] } {
  const roles = nodeRoles(node);
  const labels: Record<string, string> = {};
  if (roles.includes('controlplane')) labels['node-role.kubernetes.io/controlplane'] = 'true';
  if (roles.includes('etcd')) labels['node-role.kubernetes.io/etcd'] = 'true';
  if (roles.includes('worker')) labels['node-role.kubernetes.io/worker'] = 'true';
  Object.assign(labels, node.labels ?? {});
  const taints: NodeTaint[] = [];
  if (roles.length === 1 && roles[0] === 'etcd') taints.push({ key: 'node-role.kubernetes.io/etcd', value: 'true', effect: 'NoExecute' });
  if (roles.includes('controlplane') && !roles.includes('worker')) {
    taints.push({ key: 'node-role.kubernetes.io/controlplane', value: 'true', effect: 'NoSchedule' });
  }
  const seen = new Set(taints.map((t) => `${t.key}:${t.effect}`));
  for (const t of node.taints ?? []) {
    if (!t.key || RESERVED_TAINTS.has(t.key)) continue;
    const id = `${t.key}:${t.effect ?? ''}`;
    if (seen.has(id)) continue;
    seen.add(id);
    taints.push({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect ?? '' });
  }
  return { labels, taints };
}

export function desiredNodeMeta(config: ClusterConfig, previous: ClusterConfig | undefined): DesiredNodeMeta[] {
  return (config.nodes ?? []).map((n) => {
    const prev = previous?.nodes?.find((p) => p.address === n.address);
    const now = nodeLabelsAndTaints(n);
    const before = prev ? nodeLabelsAndTaints(prev) : { labels: {}, taints: [] };
    return { address: n.address ?? '', nodeName: nodeName(n), ...now, previousLabels: before.labels, previousTaints: before.taints };
  });
}
