/**
 * Before `rke up` changes a host: a cluster.yml with a hardened `profile` needs the kernel settings
 * the kubelet's --protect-kernel-defaults insists on, and (etcd hosts) the etcd account that owns
 * etcd's data. Checked on every reachable host at once; one error lists every host and setting.
 */
import { hostRequirementProblems } from '../audit/preflight.js';
import type { ClusterConfig } from '../config/index.js';
import { HostError } from '../errors.js';
import type { HostConnection } from '../hosts/connection-pool.js';
import { clusterHostsFromConfig } from '../hosts/from-config.js';
import type { Logger } from '../log/logger.js';
import { profileNotes } from '../profile/overlay.js';
import { readEtcdAccount, readSysctls } from './audit.js';

export async function checkProfileHosts(config: ClusterConfig, connections: ReadonlyMap<string, HostConnection>, log: Logger): Promise<void> {
  if (!config.profile) return;
  for (const note of profileNotes(config)) log.warn(`[profile] ${note}`);
  const etcd = config.services?.etcd;
  const etcdIds = etcd?.uid && etcd.gid && (etcd.external_urls ?? []).length === 0 ? { uid: etcd.uid, gid: etcd.gid } : undefined;
  const problems = await Promise.all(
    clusterHostsFromConfig(config).map(async (host) => {
      const conn = connections.get(host.spec.address);
      if (!conn) return [];
      const [sysctls, accounts] = await Promise.all([readSysctls(conn), readEtcdAccount(conn)]);
      return hostRequirementProblems({ address: host.spec.address, roles: [...host.roles], sysctls, accounts }, etcdIds);
    }),
  );
  const all = problems.flat();
  if (all.length === 0) {
    log.info(`[profile] Hosts meet the requirements of profile [${config.profile}]`);
    return;
  }
  const first = clusterHostsFromConfig(config).find((h) => all[0]?.startsWith(`[${h.spec.address}]`));
  throw new HostError(
    `Hosts do not meet the requirements of profile [${config.profile}]:\n  - ${all.join('\n  - ')}`,
    first ? { host: first.spec.address } : {},
  );
}
