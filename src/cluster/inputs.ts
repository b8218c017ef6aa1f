/**
 * Pure mappings from the effective cluster.yml to what each layer takes (PKI input, host
 * connection specs, node labels/taints). One place, so every layer sees the same defaults.
 */
import type { ClusterConfig, NodeConfig } from '../config/index.js';
import type { Role } from '../desired/index.js';
import type { DesiredNodeMeta, NodeTaint } from '../plan/nodes.js';

const ROLES: readonly Role[] = ['etcd', 'controlplane', 'worker'];

export function nodeRoles(node: NodeConfig): Role[] {
  return ROLES.filter((r) => node.role?.includes(r));
}

export function nodeName(node: NodeConfig): string {
  return (node.hostname_override || node.address || '').toLowerCase();
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
