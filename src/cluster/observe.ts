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
 * directory (docker cp works on stopped containers too), so no helper container is started. The
 * host directory comes from the bind itself, so this needs no desired state and can run as soon as
 * the containers are listed. A node with no such container has had nothing deployed by RKE: empty map.
 */
export async function observeKubeFiles(conn: HostConnection, containers: Record<string, ObservedContainerState>): Promise<Record<string, string>> {
  let source: { container: string; hostDir: string } | undefined;
  for (const [name, c] of Object.entries(containers)) {
    const bind = (c.HostConfig.Binds ?? []).find((b) => b.split(':')[1] === KUBE_DIR);
    if (bind) {
      source = { container: name, hostDir: bind.split(':')[0]! };
      break;
    }
  }
  if (!source) return {};
  const entries = await conn.docker.getArchive(source.container, KUBE_DIR);
  const files: Record<string, string> = {};
  for (const e of entries) {
    if (e.type !== 'file' || !e.data) continue;
    // Archive names are relative to the parent of the requested path: kubernetes/ssl/kube-ca.pem
    const rel = e.name.replace(/^\.?\/?kubernetes\/?/, '');
    files[posix.join(source.hostDir, rel)] = createHash('md5').update(e.data).digest('hex');
  }
  return files;
}

/** Everything observable on a host from its containers alone: the env of their images and the deployed files. */
export async function observeHost(
  conn: HostConnection,
  facts: ReachableHost['facts'],
  containers: Record<string, ObservedContainerState>,
): Promise<ReachableHost> {
  const images = Object.values(containers).map((c) => c.Config.Image);
  const [imageEnv, files] = await Promise.all([observeImageEnv(conn, images), observeKubeFiles(conn, containers)]);
  return { address: conn.address, reachable: true, facts, containers, imageEnv, files };
}

/** Adds the env of the desired images not seen yet (only when an image changes: a no-op run skips this round trip). */
export async function completeImageEnv(conn: HostConnection, host: ReachableHost, desired: DesiredHost): Promise<void> {
  const missing = Object.values(desired.containers).map((c) => c.image).filter((i) => !(i in host.imageEnv));
  if (missing.length > 0) Object.assign(host.imageEnv, await observeImageEnv(conn, missing));
}
