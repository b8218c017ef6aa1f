/**
 * Lab lifecycle on the local Docker engine: `labUp` (network, registry, N nodes, SSH key pair,
 * cluster.yml), `labStatus`, `labDown`. Idempotent: `labUp` again keeps existing nodes and their data.
 */
import Docker from 'dockerode';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { renderClusterYml } from './cluster-yml.js';
import { ensureKeyPair } from './keys.js';
import {
  BRIDGE_NAME, CACHE_DIR, GATEWAY, INNER_BIP, LAB_ID, LAB_LABEL, NETWORK_NAME, NODE_IMAGE, REGISTRY_ADDRESS, REGISTRY_CONTAINER,
  REGISTRY_HOST_PORT, REGISTRY_IMAGE, REGISTRY_PORT, SUBNET, nodeAddress, nodeContainer, nodeName, nodeVolume,
  statePaths, type StatePaths,
} from './layout.js';
import { defaultRoles, type Role } from './roles.js';
import { waitForSshBanner } from './wait.js';

const run = promisify(execFile);

export interface LabNode {
  index: number;
  /** Hostname inside the node and `hostname_override` in cluster.yml. */
  name: string;
  container: string;
  volume: string;
  address: string;
  roles: Role[];
}

export interface LabInfo {
  network: string;
  subnet: string;
  nodes: LabNode[];
  /** Private key (OpenSSH ed25519) that logs in as root on every node. */
  sshKeyPath: string;
  clusterYmlPath: string;
  /** host:port of the lab registry as seen from the nodes, or null when it does not run. */
  registry: string | null;
}

export interface LabUpOptions {
  nodes: number;
  stateDir?: string;
  /** Write `private_registries` (the lab registry) into cluster.yml. */
  privateRegistry?: boolean;
  /** Images pushed into the lab registry (default: the list `scripts/lab images` wrote). */
  images?: string[];
  log?: (line: string) => void;
}

export interface NodeStatus {
  container: string;
  address: string;
  state: string;
  sshReady: boolean;
}

export interface LabStatus {
  network: boolean;
  registry: string | null;
  nodes: NodeStatus[];
  volumes: string[];
  stateDir: string;
}

export interface LabRemoved {
  containers: string[];
  networks: string[];
  volumes: string[];
}

const labFilter = (extra: string[] = []) => ({ label: [`${LAB_LABEL}=${LAB_ID}`, ...extra] });

function docker(): Docker {
  return new Docker({ socketPath: process.env.DOCKER_SOCKET ?? '/var/run/docker.sock' });
}

function isStatus(err: unknown, code: number): boolean {
  return typeof err === 'object' && err !== null && (err as { statusCode?: number }).statusCode === code;
}

async function imageExists(d: Docker, image: string): Promise<boolean> {
  try {
    await d.getImage(image).inspect();
    return true;
  } catch (err) {
    if (isStatus(err, 404)) return false;
    throw err;
  }
}

async function ensureNetwork(d: Docker): Promise<void> {
  const existing = await d.listNetworks({ filters: { name: [NETWORK_NAME] } });
  const mine = existing.find((n) => n.Name === NETWORK_NAME);
  if (mine) {
    if (mine.Labels?.[LAB_LABEL] !== LAB_ID) throw new Error(`network ${NETWORK_NAME} exists and is not the lab's`);
    return;
  }
  await d.createNetwork({
    Name: NETWORK_NAME,
    Driver: 'bridge',
    CheckDuplicate: true,
    IPAM: { Driver: 'default', Config: [{ Subnet: SUBNET, Gateway: GATEWAY }] },
    Options: { 'com.docker.network.bridge.name': BRIDGE_NAME },
    Labels: { [LAB_LABEL]: LAB_ID },
  });
}

async function containerState(d: Docker, name: string): Promise<string | null> {
  try {
    const info = await d.getContainer(name).inspect();
    return info.State.Status;
  } catch (err) {
    if (isStatus(err, 404)) return null;
    throw err;
  }
}

/** The node container spec; see lab-prototype findings: no --privileged on this machine. */
function nodeSpec(node: LabNode, publicKey: string): Docker.ContainerCreateOptions {
  return {
    name: node.container,
    Hostname: node.name,
    Image: NODE_IMAGE,
    Env: [`SSH_AUTHORIZED_KEY=${publicKey}`, `LAB_REGISTRY=${REGISTRY_ADDRESS}:${REGISTRY_PORT}`, `LAB_INNER_BIP=${INNER_BIP}`],
    Labels: { [LAB_LABEL]: LAB_ID, [`${LAB_LABEL}.node`]: String(node.index) },
    HostConfig: {
      CapAdd: ['ALL'],
      CapDrop: ['SYS_RESOURCE'],
      SecurityOpt: ['seccomp=unconfined', 'apparmor=unconfined'],
      MaskedPaths: [],
      ReadonlyPaths: [],
      DeviceCgroupRules: ['a *:* rwm'],
      Devices: [{ PathOnHost: '/dev/kmsg', PathInContainer: '/dev/kmsg', CgroupPermissions: 'rwm' }],
      Mounts: [{ Type: 'volume', Source: node.volume, Target: '/var/lib/docker' }],
      RestartPolicy: { Name: 'unless-stopped' },
    },
    NetworkingConfig: {
      EndpointsConfig: { [NETWORK_NAME]: { IPAMConfig: { IPv4Address: node.address } } },
    },
  };
}

async function ensureVolume(d: Docker, name: string): Promise<void> {
  try {
    await d.getVolume(name).inspect();
  } catch (err) {
    if (!isStatus(err, 404)) throw err;
    await d.createVolume({ Name: name, Labels: { [LAB_LABEL]: LAB_ID } });
  }
}

async function ensureStarted(d: Docker, name: string, create: () => Promise<void>): Promise<void> {
  const state = await containerState(d, name);
  if (state === null) {
    await create();
    await d.getContainer(name).start();
  } else if (state !== 'running') {
    await d.getContainer(name).start();
  }
}

/** A container of an older build of its image is replaced (only for containers without state). */
async function removeIfImageChanged(d: Docker, name: string, image: string): Promise<void> {
  let current: string;
  try {
    current = (await d.getContainer(name).inspect()).Image;
  } catch (err) {
    if (isStatus(err, 404)) return;
    throw err;
  }
  if (current !== (await d.getImage(image).inspect()).Id) await d.getContainer(name).remove({ force: true });
}

async function ensureRegistry(d: Docker, log: (l: string) => void): Promise<boolean> {
  if (!(await imageExists(d, REGISTRY_IMAGE))) {
    log(`registry image ${REGISTRY_IMAGE} not built (scripts/lab images): nodes get no system images`);
    return false;
  }
  const storage = path.join(CACHE_DIR, 'registry');
  await mkdir(storage, { recursive: true });
  await removeIfImageChanged(d, REGISTRY_CONTAINER, REGISTRY_IMAGE);
  await ensureStarted(d, REGISTRY_CONTAINER, async () => {
    await d.createContainer({
      name: REGISTRY_CONTAINER,
      Image: REGISTRY_IMAGE,
      Labels: { [LAB_LABEL]: LAB_ID },
      ExposedPorts: { [`${REGISTRY_PORT}/tcp`]: {} },
      HostConfig: {
        // storage is a cache directory, not a lab volume: it outlives `lab down` so pushes stay cheap
        Binds: [`${storage}:/var/lib/docker-registry`],
        PortBindings: { [`${REGISTRY_PORT}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: String(REGISTRY_HOST_PORT) }] },
        RestartPolicy: { Name: 'unless-stopped' },
      },
      NetworkingConfig: { EndpointsConfig: { [NETWORK_NAME]: { IPAMConfig: { IPv4Address: REGISTRY_ADDRESS } } } },
    });
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      // bounded: docker-proxy can accept the connection before the registry listens, and then hold it
      const res = await fetch(`http://127.0.0.1:${REGISTRY_HOST_PORT}/v2/`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return true;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`lab registry on 127.0.0.1:${REGISTRY_HOST_PORT} did not answer /v2/`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Image names `scripts/lab images` built (one per line in $LAB_CACHE/images.txt). */
export async function builtImages(): Promise<string[]> {
  const file = path.join(CACHE_DIR, 'images.txt');
  if (!existsSync(file)) return [];
  return (await readFile(file, 'utf8')).split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

/** Pushes images into the lab registry under their own names (unchanged layers cost a HEAD each). */
export async function pushToRegistry(images: string[], log: (l: string) => void): Promise<void> {
  for (const image of images) {
    const target = `127.0.0.1:${REGISTRY_HOST_PORT}/${image}`;
    await run('docker', ['tag', image, target]);
    try {
      await run('docker', ['push', '-q', target], { maxBuffer: 16 << 20 });
    } finally {
      await run('docker', ['rmi', target]).catch(() => undefined);
    }
    log(`registry has ${image}`);
  }
}

export function planNodes(count: number): LabNode[] {
  const roles = defaultRoles(count);
  return roles.map((r, i) => ({
    index: i + 1,
    name: nodeName(i + 1),
    container: nodeContainer(i + 1),
    volume: nodeVolume(i + 1),
    address: nodeAddress(i + 1),
    roles: r,
  }));
}

export async function labUp(options: LabUpOptions): Promise<LabInfo> {
  const log = options.log ?? (() => undefined);
  const paths = statePaths(options.stateDir);
  const d = docker();
  if (!(await imageExists(d, NODE_IMAGE))) {
    throw new Error(`node image ${NODE_IMAGE} is missing: run scripts/lab images (or scripts/lab prepare)`);
  }
  const publicKey = await ensureKeyPair(paths);
  await ensureNetwork(d);
  const registryUp = await ensureRegistry(d, log);
  if (registryUp) await pushToRegistry(options.images ?? (await builtImages()), log);

  const nodes = planNodes(options.nodes);
  for (const node of nodes) {
    await ensureVolume(d, node.volume);
    await ensureStarted(d, node.container, async () => {
      await d.createContainer(nodeSpec(node, publicKey));
    });
  }
  await Promise.all(nodes.map((n) => waitForSshBanner(n.address, 22, 120_000)));
  for (const n of nodes) log(`node ${n.name} ${n.address} [${n.roles.join(',')}] ready`);

  const extra = await d.listContainers({ all: true, filters: labFilter([`${LAB_LABEL}.node`]) });
  const beyond = extra.filter((c) => Number(c.Labels[`${LAB_LABEL}.node`]) > options.nodes);
  for (const c of beyond) log(`note: ${c.Names[0]?.slice(1)} is beyond --nodes ${options.nodes}; left running, not in cluster.yml`);

  const info: LabInfo = {
    network: NETWORK_NAME,
    subnet: SUBNET,
    nodes,
    sshKeyPath: paths.sshKey,
    clusterYmlPath: paths.clusterYml,
    registry: registryUp ? `${REGISTRY_ADDRESS}:${REGISTRY_PORT}` : null,
  };
  await writeState(paths, info, options.privateRegistry ?? false);
  return info;
}

async function writeState(paths: StatePaths, info: LabInfo, privateRegistry: boolean): Promise<void> {
  const yml = renderClusterYml(
    info.nodes.map((n) => ({ address: n.address, hostnameOverride: n.name, roles: n.roles })),
    { sshKeyPath: paths.sshKey, privateRegistry },
  );
  await writeFile(paths.clusterYml, yml, { mode: 0o600 });
  await writeFile(paths.labJson, JSON.stringify(info, null, 2) + '\n');
}

/** What `labUp` last wrote (lab.json), or null when the lab was never brought up. */
export async function readLabInfo(stateDir?: string): Promise<LabInfo | null> {
  const file = statePaths(stateDir).labJson;
  if (!existsSync(file)) return null;
  return JSON.parse(await readFile(file, 'utf8')) as LabInfo;
}

export async function labStatus(stateDir?: string): Promise<LabStatus> {
  const d = docker();
  const networks = await d.listNetworks({ filters: labFilter() });
  const containers = await d.listContainers({ all: true, filters: labFilter() });
  const volumes = (await d.listVolumes({ filters: labFilter() })).Volumes ?? [];
  const nodes: NodeStatus[] = [];
  let registry: string | null = null;
  for (const c of containers.sort((a, b) => (a.Names[0] ?? '').localeCompare(b.Names[0] ?? '', 'en', { numeric: true }))) {
    const name = c.Names[0]?.replace(/^\//, '') ?? c.Id;
    const address = c.NetworkSettings?.Networks?.[NETWORK_NAME]?.IPAddress ?? '';
    if (name === REGISTRY_CONTAINER) {
      registry = c.State === 'running' ? `${address}:${REGISTRY_PORT}` : null;
      continue;
    }
    let sshReady = false;
    if (c.State === 'running' && address) {
      sshReady = await waitForSshBanner(address, 22, 1500).then(() => true, () => false);
    }
    nodes.push({ container: name, address, state: c.State, sshReady });
  }
  return {
    network: networks.some((n) => n.Name === NETWORK_NAME),
    registry,
    nodes,
    volumes: volumes.map((v) => v.Name).sort(),
    stateDir: statePaths(stateDir).dir,
  };
}

/** Removes every container, network and volume carrying the lab label, and the generated state files
 * (keeps the key pair so known cluster.yml files stay valid). */
export async function labDown(stateDir?: string): Promise<LabRemoved> {
  const d = docker();
  const removed: LabRemoved = { containers: [], networks: [], volumes: [] };
  const containers = await d.listContainers({ all: true, filters: labFilter() });
  await Promise.all(
    containers.map(async (c) => {
      await d.getContainer(c.Id).remove({ force: true, v: true });
      removed.containers.push(c.Names[0]?.replace(/^\//, '') ?? c.Id);
    }),
  );
  for (const n of await d.listNetworks({ filters: labFilter() })) {
    await d.getNetwork(n.Id).remove();
    removed.networks.push(n.Name);
  }
  for (const v of (await d.listVolumes({ filters: labFilter() })).Volumes ?? []) {
    await d.getVolume(v.Name).remove();
    removed.volumes.push(v.Name);
  }
  const paths = statePaths(stateDir);
  await rm(paths.clusterYml, { force: true });
  await rm(paths.labJson, { force: true });
  return removed;
}
