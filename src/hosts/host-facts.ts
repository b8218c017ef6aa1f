/**
 * What a node is: Docker version, OS, kernel, cgroup driver, addresses. Gathered once per run
 * from `docker info` (and `hostname -I` over SSH for addresses); the version check is pure.
 */
import { HostError } from '../errors.js';

export interface HostFacts {
  /** SSH address of the node (cluster.yml `address`). */
  address: string;
  /** Docker engine version, e.g. `20.10.24+dfsg1`. */
  dockerVersion: string;
  /** `docker info` OperatingSystem, e.g. `Debian GNU/Linux 12 (bookworm)`. */
  operatingSystem: string;
  /** `linux` or `windows`. */
  osType: string;
  kernelVersion: string;
  architecture: string;
  /** `cgroupfs` or `systemd`: kubelet's --cgroup-driver must match. */
  cgroupDriver: string;
  /** `1` or `2` (empty for old engines). */
  cgroupVersion: string;
  dockerRootDir: string;
  /** The node's hostname as Docker reports it. */
  hostname: string;
  cpus: number;
  memoryBytes: number;
  /** e.g. `name=seccomp,profile=default`, `name=selinux`. */
  securityOptions: string[];
  /** IP addresses the node reports (`hostname -I`); empty when it could not be asked. */
  addresses: string[];
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

/** Builds facts from the JSON of `GET /info`. */
export function factsFromDockerInfo(address: string, info: Record<string, unknown>, addresses: string[] = []): HostFacts {
  return {
    address,
    dockerVersion: str(info.ServerVersion),
    operatingSystem: str(info.OperatingSystem),
    osType: str(info.OSType) || 'linux',
    kernelVersion: str(info.KernelVersion),
    architecture: str(info.Architecture),
    cgroupDriver: str(info.CgroupDriver),
    cgroupVersion: str(info.CgroupVersion),
    dockerRootDir: str(info.DockerRootDir) || '/var/lib/docker',
    hostname: str(info.Name),
    cpus: num(info.NCPU),
    memoryBytes: num(info.MemTotal),
    securityOptions: Array.isArray(info.SecurityOptions) ? info.SecurityOptions.filter((s): s is string => typeof s === 'string') : [],
    addresses,
  };
}

/** `hostname -I` output → addresses (IPv4 and IPv6, in the node's order). */
export function parseHostnameI(output: string): string[] {
  return output.split(/\s+/).filter((a) => /^[0-9a-fA-F:.]+$/.test(a) && a.length > 0);
}

/** Leading `major.minor` of a version string (`20.10.24+dfsg1`, `17.03.2-ce`, `27.2.x`, `v1.31.1-rancher1-1`). */
export function majorMinor(version: string): { major: number; minor: number } | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(version.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]) };
}

/**
 * RKE1's rule (docker/docker.go IsSupportedDockerVersion): supported when major and minor equal
 * those of one entry of the version table's list for the cluster's Kubernetes minor.
 */
export function isSupportedDockerVersion(dockerVersion: string, supported: readonly string[]): boolean {
  const have = majorMinor(dockerVersion);
  if (!have) {
    throw new HostError(`Error while determining supported Docker version [${dockerVersion}]: not a version`);
  }
  return supported.some((s) => {
    const want = majorMinor(s);
    return want !== undefined && want.major === have.major && want.minor === have.minor;
  });
}

/**
 * Throws RKE1's error when the node's Docker version is not supported, unless
 * `--ignore-docker-version` / `ignore_docker_version: true`.
 */
export function checkDockerVersion(facts: Pick<HostFacts, 'address' | 'dockerVersion'>, supported: readonly string[], ignore: boolean): void {
  if (ignore) return;
  if (!isSupportedDockerVersion(facts.dockerVersion, supported)) {
    throw new HostError(
      `Unsupported Docker version found [${facts.dockerVersion}] on host [${facts.address}], supported versions are [${supported.join(' ')}]`,
      { host: facts.address },
    );
  }
}
