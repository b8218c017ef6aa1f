/** RKE1's host clean-up (cluster/remove.go, hosts.CleanUpAll): stop and remove RKE containers, empty RKE's directories. */
import { buildKubeCleaner, buildLogCleaner, cleanupPaths, toDockerCreateOptions, type ClusterContext, type HostContext, type Role } from '../desired/index.js';
import type { HostConnection } from '../hosts/connection-pool.js';
import type { PrivateRegistryAuth } from '../hosts/registry-auth.js';
import type { Logger } from '../log/logger.js';

const WORKER = ['kubelet', 'kube-proxy', 'nginx-proxy', 'service-sidekick'];
const CONTROL = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];
const ETCD = ['etcd-rolling-snapshots', 'etcd'];

/** A HostContext for a node that is no longer in cluster.yml (or for remove), from what is known of it. */
export function hostContextFor(ctx: ClusterContext, address: string, roles: Role[], hostname = address): HostContext {
  const known = ctx.allNodes.find((h) => h.address === address);
  if (known) return known;
  const template = ctx.allNodes[0];
  return {
    address,
    internalAddress: address,
    hostname,
    roles,
    isEtcd: roles.includes('etcd'),
    isControl: roles.includes('controlplane'),
    isWorker: roles.includes('worker'),
    prefixPath: template?.prefixPath ?? '/',
    facts: template?.facts ?? { dockerRootDir: '/var/lib/docker', architecture: 'x86_64', selinuxEnabled: false },
    existingEtcdCluster: false,
  };
}

export async function cleanHost(
  conn: HostConnection,
  ctx: ClusterContext,
  host: HostContext,
  opts: { externalEtcd: boolean; registries: PrivateRegistryAuth[]; log: Logger; removePodContainers?: boolean },
): Promise<void> {
  const containers = [...WORKER, ...CONTROL, ...(opts.externalEtcd ? [] : ETCD)];
  for (const name of containers) {
    if (!(await conn.docker.inspectContainer(name))) continue;
    opts.log.info(`[remove/${name}] Removing container [${name}] on host [${host.address}]`);
    await conn.docker.stopContainer(name).catch(() => undefined);
    await conn.docker.removeContainer(name);
  }
  if (opts.removePodContainers) await removePodContainers(conn, host, opts.log);
  opts.log.info(`[hosts] Cleaning up host [${host.address}]`);
  for (const spec of [buildKubeCleaner(ctx, host, cleanupPaths(host, 'all', { externalEtcd: opts.externalEtcd })), buildLogCleaner(ctx, host)]) {
    // RKE1 waits for the cleaner and ignores its exit code: `find -delete` exits 1 on a directory
    // that is itself a bind mount in the cleaner (e.g. /etc/kubernetes/.tmp), after deleting the rest.
    const out = await conn.docker.runOnce({ name: spec.name, config: toDockerCreateOptions(spec), registries: opts.registries });
    if (out.exitCode !== 0) opts.log.warn(`[hosts] [${spec.name}] on host [${host.address}] exited ${out.exitCode}: ${(out.stderr || out.stdout).trim().slice(0, 300)}`);
  }
}

/**
 * The containers of the kubelet's pods (cri-dockerd labels them io.kubernetes.docker.type). With the
 * kubelet gone and its directories emptied they are orphans; a kubelet starting afresh would adopt
 * them as running and never re-run their init containers (e.g. the CNI plugin's install step,
 * whose files the cleaner deleted), so nodes would stay NotReady after an etcd restore.
 */
async function removePodContainers(conn: HostConnection, host: HostContext, log: Logger): Promise<void> {
  const pods = await conn.docker.listContainers({ all: true, filters: { label: ['io.kubernetes.docker.type'] } });
  if (pods.length === 0) return;
  log.info(`[remove/pods] Removing [${pods.length}] pod container(s) of the old cluster on host [${host.address}]`);
  for (const c of pods) await conn.docker.removeContainer(c.Id);
}
