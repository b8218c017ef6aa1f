/**
 * One run against a cluster: cluster.yml + version table + state file in, connected hosts,
 * desired state, observations and the plan out. `rke plan` stops at the plan; `rke up` runs it.
 */
import { createHash } from 'node:crypto';
import type { ClusterConfig, CliConfigFlags } from '../config/index.js';
import { fromRkeStateJson, loadClusterConfig, toRkeStateJson } from '../config/index.js';
import {
  buildClusterContext,
  buildDesiredCluster,
  type ClusterContext,
  type DesiredCluster,
  type DesiredHost,
  type DesiredStateInput,
  type NodeFacts,
  certPath,
  keyPath,
  kubeconfigPath,
} from '../desired/index.js';
import { HostConnectionPool, type HostConnection } from '../hosts/connection-pool.js';
import { provisioningIncompleteError, tunnelHosts, type InactiveHost } from '../hosts/tunnel.js';
import type { Logger } from '../log/logger.js';
import type { ObservedCluster, ObservedContainerState, ObservedHost, ObservedKubernetes } from '../observe/types.js';
import { adminKubeconfig, certsForNode, type CertificateBundle, type PkiInput } from '../pki/index.js';
import { planCluster, type AddonChangeInput, type RemovedHost } from '../plan/plan-cluster.js';
import type { Plan } from '../plan/types.js';
import { loadAndRebuildState, serializeState, type FullState, type JsonObject } from '../state/index.js';
import { loadVersionTableAsync, serviceOptionsFor, type VersionTable } from '../versions/index.js';
import type { KubernetesVersionInfo } from '../versions/types.js';
import { desiredNodeMeta, nodeRoles } from './inputs.js';
import { currentStateRkeConfig } from '../desired/current-state-config.js';
import { clusterHostsFromConfig } from '../hosts/from-config.js';
import { pkiInputFromConfig } from '../pki/from-config.js';
import { completeImageEnv, observeContainers, observeHost } from './observe.js';
import { kubeClientsFromKubeconfig, type KubeClients } from '../k8s/client.js';
import { isNodeReady } from '../k8s/nodes.js';
import { desiredEncryptionConfig, encryptionRebuildOptions } from './encryption-config.js';
import { applyCertificateExpiryPolicy } from './rotate-expiry.js';
import { observeEtcdMembers } from './etcd-members.js';

export interface SessionOptions {
  configPath: string;
  flags?: CliConfigFlags;
  customCerts?: boolean;
  certDir?: string;
  log: Logger;
  /** A provider file to run with instead of the one cluster.yml asks for (a step of turning encryption off). */
  encryptionProviderOverride?: string;
}

export interface PreparedState {
  table: VersionTable;
  config: ClusterConfig;
  version: KubernetesVersionInfo;
  statePath: string;
  previous: FullState | undefined;
  /** desiredState rebuilt from cluster.yml (certificates reused or generated); currentState carried over. */
  state: FullState;
  pki: PkiInput;
  bundle: CertificateBundle;
}

/** RKE1 ClusterInit: parse, default, validate, rebuild desired state. Writes nothing. */
export async function prepareState(opts: SessionOptions): Promise<PreparedState> {
  const table = await timed(opts.log, 'load version table', () => loadVersionTableAsync());
  const loaded = await timed(opts.log, 'load cluster.yml', () => loadClusterConfig(opts.configPath, { table, ...(opts.flags ? { flags: opts.flags } : {}) }));
  for (const w of loaded.warnings) opts.log.debug(`${w.path ? `${w.path}: ` : ''}${w.message}`);
  const config = loaded.config;
  const versionName = config.kubernetes_version || table.defaultVersion;
  const listed = table.versions[versionName];
  if (!listed) throw new Error(`Kubernetes version [${versionName}] is not in the version table`);
  // RKE1 picks service options by exact version, else by the minor of the hyperkube image tag.
  const version = { ...listed, serviceOptions: serviceOptionsFor(table, versionName, config.system_images?.kubernetes) };
  const pki = pkiInputFromConfig(config);
  const { statePath, previous, state } = await timed(opts.log, 'rebuild desired state', () => loadAndRebuildState(pki, {
    clusterFilePath: opts.configPath,
    rkeConfig: toRkeStateJson(config) as JsonObject,
    encryption: encryptionRebuildOptions(config),
    ...(opts.customCerts ? { customCerts: true, ...(opts.certDir ? { certDir: opts.certDir } : {}) } : {}),
  }));
  const encryptionConfig = opts.encryptionProviderOverride ?? desiredEncryptionConfig(config, state.desiredState.encryptionConfig);
  if (encryptionConfig === undefined) delete state.desiredState.encryptionConfig;
  else state.desiredState.encryptionConfig = encryptionConfig;
  keepUnchangedAdminCert(previous, state);
  await applyCertificateExpiryPolicy({ configPath: opts.configPath, pki, state, customCerts: opts.customCerts === true, log: opts.log });
  return { table, config, version, statePath, previous, state, pki, bundle: state.desiredState.certificatesBundle ?? {} };
}

const serverOf = (kubeconfig: string) => /server:\s*"?([^"\s]+)/.exec(kubeconfig)?.[1];

/**
 * RKE1 re-signs kube-admin on every up (same key, new validity). Where nothing else about it
 * changed, keeping the previous certificate makes an unchanged cluster plan to nothing; it is
 * still signed by the same CA for the same key and API address. Its configPath is not compared:
 * RKE1 records `./kube_config_cluster.yml` on a fresh cluster and the --config based path on
 * every later run, so with an absolute --config the second run would always differ; the path is
 * informational (the local kubeconfig is written from the --config path, not from the state).
 */
function keepUnchangedAdminCert(previous: FullState | undefined, state: FullState): void {
  const before = previous?.desiredState.certificatesBundle;
  const after = state.desiredState.certificatesBundle;
  const old = before?.['kube-admin'];
  const now = after?.['kube-admin'];
  if (!before || !after || !old || !now) return;
  const sameCa = before['kube-ca']?.certificatePEM === after['kube-ca']?.certificatePEM;
  if (sameCa && old.keyPEM === now.keyPEM && serverOf(old.config) === serverOf(now.config)) {
    after['kube-admin'] = old;
  }
}

export function controlPlaneAddress(config: ClusterConfig): string | undefined {
  return config.nodes?.find((n) => nodeRoles(n).includes('controlplane'))?.address;
}

export function adminKubeconfigFor(prepared: PreparedState): string | undefined {
  const cp = controlPlaneAddress(prepared.config);
  return cp ? adminKubeconfig(prepared.bundle, cp, prepared.config.cluster_name || 'local') : undefined;
}

/** RKE1 ToEnv: what cert-deployer reads to write a host's certificates and kubeconfigs. */
export function certEnvForHost(prepared: PreparedState, host: DesiredHost): string[] {
  const env: string[] = [];
  for (const c of Object.values(certsForNode(prepared.pki, prepared.bundle, host.address))) {
    if (c.certificatePEM) env.push(`${c.envName}=${c.certificatePEM}`);
    if (c.keyPEM) env.push(`${c.keyEnvName}=${c.keyPEM}`);
    if (c.config && c.configEnvName) env.push(`${c.configEnvName}=${c.config}`);
  }
  return env;
}

function joinPrefix(prefix: string, path: string): string {
  return `${prefix.replace(/\/+$/, '')}${path}`;
}

export function certificateFiles(prepared: PreparedState) {
  return (host: DesiredHost, name: string): string[] => {
    const entry = prepared.bundle[name];
    const files = [certPath(name)];
    if (entry?.keyPEM && !(name === 'kube-ca' && !host.roles.includes('controlplane'))) files.push(keyPath(name));
    if (entry?.config) files.push(kubeconfigPath(name));
    return files.map((f) => joinPrefix(host.prefixPath, f));
  };
}

export function changedCertificates(state: FullState): string[] {
  const before = state.currentState.certificatesBundle;
  const after = state.desiredState.certificatesBundle ?? {};
  if (!before) return [];
  return Object.keys(after).filter((k) => before[k] && (before[k]!.certificatePEM !== after[k]!.certificatePEM || before[k]!.keyPEM !== after[k]!.keyPEM));
}

/** currentState after a successful run = the desired state. */
export function convergedState(state: FullState): FullState {
  // RKE1 records the config after a second defaults pass as current (desired/current-state-config.ts).
  const rkeConfig = currentStateRkeConfig(state.desiredState.rkeConfig);
  return { desiredState: state.desiredState, currentState: { ...state.desiredState, ...(rkeConfig ? { rkeConfig } : {}) } };
}

const digest = (s: FullState) => createHash('sha256').update(serializeState(s)).digest('hex');

export function stateNeedsWrite(prepared: PreparedState): boolean {
  if (!prepared.previous) return true;
  return digest(prepared.previous) !== digest(convergedState(prepared.state));
}

export function removedHosts(prepared: PreparedState): RemovedHost[] {
  const current = prepared.state.currentState.rkeConfig ? fromRkeStateJson(prepared.state.currentState.rkeConfig) : undefined;
  const now = new Set((prepared.config.nodes ?? []).map((n) => n.address));
  return (current?.nodes ?? [])
    .filter((n) => !now.has(n.address))
    .map((n) => ({ address: n.address ?? '', hostname: (n.hostname_override || n.address || '').toLowerCase(), roles: nodeRoles(n) }));
}

export interface ConnectedCluster {
  pool: HostConnectionPool;
  connections: Map<string, HostConnection>;
  facts: Record<string, ObservedHost>;
  containers: Record<string, Record<string, ObservedContainerState>>;
  inactive: InactiveHost[];
}

export async function connectCluster(prepared: PreparedState, opts: { log: Logger; ignoreDockerVersion: boolean }): Promise<ConnectedCluster> {
  const pool = new HostConnectionPool({ log: opts.log });
  const hosts = clusterHostsFromConfig(prepared.config);
  const externalEtcd = (prepared.config.services?.etcd?.external_urls ?? []).length > 0;
  const result = await tunnelHosts(pool, hosts, {
    supportedDockerVersions: prepared.version.dockerVersions,
    ignoreDockerVersion: opts.ignoreDockerVersion,
    externalEtcd,
    collectAddresses: false,
    log: opts.log,
  });
  const connections = new Map<string, HostConnection>();
  const facts: Record<string, ObservedHost> = {};
  const containers: Record<string, Record<string, ObservedContainerState>> = {};
  await Promise.all(
    result.active.map(async (a) => {
      connections.set(a.host.spec.address, a.connection);
      const listed = await observeContainers(a.connection);
      containers[a.host.spec.address] = listed;
      // images and files right away, host by host: a no-op run needs no second round trip later
      facts[a.host.spec.address] = await observeHost(
        a.connection,
        {
          dockerRootDir: a.facts.dockerRootDir || '/var/lib/docker',
          architecture: a.facts.architecture,
          selinuxEnabled: a.facts.securityOptions.some((o) => o.includes('selinux')),
          operatingSystem: a.facts.operatingSystem,
          dockerVersion: a.facts.dockerVersion,
        },
        listed,
      );
    }),
  );
  for (const i of result.inactive) facts[i.host.spec.address] = { address: i.host.spec.address, reachable: false, error: i.error.message };
  await connectRemovedHosts(pool, prepared, connections, opts.log);
  return { pool, connections, facts, containers, inactive: result.inactive };
}

/**
 * Hosts gone from cluster.yml but in the last state: connected (with their last known SSH
 * settings) so that they can be cleaned. One that cannot be reached is only warned about.
 */
async function connectRemovedHosts(pool: HostConnectionPool, prepared: PreparedState, connections: Map<string, HostConnection>, log: Logger): Promise<void> {
  const removed = new Set(removedHosts(prepared).map((r) => r.address));
  if (removed.size === 0) return;
  const previous = fromRkeStateJson(prepared.state.currentState.rkeConfig!);
  await Promise.all(
    clusterHostsFromConfig(previous)
      .filter((h) => removed.has(h.spec.address))
      .map(async (h) => {
        try {
          connections.set(h.spec.address, await pool.connect(h.spec));
          log.info(`[dialer] Setup tunnel for removed host [${h.spec.address}]`);
        } catch (err) {
          log.warn(`[dialer] Failed to set up SSH tunneling for removed host [${h.spec.address}]: ${(err as Error).message}`);
        }
      }),
  );
}

export interface DesiredAndContext {
  desired: DesiredCluster;
  ctx: ClusterContext;
}

export function buildDesired(prepared: PreparedState, connected: ConnectedCluster): DesiredAndContext {
  const nodeFacts: Record<string, NodeFacts> = {};
  for (const [addr, o] of Object.entries(connected.facts)) if (o.reachable) nodeFacts[addr] = o.facts;
  // Unreachable hosts still need facts to be planned around; RKE1 leaves them out of the node lists.
  const config = { ...prepared.config, nodes: (prepared.config.nodes ?? []).filter((n) => nodeFacts[n.address ?? '']) };
  const input: DesiredStateInput = {
    config: config as DesiredStateInput['config'],
    version: prepared.version,
    nodeFacts,
    defaultRkeToolsImage: prepared.table.versions[prepared.table.defaultVersion]?.systemImages.alpine,
    encryptionProviderFile: prepared.state.desiredState.encryptionConfig ?? '',
  };
  return { desired: buildDesiredCluster(input), ctx: buildClusterContext(input) };
}

/** A promise that rejects after `ms` unless `p` settles first (the timer never outlives the race). */
async function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The Kubernetes API through the admin credentials: the first control plane (where the local
 * kubeconfig points), else the next one that answers, so an HA cluster with one kube-apiserver
 * down is still observed (its addons and nodes are not planned as unknown). Undefined when none answers.
 */
export async function observeKubernetes(prepared: PreparedState, log: Logger): Promise<{ clients: KubeClients; observed: ObservedKubernetes } | undefined> {
  if (!prepared.previous?.currentState.rkeConfig) return undefined;
  const addresses = (prepared.config.nodes ?? []).filter((n) => nodeRoles(n).includes('controlplane')).map((n) => n.address ?? '');
  const clusterName = prepared.config.cluster_name || 'local';
  for (const address of addresses) {
    const clients = kubeClientsFromKubeconfig(adminKubeconfig(prepared.bundle, address, clusterName));
    try {
      const list = await within(clients.core.listNode(), 5_000);
      const nodes: ObservedKubernetes['nodes'] = {};
      for (const n of list.items) {
        nodes[n.metadata?.name ?? ''] = {
          labels: n.metadata?.labels ?? {},
          taints: (n.spec?.taints ?? []).map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect })),
          ready: isNodeReady(n),
        };
      }
      if (address !== addresses[0]) log.warn(`Kubernetes API on [${addresses[0]}] did not answer; observed the cluster through [${address}]`);
      return { clients, observed: { nodes } };
    } catch (err) {
      log.debug(`Kubernetes API on [${address}] not reachable: ${(err as Error).message}`);
    }
  }
  return undefined;
}

export interface Session {
  prepared: PreparedState;
  connected: ConnectedCluster;
  desired: DesiredCluster;
  ctx: ClusterContext;
  observed: ObservedCluster;
  kube?: KubeClients;
  plan: Plan;
}

/** Runs `fn` and logs how long it took at debug level (`rke --debug plan` shows where time goes). */
async function timed<T>(log: Logger, what: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    log.debug(`[timing] ${what}: ${Math.round(performance.now() - started)} ms`);
  }
}

/** A promise started now and awaited later: its rejection is not "unhandled" in between. */
function startEarly<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/** Connections to the hosts of the last run's etcd plane whose etcd container is running. */
function runningEtcdMembers(previous: ClusterConfig | undefined, connected: ConnectedCluster): HostConnection[] {
  return (previous?.nodes ?? [])
    .filter((n) => n.role?.includes('etcd') && connected.containers[n.address ?? '']?.etcd?.State.Running)
    .flatMap((n) => connected.connections.get(n.address ?? '') ?? []);
}

export async function openSession(
  opts: SessionOptions & { ignoreDockerVersion: boolean; addonChanges: (p: PreparedState, kube: KubeClients | undefined) => Promise<AddonChangeInput[]> },
): Promise<Session> {
  const log = opts.log;
  const prepared = await timed(log, 'read cluster.yml, version table and state', () => prepareState(opts));
  // The Kubernetes API and the addon state need only the prepared state: ask them while the hosts
  // are being contacted (a no-op run is mostly waiting on the network).
  const kubeP = startEarly(timed(log, 'observe Kubernetes nodes', () => observeKubernetes(prepared, log)));
  const addonsP = startEarly(kubeP.then((k) => timed(log, 'observe addons', () => opts.addonChanges(prepared, k?.clients))));
  const connected = await timed(log, 'connect hosts, observe containers, images and files', () =>
    connectCluster(prepared, { log, ignoreDockerVersion: opts.ignoreDockerVersion }),
  );
  try {
    const previousConfig = prepared.state.currentState.rkeConfig ? fromRkeStateJson(prepared.state.currentState.rkeConfig) : undefined;
    const membersP = startEarly(timed(log, 'observe etcd members', () => observeEtcdMembers(runningEtcdMembers(previousConfig, connected), log)));
    const { desired, ctx } = buildDesired(prepared, connected);
    const hosts: Record<string, ObservedHost> = { ...connected.facts };
    await timed(log, 'observe images of changed containers', () =>
      Promise.all(
        desired.hosts.map(async (h) => {
          const conn = connected.connections.get(h.address);
          const observedHost = hosts[h.address];
          if (conn && observedHost?.reachable) await completeImageEnv(conn, observedHost, h);
        }),
      ),
    );
    const etcdMembers = await membersP;
    const kube = await kubeP;
    const observed: ObservedCluster = { hosts, ...(kube ? { kubernetes: kube.observed } : {}), ...(etcdMembers ? { etcdMembers } : {}) };
    const plan = planCluster({
      desired,
      observed,
      certificateFiles: certificateFiles(prepared),
      changedCertificates: changedCertificates(prepared.state),
      removedHosts: removedHosts(prepared),
      addonChanges: await addonsP,
      nodeMeta: desiredNodeMeta(prepared.config, previousConfig),
      stateChanged: stateNeedsWrite(prepared),
      stateFile: prepared.statePath,
    });
    return { prepared, connected, desired, ctx, observed, ...(kube ? { kube: kube.clients } : {}), plan };
  } catch (err) {
    await connected.pool.closeAll();
    throw err;
  }
}

export { provisioningIncompleteError };
