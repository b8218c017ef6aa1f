/** Roles the generated cluster.yml gives to N lab nodes. Pure. */
export type Role = 'controlplane' | 'etcd' | 'worker';

/**
 * 1 node: all roles. 2 nodes: node 1 all roles, node 2 worker. 3+ nodes: etcd on nodes 1-3 (an odd,
 * HA member count), controlplane on node 1 only (so nodes 2.. run nginx-proxy, RKE's path for
 * nodes without a controlplane), worker everywhere (every node runs kubelet and kube-proxy anyway).
 */
export function defaultRoles(nodeCount: number): Role[][] {
  if (!Number.isInteger(nodeCount) || nodeCount < 1) {
    throw new RangeError(`node count must be a positive integer, got ${nodeCount}`);
  }
  const etcdCount = nodeCount >= 3 ? 3 : 1;
  return Array.from({ length: nodeCount }, (_, i) => {
    const roles: Role[] = [];
    if (i === 0) roles.push('controlplane');
    if (i < etcdCount) roles.push('etcd');
    roles.push('worker');
    return roles;
  });
}
