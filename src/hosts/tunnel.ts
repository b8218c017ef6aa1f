/**
 * Opening the cluster's hosts at the start of a run (RKE1 cluster/hosts.go TunnelHosts): every
 * node in parallel, Docker facts collected, Docker version checked. A node that cannot be
 * contacted is logged and set aside as inactive; an unsupported Docker version is fatal (it is
 * not a connectivity problem). Afterwards RKE1 fails only when no etcd host is left; callers may
 * make more roles fatal with `fatalRoles`. Inactive hosts make the run end with
 * `provisioningIncompleteError`.
 */
import { HostError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { HostConnection, HostConnectionPool } from './connection-pool.js';
import { checkDockerVersion, factsFromDockerInfo, parseHostnameI, type HostFacts } from './host-facts.js';
import type { ClusterHost, HostRole } from './types.js';

export interface TunnelOptions {
  /** Docker versions the cluster's Kubernetes minor supports (version table). */
  supportedDockerVersions: readonly string[];
  ignoreDockerVersion: boolean;
  /** Roles whose unreachable hosts stop the run at once. RKE1: none (only "no etcd left"). */
  fatalRoles?: readonly HostRole[];
  /** External etcd (`services.etcd.external_urls`): no etcd host is required. */
  externalEtcd?: boolean;
  /** Ask each node for its addresses over SSH (`hostname -I`). Default true. */
  collectAddresses?: boolean;
  log?: Logger;
}

export interface ActiveHost {
  host: ClusterHost;
  connection: HostConnection;
  facts: HostFacts;
}

export interface InactiveHost {
  host: ClusterHost;
  error: Error;
}

export interface TunnelResult {
  active: ActiveHost[];
  inactive: InactiveHost[];
}

async function openOne(pool: HostConnectionPool, host: ClusterHost, opts: TunnelOptions): Promise<ActiveHost> {
  const connection = await pool.connect(host.spec);
  const info = await connection.docker.info();
  let addresses: string[] = [];
  if (opts.collectAddresses ?? true) {
    addresses = await connection.exec('hostname -I', 5_000).then(
      (r) => (r.code === 0 ? parseHostnameI(r.stdout) : []),
      () => [],
    );
  }
  const facts = factsFromDockerInfo(host.spec.address, info, addresses);
  opts.log?.debug(`Docker Info found for host [${host.spec.address}]: ${facts.dockerVersion}, ${facts.operatingSystem}, kernel ${facts.kernelVersion}, cgroup driver ${facts.cgroupDriver}`);
  checkDockerVersion(facts, opts.supportedDockerVersions, opts.ignoreDockerVersion);
  return { host, connection, facts };
}

export function isUnsupportedDockerVersion(err: unknown): boolean {
  return err instanceof Error && err.message.startsWith('Unsupported Docker version found');
}

/** RKE1's ValidateHostCount after inactive hosts are removed (pure). */
export function validateActiveHosts(all: readonly ClusterHost[], inactive: readonly ClusterHost[], opts: Pick<TunnelOptions, 'fatalRoles' | 'externalEtcd'>): void {
  const inactiveSet = new Set(inactive);
  for (const role of opts.fatalRoles ?? []) {
    const down = inactive.filter((h) => h.roles.includes(role)).map((h) => h.spec.address);
    if (down.length > 0) {
      throw new HostError(`Failed to contact ${role} host(s) [${down.join(',')}]: every ${role} host must be reachable`, { host: down[0] });
    }
  }
  if (opts.externalEtcd) return;
  const etcdLeft = all.filter((h) => h.roles.includes('etcd') && !inactiveSet.has(h));
  if (etcdLeft.length > 0) return;
  const failedEtcd = inactive.filter((h) => h.roles.includes('etcd')).map((h) => h.spec.address);
  if (failedEtcd.length > 0) {
    throw new HostError(`Cluster must have at least one etcd plane host: failed to connect to the following etcd host(s) [${failedEtcd.join(' ')}]`);
  }
  throw new HostError('Cluster must have at least one etcd plane host: please specify one or more etcd in cluster config');
}

/** The error `rke up` ends with when some hosts were skipped (RKE1 cmd/up.go checkAllIncluded). */
export function provisioningIncompleteError(inactive: readonly InactiveHost[] | readonly ClusterHost[]): HostError | undefined {
  if (inactive.length === 0) return undefined;
  const addresses = inactive.map((h) => ('host' in h ? h.host.spec.address : h.spec.address));
  return new HostError(`Provisioning incomplete, host(s) [${addresses.join(',')}] skipped because they could not be contacted`, {
    host: addresses[0],
  });
}

/** Connects to every host in parallel; see the module comment for the failure rules. */
export async function tunnelHosts(pool: HostConnectionPool, hosts: readonly ClusterHost[], opts: TunnelOptions): Promise<TunnelResult> {
  const settled = await Promise.allSettled(hosts.map((h) => openOne(pool, h, opts)));
  const active: ActiveHost[] = [];
  const inactive: InactiveHost[] = [];
  settled.forEach((r, i) => {
    const host = hosts[i] as ClusterHost;
    if (r.status === 'fulfilled') {
      active.push(r.value);
      return;
    }
    if (isUnsupportedDockerVersion(r.reason)) throw r.reason;
    const error = r.reason instanceof Error ? r.reason : new Error(String(r.reason));
    opts.log?.warn(`Failed to set up SSH tunneling for host [${host.spec.address}]: ${error.message}`);
    inactive.push({ host, error });
  });
  for (const { host } of inactive) opts.log?.warn(`Removing host [${host.spec.address}] from node lists`);
  validateActiveHosts(
    hosts,
    inactive.map((i) => i.host),
    opts,
  );
  return { active, inactive };
}
