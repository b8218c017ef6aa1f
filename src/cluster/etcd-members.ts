/**
 * etcd membership changes for scaling (RKE1 services/etcd.go AddEtcdMember / RemoveEtcdMember /
 * ReloadEtcdCluster), done with `etcdctl` inside the `etcd` container of a healthy member: that
 * container already carries the client certificate and endpoint in its ETCDCTL_* environment.
 */
import { HostError } from '../errors.js';
import type { HostConnection } from '../hosts/connection-pool.js';
import type { ContainerSpec } from '../desired/index.js';

export interface EtcdMember {
  id: string;
  status: string;
  name: string;
  peerUrls: string[];
  clientUrls: string[];
}

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

/** Adds the member unless a crash left it added already; returns the member list including it. */
export async function ensureMemberAdded(via: HostConnection, name: string, internalAddress: string): Promise<EtcdMember[]> {
  const url = peerUrl(internalAddress);
  const members = await listMembers(via);
  if (members.some((m) => m.peerUrls.includes(url))) return members;
  await etcdctl(via, ['member', 'add', name, `--peer-urls=${url}`]);
  return listMembers(via);
}

/** Removes the member found by name or peer address; false when it is not a member (any more). */
export async function ensureMemberRemoved(via: HostConnection, name: string, address: string): Promise<boolean> {
  const members = await listMembers(via);
  const member = members.find((m) => m.name === name || m.peerUrls.some((u) => u.includes(`//${address}:`)));
  if (!member) return false;
  await etcdctl(via, ['member', 'remove', member.id]);
  return true;
}

/**
 * The first-start spec of a joining member: the cluster it joins is `existing`, and its
 * initial-cluster is the member list as etcd has it now (the new member has no name yet).
 */
export function joinSpec(spec: ContainerSpec, members: EtcdMember[], joiningName: string, joiningPeerUrl: string): ContainerSpec {
  const cluster = members
    .flatMap((m) => m.peerUrls.map((u) => `${m.name || (u === joiningPeerUrl ? joiningName : '')}=${u}`))
    .filter((entry) => !entry.startsWith('='))
    .join(',');
  const cmd = spec.cmd.map((arg) => {
    if (arg.startsWith('--initial-cluster=')) return `--initial-cluster=${cluster}`;
    if (arg.startsWith('--initial-cluster-state=')) return '--initial-cluster-state=existing';
    return arg;
  });
  return { ...spec, cmd };
}
