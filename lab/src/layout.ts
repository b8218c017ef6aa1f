/**
 * The lab's fixed layout: names, addresses and places. Everything the lab creates carries the label
 * LAB_LABEL so `lab down` removes exactly that and nothing else.
 */
import path from 'node:path';

export const LAB_LABEL = 'io.rke-ts.lab';

/**
 * Several labs can run side by side (one per person or test run): LAB_INSTANCE=n (0..9) gives lab n
 * its own network 10.213.n.0/24, registry, node containers, volumes and state directory. Instance 0
 * keeps the original names (rke-ts-lab, 10.213.0.0/24, /var/lib/rke-ts-lab).
 */
export const LAB_INSTANCE = parseInstance(process.env.LAB_INSTANCE);
const SUFFIX = LAB_INSTANCE === 0 ? '' : `-${LAB_INSTANCE}`;
/** Value of LAB_LABEL on everything this instance creates (`lab down` removes exactly these). */
export const LAB_ID = LAB_INSTANCE === 0 ? '1' : `lab-${LAB_INSTANCE}`;
export const NETWORK_NAME = `rke-ts-lab${SUFFIX}`;
export const BRIDGE_NAME = `rke-ts-lab${LAB_INSTANCE}`;
/** Lab subnet: nodes talk to each other and to the host (gateway) here, nothing else. */
export const SUBNET = `10.213.${LAB_INSTANCE}.0/24`;
export const GATEWAY = `10.213.${LAB_INSTANCE}.1`;
/** The lab's image registry (pull-through mirror for docker.io names on every node). */
export const REGISTRY_ADDRESS = `10.213.${LAB_INSTANCE}.2`;
export const REGISTRY_PORT = 5000;
/** Host-loopback port of the registry: the outer engine pushes there (loopback needs no TLS). */
export const REGISTRY_HOST_PORT = Number(process.env.LAB_REGISTRY_HOST_PORT ?? 5213 + LAB_INSTANCE);
export const REGISTRY_CONTAINER = `rke-ts-lab${SUFFIX}-registry`;

function parseInstance(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 9) throw new RangeError(`LAB_INSTANCE must be 0..9, got '${raw}'`);
  return n;
}
/** The inner engines' default bridge; must differ from the outer engine's 172.17.0.0/16. */
export const INNER_BIP = '10.214.0.1/24';
export const MAX_NODES = 50;

export const NODE_IMAGE = process.env.LAB_NODE_IMAGE ?? 'rke-ts-lab/node:bookworm';
export const REGISTRY_IMAGE = process.env.LAB_REGISTRY_IMAGE ?? 'rke-ts-lab/registry:bookworm';

/** Lab state (SSH key pair, generated cluster.yml, lab.json); outside the repo, survives clones. */
export const STATE_DIR = process.env.LAB_STATE_DIR ?? `/var/lib/rke-ts-lab${SUFFIX}`;
/** Build caches and the registry's storage; survive `lab down` and fresh clones. */
export const CACHE_DIR = process.env.LAB_CACHE ?? '/var/cache/rke-ts';

export interface StatePaths {
  dir: string;
  sshKey: string;
  sshPublicKey: string;
  clusterYml: string;
  labJson: string;
}

export function statePaths(dir: string = STATE_DIR): StatePaths {
  return {
    dir,
    sshKey: path.join(dir, 'id_ed25519'),
    sshPublicKey: path.join(dir, 'id_ed25519.pub'),
    clusterYml: path.join(dir, 'cluster.yml'),
    labJson: path.join(dir, 'lab.json'),
  };
}

/** Node i (1-based): container `rke-ts-lab[-n]-node-<i>`, hostname `lab-node-<i>`, address 10.213.n.(10+i). */
export function nodeName(index: number): string {
  return `lab-node-${index}`;
}
export function nodeContainer(index: number): string {
  return `rke-ts-lab${SUFFIX}-node-${index}`;
}
export function nodeVolume(index: number): string {
  return `rke-ts-lab${SUFFIX}-node-${index}-docker`;
}
export function nodeAddress(index: number): string {
  if (!Number.isInteger(index) || index < 1 || index > MAX_NODES) {
    throw new RangeError(`lab node index must be 1..${MAX_NODES}, got ${index}`);
  }
  return `10.213.${LAB_INSTANCE}.${10 + index}`;
}
