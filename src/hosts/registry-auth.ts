/**
 * Which `private_registries` entry applies to an image, and the X-Registry-Auth it sends.
 * Matching follows RKE1 (docker/docker.go GetImageRegistryConfig): the registry is the image's
 * domain (docker.io when the first path component is not a host), extended by the repository
 * path minus its last two components when the path is deeper than two, so
 * `repo.com/foo/bar/rancher/rke-tools:v1` matches an entry with url `repo.com/foo/bar`.
 */
export interface PrivateRegistryAuth {
  /** cluster.yml `private_registries[].url` */
  url: string;
  user?: string;
  password?: string;
}

export const DOCKER_HUB = 'docker.io';

/** Splits an image reference into domain and repository path (tag and digest removed). */
export function splitImageReference(image: string): { domain: string; path: string } {
  let ref = image.trim();
  const at = ref.indexOf('@');
  if (at !== -1) ref = ref.slice(0, at);
  const lastSlash = ref.lastIndexOf('/');
  const lastColon = ref.lastIndexOf(':');
  if (lastColon > lastSlash) ref = ref.slice(0, lastColon);
  const slash = ref.indexOf('/');
  const first = slash === -1 ? '' : ref.slice(0, slash);
  if (first && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    return { domain: first, path: ref.slice(slash + 1) };
  }
  return { domain: DOCKER_HUB, path: slash === -1 ? `library/${ref}` : ref };
}

/** The registry key RKE1 looks an image up under. */
export function registryKeyForImage(image: string): string {
  const { domain, path } = splitImageReference(image);
  const parts = path.split('/');
  return parts.length > 2 ? `${domain}/${parts.slice(0, -2).join('/')}` : domain;
}

export function findRegistryAuth(image: string, registries: readonly PrivateRegistryAuth[]): PrivateRegistryAuth | undefined {
  if (registries.length === 0) return undefined;
  const key = registryKeyForImage(image);
  return registries.find((r) => r.url === key);
}

/** Docker's auth config object (dockerode `authconfig`), sent base64-encoded as X-Registry-Auth. */
export function dockerAuthConfig(reg: PrivateRegistryAuth): { username: string; password: string; serveraddress: string } {
  return { username: reg.user ?? '', password: reg.password ?? '', serveraddress: reg.url };
}
