/**
 * etcd membership changes for scaling (RKE1 services/etcd.go AddEtcdMember / RemoveEtcdMember /
 * ReloadEtcdCluster), done with `etcdctl` inside the `etcd` container of a healthy member: that
 * container already carries the client certificate and endpoint in its ETCDCTL_* environment.
 */
import { HostError } from '../errors.js';
import type { HostConnection } from '../hosts/connection-pool.js';
import type { ContainerSpec } from '../desired/index.js';
import type { Logger } from '../log/logger.js';
import type { ObservedEtcdMember } from '../plan/etcd-strays.js';

/** A member as `etcdctl member list` reports it: the shape the planner observes (plan/etcd-strays.ts). */
export type EtcdMember = ObservedEtcdMember;

/** `etcdctl member list` (simple format): `id, status, name, peer urls, client urls, is learner`. */
export function parseMemberList(out: string): EtcdMember[] {
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [id = '', status = '', name = '', peers = '', clients = ''] = line.split(',').map((f) => f.trim());
      return { id, status, name, peerUrls: peers ? peers.split(' ') : [], clientUrls: clients ? clients.split(' ') : [] };
    });
}

async function etcdctl(conn: HostConnection, args: string[]): Promise<string> {
  const out = await conn.docker.exec('etcd', ['etcdctl', ...args], { timeoutMs: 30_000 });
  if (out.exitCode !== 0) {
    throw new HostError(`etcdctl ${args.join(' ')} failed on host [${conn.address}]: ${(out.stderr || out.stdout).trim()}`, { host: conn.address });
  }
  return out.stdout;
}

export async function listMembers(conn: HostConnection): Promise<EtcdMember[]> {
  return parseMemberList(await etcdctl(conn, ['member', 'list']));
}

/** The first of `candidates` whose etcd answers a member list: the member changes go through it. */
export async function pickHealthyMember(candidates: HostConnection[]): Promise<{ conn: HostConnection; members: EtcdMember[] }> {
  const errors: string[] = [];
  for (const conn of candidates) {
    try {
      return { conn, members: await listMembers(conn) };
    } catch (err) {
      errors.push((err as Error).message);
    }
  }
  throw new HostError(`no healthy etcd member to change the member list through: ${errors.join('; ') || 'no etcd host reachable'}`);
}

export const peerUrl = (internalAddress: string) => `https://${internalAddress}:2380`;

/** The peer URL of a cluster.yml node: its internal address, or its address when it has none. */
export const nodePeerUrl = (n: { internal_address?: string | null; address?: string | null }) => peerUrl(n.internal_address || n.address || '');

/**
 * Adds the member unless it is one already. After the add the cluster may have no quorum until
 * the new member starts (1 → 2 members), so nothing is read back; a member list that times out is
 * taken as that state (a run killed between the add and the start) and the member is started.
 */
export async function ensureMemberAdded(
  via: HostConnection,
  name: string,
  internalAddress: string,
  retry: UnhealthyClusterRetry = DEFAULT_CHANGE_RETRY,
): Promise<'added' | 'member' | 'assumed'> {
  const url = peerUrl(internalAddress);
  let members: EtcdMember[];
  try {
    members = await listMembers(via);
  } catch (err) {
    if (/deadline exceeded/i.test((err as Error).message)) return 'assumed';
    throw err;
  }
  if (members.some((m) => m.peerUrls.includes(url))) return 'member';
  await changeWhenClusterAllows(() => etcdctl(via, ['member', 'add', name, `--peer-urls=${url}`]), retry);
  return 'added';
}

export interface UnhealthyClusterRetry {
  /** How long to keep asking while etcd answers "unhealthy cluster". */
  timeoutMs: number;
  intervalMs: number;
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_CHANGE_RETRY: UnhealthyClusterRetry = { timeoutMs: 90_000, intervalMs: 2_000 };

/**
 * etcd's strict reconfiguration check refuses a member add or remove ("etcdserver: unhealthy
 * cluster") until every started member has had an active peer connection for a few seconds, so the
 * change right after another member joined, or after a member's etcd was restarted, is refused for
 * a moment; it is asked again until the timeout. Any other error is final at once.
 */
export async function changeWhenClusterAllows<T>(change: () => Promise<T>, retry: UnhealthyClusterRetry = DEFAULT_CHANGE_RETRY): Promise<T> {
  const sleep = retry.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let waited = 0;
  for (;;) {
    try {
      return await change();
    } catch (err) {
      if (!/unhealthy cluster/i.test((err as Error).message) || waited >= retry.timeoutMs) throw err;
    }
    await sleep(retry.intervalMs);
    waited += retry.intervalMs;
  }
}

/** Removes the member found by name or peer address; false when it is not a member (any more). */
export async function ensureMemberRemoved(via: HostConnection, name: string, address: string): Promise<boolean> {
  const members = await listMembers(via);
  const member = members.find((m) => m.name === name || m.peerUrls.some((u) => u.includes(`//${address}:`)));
  if (!member) return false;
  await changeWhenClusterAllows(() => etcdctl(via, ['member', 'remove', member.id]));
  return true;
}

/** A member as initial-cluster names it: `etcd-<hostname>=https://<internal address>:2380`. */
export interface InitialMember {
  name: string;
  peerUrl: string;
}

/**
 * The first-start spec of a joining member: the cluster it joins is `existing`, and its
 * initial-cluster lists the members it will find (the ones before this run, those joined earlier
 * in this run) and itself — as RKE1 builds it from its ready etcd hosts, no etcd read needed.
 */
export function joinSpec(spec: ContainerSpec, members: InitialMember[]): ContainerSpec {
  const seen = new Set<string>();
  const cluster = members
    .filter((m) => !seen.has(m.peerUrl) && seen.add(m.peerUrl))
    .map((m) => `${m.name}=${m.peerUrl}`)
    .join(',');
  const cmd = spec.cmd.map((arg) => {
    if (arg.startsWith('--initial-cluster=')) return `--initial-cluster=${cluster}`;
    if (arg.startsWith('--initial-cluster-state=')) return '--initial-cluster-state=existing';
    return arg;
  });
  return { ...spec, cmd };
}

/**
 * The member list as one of `candidates` (hosts running an etcd member) reports it, for the planner
 * (stray members, plan/etcd-strays.ts); undefined when none answers (no quorum, no etcd yet):
 * nothing is then planned from it.
 */
export async function observeEtcdMembers(candidates: HostConnection[], log: Logger): Promise<EtcdMember[] | undefined> {
  if (candidates.length === 0) return undefined;
  try {
    return (await pickHealthyMember(candidates)).members;
  } catch (err) {
    log.debug(`etcd member list not read: ${(err as Error).message}`);
    return undefined;
  }
}
