/**
 * `rke audit`: observe each node over its SSH connection (container command lines through the
 * node's Docker engine, file modes and owners with `stat`, sysctls from /proc/sys, the etcd account)
 * and evaluate src/audit's checks on what was seen. Reads only; changes nothing on the nodes.
 */
import { posix } from 'node:path';
import { auditNodes, parseAccounts, parseStatOutput, parseSysctlOutput, STAT_FORMAT, type AuditReport, type NodeFacts, type NodeRole } from '../audit/index.js';
import { loadClusterConfig, type CliConfigFlags, type ClusterConfig } from '../config/index.js';
import { HostError } from '../errors.js';
import { HostConnectionPool, type HostConnection } from '../hosts/connection-pool.js';
import { clusterHostsFromConfig } from '../hosts/from-config.js';
import type { ClusterHost } from '../hosts/types.js';
import type { Logger } from '../log/logger.js';
import { ETCD_ACCOUNT, REQUIRED_SYSCTLS } from '../profile/cis.js';
import { loadVersionTableAsync } from '../versions/index.js';

const COMPONENTS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy'] as const;
const ADMISSION_CONFIG = '/etc/kubernetes/admission.yaml';

function hostPaths(prefix: string): { stat: string[]; strip: (p: string) => string } {
  const root = prefix && prefix !== '/' ? prefix : '/';
  const at = (p: string) => posix.join(root, p);
  return {
    stat: [at('/etc/kubernetes'), `${at('/etc/kubernetes')}/*`, `${at('/etc/kubernetes/ssl')}/*`, at('/var/lib/etcd')],
    strip: (p) => (root === '/' ? p : posix.join('/', posix.relative(root, p))),
  };
}

/** Kernel settings, as the host has them. */
export async function readSysctls(conn: HostConnection): Promise<Record<string, string>> {
  const files = Object.keys(REQUIRED_SYSCTLS).map((k) => `/proc/sys/${k.replace(/\./g, '/')}`);
  return parseSysctlOutput((await conn.exec(`grep -H . ${files.join(' ')} 2>/dev/null; true`)).stdout);
}

/** The etcd user and group, as the host's account database has them. */
export async function readEtcdAccount(conn: HostConnection): Promise<NodeFacts['accounts']> {
  return parseAccounts((await conn.exec(`getent passwd ${ETCD_ACCOUNT}; getent group ${ETCD_ACCOUNT}; true`)).stdout);
}

function rolesOf(host: ClusterHost): NodeRole[] {
  return [...host.roles];
}

async function readContainers(conn: HostConnection): Promise<NodeFacts['containers']> {
  const containers: NodeFacts['containers'] = {};
  await Promise.all(
    COMPONENTS.map(async (name) => {
      const info = await conn.docker.inspectContainer(name);
      if (!info) return;
      containers[name] = {
        running: info.State.Running,
        args: [...(info.Config.Entrypoint ?? []), ...(info.Config.Cmd ?? [])],
        user: info.Config.User ?? '',
      };
    }),
  );
  return containers;
}

/** Everything the checks look at on one node. */
export async function gatherNodeFacts(conn: HostConnection, host: ClusterHost, prefixPath: string): Promise<NodeFacts> {
  const paths = hostPaths(prefixPath);
  const [containers, stat, sysctls, accounts] = await Promise.all([
    readContainers(conn),
    conn.exec(`stat -c '${STAT_FORMAT}' ${paths.stat.join(' ')} 2>/dev/null; true`),
    readSysctls(conn),
    readEtcdAccount(conn),
  ]);
  const files: NodeFacts['files'] = {};
  for (const f of Object.values(parseStatOutput(stat.stdout))) files[paths.strip(f.path)] = { ...f, path: paths.strip(f.path) };
  // admission.yaml is root-only; read it the way the API server does, from inside its container.
  const admission = files[ADMISSION_CONFIG];
  if (admission && containers['kube-apiserver']?.running) {
    const out = await conn.docker.exec('kube-apiserver', ['cat', ADMISSION_CONFIG]).catch(() => undefined);
    if (out && out.exitCode === 0) admission.content = out.stdout;
  }
  return {
    address: host.spec.address,
    hostname: (host.hostnameOverride || host.spec.address).toLowerCase(),
    roles: rolesOf(host),
    containers,
    files,
    sysctls,
    accounts,
  };
}

export interface AuditOptions {
  configPath: string;
  flags?: CliConfigFlags;
  log: Logger;
}

export interface ClusterAudit extends AuditReport {
  nodes: NodeFacts[];
  profile?: string;
}

/** Audits every node of cluster.yml; a node that cannot be reached is an error naming it. */
export async function auditCluster(opts: AuditOptions): Promise<ClusterAudit> {
  const table = await loadVersionTableAsync();
  const { config } = await loadClusterConfig(opts.configPath, { table, ...(opts.flags ? { flags: opts.flags } : {}) });
  const nodes = await gatherClusterFacts(config, opts.log);
  return { ...auditNodes(nodes), nodes, ...(config.profile ? { profile: config.profile } : {}) };
}

export async function gatherClusterFacts(config: ClusterConfig, log: Logger): Promise<NodeFacts[]> {
  const pool = new HostConnectionPool({ log });
  try {
    return await Promise.all(
      clusterHostsFromConfig(config).map(async (host) => {
        log.info(`[audit] Checking host [${host.spec.address}]`);
        let conn: HostConnection;
        try {
          conn = await pool.connect(host.spec);
        } catch (err) {
          throw new HostError(`Failed to audit host [${host.spec.address}]: ${(err as Error).message}`, { host: host.spec.address }, { cause: err });
        }
        return gatherNodeFacts(conn, host, config.prefix_path ?? '/');
      }),
    );
  } finally {
    await pool.closeAll();
  }
}
