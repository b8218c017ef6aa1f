/**
 * Shapes shared by the RKE1 → RKE2 migration: the key-by-key assessment, the effects a cluster.yml
 * setting has on the RKE2 side, and the bundle written for the user. Pure data, no I/O.
 */
import type { ClusterConfig } from '../config/index.js';
import type { FullState } from '../state/index.js';

/**
 * What becomes of one cluster.yml setting on RKE2:
 * - `carried`: written into the bundle (config.yaml key, arg, file); nothing to do by hand.
 * - `default`: RKE2 behaves like this without any setting.
 * - `manual`: the user must do something (the note says what); the bundle may hold a starting point.
 * - `no-equivalent`: RKE2 has nothing like it; the note says what changes.
 * - `dropped`: only meaningful to RKE1's own machinery (SSH, Docker, images): nothing to carry.
 * - `unknown`: no rule for this key (a bug in the rule table when it shows up).
 */
export type MappingStatus = 'carried' | 'default' | 'manual' | 'no-equivalent' | 'dropped' | 'unknown';

export const MAPPING_STATUSES: readonly MappingStatus[] = ['carried', 'default', 'manual', 'no-equivalent', 'dropped', 'unknown'];

export interface AssessmentItem {
  /** cluster.yml key path as written, e.g. `services.kube-api.extra_args.v` or `nodes[1].labels.zone`. */
  key: string;
  /** Where the value came from: the file, RKE1's default for an unwritten key, the state file or the live cluster. */
  source: 'cluster.yml' | 'rke1-default' | 'cluster.rkestate' | 'live-cluster';
  /** Printable value (secrets redacted). */
  value: string;
  status: MappingStatus;
  /** The RKE2 side: `config.yaml: cluster-cidr`, a file path, a chart, or `-`. */
  rke2: string;
  note: string;
}

export interface Assessment {
  clusterName: string;
  kubernetesVersion: string;
  /** The RKE2 release line to install (same Kubernetes minor). */
  rke2VersionHint: string;
  items: AssessmentItem[];
  counts: Record<MappingStatus, number>;
  nodes: MigrationNode[];
}

/** Which RKE2 nodes get a config value or a file. */
export type Scope = 'servers' | 'agents' | 'all' | 'first-server' | { node: number };

export type ConfigValue = string | boolean | string[];

export interface ConfigEffect {
  kind: 'config';
  scope: Scope;
  key: string;
  /** A string[] value appends to a list key (`kubelet-arg`, `node-label`, ...); a scalar sets the key. */
  value: ConfigValue;
}

export interface FileEffect {
  kind: 'file';
  scope: Scope;
  /** Absolute path on the node, e.g. /etc/rancher/rke2/audit-policy.yaml. */
  path: string;
  content: string;
  mode: number;
}

export type Effect = ConfigEffect | FileEffect;

/** An RKE1 node as it becomes an RKE2 node. */
export interface MigrationNode {
  /** Index in cluster.yml `nodes`. */
  index: number;
  /** Kubernetes node name (RKE1: lower-cased hostname_override, else address); kept on RKE2. */
  name: string;
  address: string;
  internalAddress: string;
  sshUser: string;
  sshPort: string;
  rke1Roles: string[];
  rke2Role: 'server' | 'agent';
  /** The server that restores the snapshot (the first etcd node). */
  first: boolean;
}

/** What the live cluster said, when it answered. */
export interface LiveCluster {
  serverVersion?: string;
  nodes: { name: string; kubeletVersion: string; ready: boolean; internalIp?: string }[];
}

/** A snapshot taken for the migration and checked restorable. */
export interface SnapshotInfo {
  /** File name inside the bundle. */
  file: string;
  /** etcd host it was taken from. */
  host: string;
  sha256: string;
  sizeBytes: number;
  /** From `etcdutl snapshot status`. */
  revision: number;
  totalKeys: number;
  /** etcd's own hash from the status output. */
  hash: number;
  /** How it was verified (command run in a helper container). */
  verifiedWith: string;
  takenAt: string;
}

export interface MigrationInput {
  /** cluster.yml as written (before RKE1 defaults). */
  raw: ClusterConfig;
  /** cluster.yml after RKE1 defaults (what RKE1 deployed). */
  config: ClusterConfig;
  state: FullState;
  live?: LiveCluster;
  /** Random secret part of the cluster token (the caller draws it; goldens fix it). */
  tokenSecret: string;
  snapshot?: SnapshotInfo;
}

export interface BundleFile {
  /** Path relative to the bundle root. */
  path: string;
  content: string | Buffer;
  mode: number;
}
