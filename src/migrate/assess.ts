/**
 * The key-by-key assessment: every setting in cluster.yml (plus the RKE1 defaults that shape the
 * cluster, the state file's key material and, when reachable, the live cluster) with its RKE2
 * counterpart, and the config.yaml effects the bundle is built from. Pure.
 */
import type { ClusterConfig, NodeConfig } from '../config/index.js';
import { configLeaves, type Leaf } from './leaves.js';
import { RKE1_API_AUDIENCES, RKE1_SERVICE_ACCOUNT_ISSUER, RKE2_ENCRYPTION_CONFIG_FILE, RKE2_TLS_DIR } from './paths.js';
import { ruleFor } from './rules.js';
import type { Assessment, AssessmentItem, Effect, MappingStatus, MigrationInput, MigrationNode } from './types.js';
import { MAPPING_STATUSES } from './types.js';
import { printable } from './values.js';

/** RKE1 defaults worth stating even when cluster.yml does not write them (they shape the RKE2 config). */
const IMPLICIT_PATHS = [
  'kubernetes_version',
  'network.plugin',
  'services.kube-controller.cluster_cidr',
  'services.kube-api.service_cluster_ip_range',
  'services.kubelet.cluster_dns_server',
  'services.kubelet.cluster_domain',
  'services.kube-api.pod_security_configuration',
  'services.etcd.snapshot',
  'ingress.provider',
  'dns.provider',
  'monitoring.provider',
];

export interface AssessmentResult {
  assessment: Assessment;
  effects: Effect[];
}

export function migrationNodes(config: ClusterConfig): MigrationNode[] {
  const nodes = config.nodes ?? [];
  const isServer = (n: NodeConfig) => (n.role ?? []).some((r) => r === 'etcd' || r === 'controlplane');
  const firstIndex = Math.max(
    0,
    nodes.findIndex((n) => n.role?.includes('etcd')) >= 0 ? nodes.findIndex((n) => n.role?.includes('etcd')) : nodes.findIndex(isServer),
  );
  return nodes.map((n, index) => ({
    index,
    name: (n.hostname_override || n.address || '').toLowerCase(),
    address: n.address ?? '',
    internalAddress: n.internal_address || n.address || '',
    sshUser: n.user || 'root',
    sshPort: n.port || '22',
    rke1Roles: [...(n.role ?? [])],
    rke2Role: isServer(n) ? 'server' : 'agent',
    first: index === firstIndex && isServer(n),
  }));
}

function itemFor(leaf: Leaf, source: AssessmentItem['source'], config: ClusterConfig, effects: Effect[]): AssessmentItem {
  const rule = ruleFor(leaf.pattern);
  if (!rule) return { key: leaf.path, source, value: printable(leaf.path, leaf.value), status: 'unknown', rke2: '?', note: 'no mapping rule for this key' };
  const out = rule({ leaf, config });
  effects.push(...(out.effects ?? []));
  return { key: leaf.path, source, value: printable(leaf.path, leaf.value), status: out.status, rke2: out.rke2, note: out.note };
}

function stateItems(input: MigrationInput, effects: Effect[]): AssessmentItem[] {
  const bundle = input.state.currentState.certificatesBundle ?? input.state.desiredState.certificatesBundle ?? {};
  const items: AssessmentItem[] = [];
  const present = (name: string) => (bundle[name] ? 'present' : 'missing');
  items.push({
    key: 'certificatesBundle.kube-ca',
    source: 'cluster.rkestate',
    value: present('kube-ca'),
    status: bundle['kube-ca'] ? 'carried' : 'manual',
    rke2: `${RKE2_TLS_DIR}/{server-ca,client-ca,etcd/server-ca,etcd/peer-ca}.{crt,key}`,
    note: 'RKE1 signs everything with one CA: RKE2 gets it as server, client and etcd CA, so kubeconfigs and node certificates stay trusted',
  });
  items.push({
    key: 'certificatesBundle.kube-apiserver-requestheader-ca',
    source: 'cluster.rkestate',
    value: present('kube-apiserver-requestheader-ca'),
    status: bundle['kube-apiserver-requestheader-ca'] ? 'carried' : 'default',
    rke2: `${RKE2_TLS_DIR}/request-header-ca.{crt,key}`,
    note: 'aggregated APIs (metrics-server) keep trusting the front proxy',
  });
  const sa = bundle['kube-service-account-token'];
  items.push({
    key: 'certificatesBundle.kube-service-account-token',
    source: 'cluster.rkestate',
    value: present('kube-service-account-token'),
    status: sa ? 'carried' : 'manual',
    rke2: `${RKE2_TLS_DIR}/service.key; kube-apiserver-arg service-account-issuer=${RKE1_SERVICE_ACCOUNT_ISSUER}, api-audiences=${RKE1_API_AUDIENCES}`,
    note: 'same signing key, issuer and audience: service-account tokens issued by RKE1 stay valid',
  });
  if (sa) {
    effects.push({
      kind: 'config',
      scope: 'servers',
      key: 'kube-apiserver-arg',
      value: [`service-account-issuer=${RKE1_SERVICE_ACCOUNT_ISSUER}`, `api-audiences=${RKE1_API_AUDIENCES}`],
    });
  }
  const others = Object.keys(bundle).filter((k) => !['kube-ca', 'kube-apiserver-requestheader-ca', 'kube-service-account-token'].includes(k));
  if (others.length > 0) {
    items.push({
      key: 'certificatesBundle.(leaf certificates)',
      source: 'cluster.rkestate',
      value: others.sort().join(' '),
      status: 'default',
      rke2: `${RKE2_TLS_DIR}/*`,
      note: 'RKE2 issues its own component certificates from the carried CAs; RKE1 client certificates (kube-admin) keep working',
    });
  }
  if (input.state.desiredState.encryptionConfig || input.state.currentState.encryptionConfig) {
    items.push({
      key: 'encryptionConfig',
      source: 'cluster.rkestate',
      value: '<redacted>',
      status: 'carried',
      rke2: RKE2_ENCRYPTION_CONFIG_FILE,
      note: 'the keys that encrypt stored Secrets',
    });
  }
  return items;
}

function liveItems(input: MigrationInput, nodes: MigrationNode[]): AssessmentItem[] {
  const live = input.live;
  if (!live) {
    return [{ key: 'live cluster', source: 'live-cluster', value: 'not reachable', status: 'manual', rke2: '-', note: 'Node names and versions were not cross-checked: check them with kubectl before the move' }];
  }
  const items: AssessmentItem[] = [];
  if (live.serverVersion) {
    items.push({ key: 'live.serverVersion', source: 'live-cluster', value: live.serverVersion, status: 'manual', rke2: 'INSTALL_RKE2_CHANNEL', note: 'install the RKE2 release of this minor' });
  }
  const liveNames = new Set(live.nodes.map((n) => n.name));
  for (const node of nodes) {
    const found = live.nodes.find((n) => n.name === node.name);
    items.push({
      key: `live.nodes.${node.name}`,
      source: 'live-cluster',
      value: found ? `${found.ready ? 'Ready' : 'NotReady'} ${found.kubeletVersion}` : 'absent',
      status: found ? 'carried' : 'manual',
      rke2: `config.yaml: node-name: ${node.name}`,
      note: found ? 'the Node object keeps its name, labels and pods\' node binding' : 'no Node of this name: RKE2 registers a new Node',
    });
  }
  const configNames = new Set(nodes.map((n) => n.name));
  for (const name of [...liveNames].filter((n) => !configNames.has(n)).sort()) {
    items.push({ key: `live.nodes.${name}`, source: 'live-cluster', value: 'not in cluster.yml', status: 'manual', rke2: '-', note: 'delete this Node (kubectl delete node) or add it to the migration' });
  }
  return items;
}

function countOf(items: AssessmentItem[]): Record<MappingStatus, number> {
  const counts = Object.fromEntries(MAPPING_STATUSES.map((s) => [s, 0])) as Record<MappingStatus, number>;
  for (const i of items) counts[i.status]++;
  return counts;
}

export function rke2VersionHint(kubernetesVersion: string): string {
  const m = /^v1\.(\d+)/.exec(kubernetesVersion);
  return m ? `v1.${m[1]}` : 'same Kubernetes minor';
}

export function assess(input: MigrationInput): AssessmentResult {
  const effects: Effect[] = [];
  const items: AssessmentItem[] = [];
  const written = configLeaves(input.raw);
  const writtenPaths = new Set(written.map((l) => l.path));
  for (const leaf of written) items.push(itemFor(leaf, 'cluster.yml', input.config, effects));
  const effective = configLeaves(input.config);
  for (const path of IMPLICIT_PATHS) {
    if (writtenPaths.has(path)) continue;
    const leaf = effective.find((l) => l.path === path);
    if (leaf) items.push(itemFor(leaf, 'rke1-default', input.config, effects));
  }
  if (!writtenPaths.has('services.kube-api.secrets_encryption_config.enabled')) {
    const enabled = input.config.services?.['kube-api']?.secrets_encryption_config?.enabled ?? false;
    items.push(
      itemFor({ path: 'services.kube-api.secrets_encryption_config.enabled', pattern: 'services.kube-api.secrets_encryption_config.enabled', value: enabled }, 'rke1-default', input.config, effects),
    );
  }
  const nodes = migrationNodes(input.config);
  items.push(...stateItems(input, effects));
  items.push(...liveItems(input, nodes));
  const version = input.config.kubernetes_version ?? '';
  return {
    assessment: {
      clusterName: input.config.cluster_name || 'local',
      kubernetesVersion: version,
      rke2VersionHint: rke2VersionHint(version),
      items,
      counts: countOf(items),
      nodes,
    },
    effects,
  };
}
