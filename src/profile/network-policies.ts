/**
 * Default NetworkPolicies of the CIS profile (RKE2's practice, rke2 pkg/rke2/np.go, written anew):
 * in each listed namespace, pods accept traffic only from pods of the same namespace; in kube-system,
 * CoreDNS and metrics-server stay reachable from everywhere (every pod resolves names, the API server
 * reaches metrics-server from the host network). Egress is not restricted.
 */
import { DEFAULT_POLICY_NAMESPACES, NETWORK_POLICY_PLUGINS } from './cis.js';

export const DEFAULT_POLICY_NAME = 'default-network-policy';

function sameNamespaceOnly(namespace: string): string {
  return [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    `  name: ${DEFAULT_POLICY_NAME}`,
    `  namespace: ${namespace}`,
    'spec:',
    '  podSelector: {}',
    '  policyTypes:',
    '  - Ingress',
    '  ingress:',
    '  - from:',
    '    - podSelector: {}',
  ].join('\n');
}

function allowAllTo(name: string, app: string): string {
  return [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    `  name: ${name}`,
    '  namespace: kube-system',
    'spec:',
    '  podSelector:',
    '    matchLabels:',
    `      k8s-app: ${app}`,
    '  policyTypes:',
    '  - Ingress',
    '  ingress:',
    '  - {}',
  ].join('\n');
}

/** The manifests, as one multi-document YAML string. */
export function defaultNetworkPolicies(): string {
  const docs = DEFAULT_POLICY_NAMESPACES.map(sameNamespaceOnly);
  docs.push(allowAllTo('default-network-dns-policy', 'kube-dns'), allowAllTo('default-network-metrics-server-policy', 'metrics-server'));
  return docs.join('\n---\n');
}

/** Whether the network plugin enforces NetworkPolicy (flannel alone, and `none`, do not). */
export function pluginEnforcesNetworkPolicy(plugin: string | undefined): boolean {
  return (NETWORK_POLICY_PLUGINS as readonly string[]).includes(plugin ?? 'canal');
}
