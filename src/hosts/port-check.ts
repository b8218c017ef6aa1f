/**
 * Port checks between nodes before building a cluster (RKE1 cluster/network.go, reference §7.1):
 * listener containers publish each role's ports, then a checker container with host networking on
 * each node tries the ports of the nodes it must reach, by internal address. Skipped with
 * `--disable-port-check`; the caller also skips it on existing clusters when no host was added.
 *
 * The image is a parameter (RKE1 uses the `alpine` system image, rke-tools). The listener and
 * checker commands work with both Alpine's and Debian's busybox `nc` (`-lk`/`-z` where
 * available, `-ll`/`-e true` otherwise).
 */
import net from 'node:net';
import { HostError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { HostConnection } from './connection-pool.js';
import type { PrivateRegistryAuth } from './registry-auth.js';
import type { ClusterHost, HostRole } from './types.js';

export const PORT_CHECKER_CONTAINER = 'rke-port-checker';
export const KUBE_API_PORT = 6443;

export const PORT_LISTENERS: Record<HostRole, { container: string; ports: readonly number[] }> = {
  etcd: { container: 'rke-etcd-port-listener', ports: [2379, 2380] },
  controlplane: { container: 'rke-cp-port-listener', ports: [KUBE_API_PORT] },
  worker: { container: 'rke-worker-port-listener', ports: [10250] },
};

const ETCD_CLIENT_PORTS = [2379] as const;
const LISTENER_PORT = '1337/tcp';

export const LISTENER_COMMAND = [
  'sh',
  '-c',
  'nc -lk -p 1337 -e echo 2>/dev/null || nc -ll -p 1337 -e echo 2>/dev/null || while true; do nc -l -p 1337 -e echo; done',
];

/** Prints `host:port` on stderr for every target it cannot connect to within 5 s. */
export const CHECKER_COMMAND = [
  'sh',
  '-c',
  'for host in $HOSTS; do for port in $PORTS; do ' +
    '(nc -w 5 -z "$host" "$port" >/dev/null 2>&1 || nc -w 5 "$host" "$port" -e true >/dev/null 2>&1 || echo "${host}:${port}" >&2) & ' +
    'done; done; wait',
];

export interface PortCheck {
  from: ClusterHost;
  /** Internal addresses to reach. */
  targets: string[];
  ports: number[];
}

export interface PortCheckStep {
  /** RKE1's log label, e.g. `control plane -> etcd`. */
  label: string;
  checks: PortCheck[];
}

function withRole(hosts: readonly ClusterHost[], role: HostRole): ClusterHost[] {
  return hosts.filter((h) => h.roles.includes(role));
}

/** Which node checks which nodes on which ports, in RKE1's order (pure). */
export function planPortChecks(hosts: readonly ClusterHost[]): PortCheckStep[] {
  const etcd = withRole(hosts, 'etcd');
  const cp = withRole(hosts, 'controlplane');
  const workers = withRole(hosts, 'worker');
  const addresses = (hs: ClusterHost[]): string[] => hs.map((h) => h.internalAddress);
  const steps: PortCheckStep[] = [];
  const step = (label: string, from: ClusterHost[], to: ClusterHost[], ports: readonly number[]): void => {
    if (from.length === 0 || to.length === 0) return;
    steps.push({ label, checks: from.map((h) => ({ from: h, targets: addresses(to), ports: [...ports] })) });
  };
  // One etcd host needs no peer check.
  if (etcd.length > 1) step('etcd <-> etcd', etcd, etcd, PORT_LISTENERS.etcd.ports);
  step('control plane -> etcd', cp, etcd, ETCD_CLIENT_PORTS);
  step('control plane -> worker', cp, workers, PORT_LISTENERS.worker.ports);
  step('workers -> control plane', workers, cp, PORT_LISTENERS.controlplane.ports);
  return steps;
}

/** Checker output (stderr lines `host:port`) → failed targets. */
export function parseCheckerOutput(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[^\s:]+:\d+$|^\[?[0-9a-fA-F:]+\]?:\d+$/.test(l));
}

export interface PortCheckHost {
  host: ClusterHost;
  connection: HostConnection;
}

export interface PortCheckOptions {
  /** Image with `sh` and `nc` (RKE1: the `alpine` system image). */
  image: string;
  registries?: readonly PrivateRegistryAuth[];
  /** Attempts per checker (RKE1: 3) and the pause between them (RKE1: 5 s). */
  tries?: number;
  retryDelayMs?: number;
  /** Also dial each control plane's address:6443 from here (RKE1 skips it with a bastion host). Default true. */
  checkKubeApiFromHere?: boolean;
  log?: Logger;
}

async function deployListener(h: PortCheckHost, role: HostRole, opts: PortCheckOptions): Promise<void> {
  const { container, ports } = PORT_LISTENERS[role];
  const docker = h.connection.docker;
  await docker.ensureImage(opts.image, opts.registries);
  const existing = await docker.inspectContainer(container);
  if (existing?.State?.Running) return;
  if (existing) await docker.removeContainer(container);
  await docker.createContainer(container, {
    Image: opts.image,
    Cmd: LISTENER_COMMAND,
    ExposedPorts: { [LISTENER_PORT]: {} },
    HostConfig: { PortBindings: { [LISTENER_PORT]: ports.map((p) => ({ HostIp: '0.0.0.0', HostPort: String(p) })) } },
  });
  try {
    await docker.startContainer(container);
  } catch (err) {
    // The real service already listens there (existing cluster): that answers the check as well.
    if (/address already in use/i.test((err as Error).message)) {
      opts.log?.debug(`[network] Service is already up on host [${h.host.spec.address}]`);
      await docker.removeContainer(container);
      return;
    }
    throw err;
  }
}

async function removeListeners(hosts: readonly PortCheckHost[]): Promise<void> {
  await Promise.all(
    hosts.flatMap((h) =>
      h.host.roles.map((role) => h.connection.docker.removeContainer(PORT_LISTENERS[role].container)),
    ),
  );
}

/** One checker run (with RKE1's retries) on `h.host` against `check.targets` × `check.ports`. */
export async function runPortCheck(h: PortCheckHost, check: PortCheck, opts: PortCheckOptions): Promise<void> {
  const tries = opts.tries ?? 3;
  let failed: string[] = [];
  for (let attempt = 1; attempt <= tries; attempt++) {
    opts.log?.info(
      `[network] Checking if host [${h.host.spec.address}] can connect to host(s) [${check.targets.join(' ')}] on port(s) [${check.ports.join(' ')}], try #${attempt}`,
    );
    const out = await h.connection.docker.runOnce({
      name: PORT_CHECKER_CONTAINER,
      config: {
        Image: opts.image,
        Env: [`HOSTS=${check.targets.join(' ')}`, `PORTS=${check.ports.join(' ')}`],
        Cmd: CHECKER_COMMAND,
        HostConfig: { NetworkMode: 'host', LogConfig: { Type: 'json-file', Config: {} } },
      },
      ...(opts.registries ? { registries: opts.registries } : {}),
      timeoutMs: 120_000,
    });
    failed = parseCheckerOutput(out.stderr);
    if (failed.length === 0 && out.exitCode === 0) return;
    if (failed.length === 0) failed = [`checker exited with code ${out.exitCode}: ${out.stderr.trim()}`];
    if (attempt < tries) await new Promise((r) => setTimeout(r, opts.retryDelayMs ?? 5_000));
  }
  throw new HostError(
    `[network] Host [${h.host.spec.address}] is not able to connect to the following ports: [${failed.join(', ')}]. Please check network policies and firewall rules`,
    { host: h.host.spec.address },
  );
}

/** Dials address:6443 of each control plane host from this machine. */
export async function checkKubeApiPort(hosts: readonly ClusterHost[], timeoutMs = 10_000): Promise<void> {
  for (const h of withRole(hosts, 'controlplane')) {
    await new Promise<void>((resolve, reject) => {
      const sock = net.connect({ host: h.spec.address, port: KUBE_API_PORT, timeout: timeoutMs });
      const fail = (): void => {
        sock.destroy();
        reject(new HostError(`[network] Can't access KubeAPI port [${KUBE_API_PORT}] on Control Plane host: ${h.spec.address}`, { host: h.spec.address }));
      };
      sock.once('connect', () => {
        sock.destroy();
        resolve();
      });
      sock.once('timeout', fail);
      sock.once('error', fail);
    });
  }
}

/** Runs every step of planPortChecks on the given (active) hosts; listeners are removed afterwards. */
export async function checkClusterPorts(hosts: readonly PortCheckHost[], opts: PortCheckOptions): Promise<void> {
  const byHost = new Map(hosts.map((h) => [h.host, h]));
  const log = opts.log;
  try {
    log?.info('[network] Deploying port listener containers');
    for (const role of ['etcd', 'controlplane', 'worker'] as const) {
      await Promise.all(hosts.filter((h) => h.host.roles.includes(role)).map((h) => deployListener(h, role, opts)));
    }
    log?.info('[network] Port listener containers deployed successfully');
    for (const step of planPortChecks(hosts.map((h) => h.host))) {
      log?.info(`[network] Running ${step.label} port checks`);
      await Promise.all(step.checks.map((c) => runPortCheck(byHost.get(c.from) as PortCheckHost, c, opts)));
    }
    if (opts.checkKubeApiFromHere ?? true) {
      log?.info('[network] Checking KubeAPI port Control Plane hosts');
      await checkKubeApiPort(hosts.map((h) => h.host));
    } else {
      log?.info('[network] Skipping kubeapi port check');
    }
  } finally {
    log?.info('[network] Removing port listener containers');
    await removeListeners(hosts);
    log?.info('[network] Port listener containers removed successfully');
  }
}
