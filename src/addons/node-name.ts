/** Which Kubernetes Node runs the addon jobs (RKE1 k8s.GetNode for ControlPlaneHosts[0]). Pure. */
import type { ClusterConfig } from '../config/index.js';

export interface NodeLike {
  metadata?: { name?: string; labels?: Record<string, string> };
  status?: { addresses?: Array<{ type: string; address: string }> };
}

export interface ControlPlaneHostRef {
  hostnameOverride: string;
  internalAddress: string;
}

/** The first node with the controlplane role, as RKE1 orders ControlPlaneHosts (config order). */
export function firstControlPlaneHost(config: Pick<ClusterConfig, 'nodes'>): ControlPlaneHostRef | undefined {
  const node = (config.nodes ?? []).find((n) => (n.role ?? []).includes('controlplane'));
  if (!node) return undefined;
  return {
    hostnameOverride: node.hostname_override || node.address || '',
    internalAddress: node.internal_address || node.address || '',
  };
}

/**
 * The Node whose `kubernetes.io/hostname` label equals the host's hostname_override (case
 * insensitive); with the `external-aws` cloud provider also a Node whose InternalIP is the host's
 * internal address.
 */
export function matchNode<N extends NodeLike>(nodes: readonly N[], host: ControlPlaneHostRef, cloudProviderName: string): N | undefined {
  const wanted = host.hostnameOverride.toLowerCase();
  for (const node of nodes) {
    if ((node.metadata?.labels?.['kubernetes.io/hostname'] ?? '').toLowerCase() === wanted) return node;
    if (cloudProviderName === 'external-aws' && host.internalAddress !== '') {
      if (node.status?.addresses?.some((a) => a.type === 'InternalIP' && a.address === host.internalAddress)) return node;
    }
  }
  return undefined;
}
