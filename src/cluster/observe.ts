/** Reads what runs on each node: RKE-managed containers, image env, the files RKE deploys. */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { ContainerInspectInfo } from 'dockerode';
import type { DesiredHost } from '../desired/index.js';
import type { HostConnection } from '../hosts/connection-pool.js';
import type { ObservedContainerState, ReachableHost } from '../observe/types.js';
import { MANAGED_CONTAINERS } from '../plan/containers.js';

const KUBE_DIR = '/etc/kubernetes';

export async function observeContainers(conn: HostConnection): Promise<Record<string, ObservedContainerState>> {
  const found = await Promise.all(Object.keys(MANAGED_CONTAINERS).map((name) => conn.docker.inspectContainer(name)));
  const out: Record<string, ObservedContainerState> = {};
  for (const info of found) {
    if (!info) continue;
    out[info.Name.replace(/^\//, '')] = toObserved(info);
  }
  return out;
}

export function toObserved(info: ContainerInspectInfo): ObservedContainerState {
  return {
    Id: info.Id,
    Config: { Image: info.Config.Image, Entrypoint: info.Config.Entrypoint as string[] | string | null, Cmd: info.Config.Cmd, Env: info.Config.Env },
    HostConfig: { Binds: info.HostConfig.Binds ?? null, SecurityOpt: info.HostConfig.SecurityOpt ?? null },
    State: { Running: info.State.Running, Restarting: info.State.Restarting, Status: info.State.Status, ExitCode: info.State.ExitCode },
  };
}

/** Default env of each image; null for an image not present on the node. */
export async function observeImageEnv(conn: HostConnection, images: Iterable<string>): Promise<Record<string, string[] | null>> {
  const out: Record<string, string[] | null> = {};
  await Promise.all(
    [...new Set(images)].map(async (image) => {
      try {
        const info = await conn.docker.api.getImage(image).inspect();
        out[image] = info.Config?.Env ?? [];
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode !== 404) throw err;
        out[image] = null;
      }
    }),
  );
  return out;
}

/**
 * md5 of every file under <prefix>/etc/kubernetes, read through a container that binds that
 * directory (docker cp works on stopped containers too), so no helper container is started.
 * A node with no such container has had nothing deployed by RKE: empty map.
 */
export async function observeKubeFiles(
  conn: HostConnection,
  prefixPath: string,
  containers: Record<string, ObservedContainerState>,
): Promise<Record<string, string>> {
  const hostDir = posix.join(prefixPath, KUBE_DIR);
  const source = Object.entries(containers).find(([, c]) => (c.HostConfig.Binds ?? []).some((b) => b.startsWith(`${hostDir}:${KUBE_DIR}`)));
  if (!source) return {};
  const entries = await conn.docker.getArchive(source[0], KUBE_DIR);
  const files: Record<string, string> = {};
  for (const e of entries) {
    if (e.type !== 'file' || !e.data) continue;
    // Archive names are relative to the parent of the requested path: kubernetes/ssl/kube-ca.pem
    const rel = e.name.replace(/^\.?\/?kubernetes\/?/, '');
    files[posix.join(hostDir, rel)] = createHash('md5').update(e.data).digest('hex');
  }
  return files;
}

export async function observeHost(
  conn: HostConnection,
  facts: ReachableHost['facts'],
  desired: DesiredHost,
  containers: Record<string, ObservedContainerState>,
): Promise<ReachableHost> {
  const images = [...Object.values(desired.containers).map((c) => c.image), ...Object.values(containers).map((c) => c.Config.Image)];
  const [imageEnv, files] = await Promise.all([observeImageEnv(conn, images), observeKubeFiles(conn, desired.prefixPath, containers)]);
  return { address: conn.address, reachable: true, facts, containers, imageEnv, files };
}
