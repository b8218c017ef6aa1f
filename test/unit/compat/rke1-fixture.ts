/**
 * One recorded RKE1 run (test/fixtures/rke1/inspect/<variant>/, written by
 * test/compat/record-rke1-inspect.sh) and what rke-ts derives from the same cluster.yml + state.
 */
import 'reflect-metadata';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadClusterConfig, toRkeStateJson, type ClusterConfig } from '../../../src/config/index.js';
import {
  buildClusterContext,
  buildDesiredCluster,
  encryptionConfigWithKeys,
  type ClusterContext,
  type DesiredCluster,
  type DesiredStateInput,
  type NodeFacts,
} from '../../../src/desired/index.js';
import { pkiInputFromConfig } from '../../../src/pki/from-config.js';
import { parseState, rebuildState, type FullState, type JsonObject } from '../../../src/state/index.js';
import { loadVersionTable, serviceOptionsFor } from '../../../src/versions/index.js';

export const INSPECT_DIR = fileURLToPath(new URL('../../fixtures/rke1/inspect/', import.meta.url));

/** A container as test/compat/project-inspect.mjs records it. */
export interface RecordedContainer {
  name: string;
  id: string;
  created: string;
  imageId: string;
  image: string;
  entrypoint: string[] | null;
  cmd: string[] | null;
  path: string;
  args: string[];
  env: string[];
  labels: Record<string, string>;
  user: string;
  workingDir: string;
  tty: boolean;
  binds: string[] | null;
  volumesFrom: string[] | null;
  networkMode: string;
  pidMode: string;
  privileged: boolean;
  restartPolicy: { Name: string; MaximumRetryCount: number };
  securityOpt: string[] | null;
  portBindings: Record<string, { HostIp: string; HostPort: string }[]>;
  logDriver: string;
  state: { status: string; running: boolean; exitCode: number };
}

/** One line of files.txt: `type mode owner size md5 path`. */
export interface RecordedFile {
  type: string;
  mode: string;
  owner: string;
  size: string;
  md5: string;
  path: string;
}

export interface RecordedNode {
  index: number;
  address: string;
  containers: RecordedContainer[];
  /** Default Env of each image, by image name. */
  imageEnv: Record<string, string[]>;
  files: RecordedFile[];
  facts: NodeFacts;
}

export interface Rke1Fixture {
  variant: string;
  dir: string;
  clusterYmlPath: string;
  state: FullState;
  stateText: string;
  kubeconfig: string;
  nodes: RecordedNode[];
}

/** `docker info` of a lab node (the node image is the same for every variant and node). */
const LAB_NODE_FACTS: NodeFacts = JSON.parse(readFileSync(join(INSPECT_DIR, 'lab-node-facts.json'), 'utf8'));

export function fixtureVariants(): string[] {
  if (!existsSync(INSPECT_DIR)) return [];
  return readdirSync(INSPECT_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(INSPECT_DIR, d.name, 'cluster.rkestate')))
    .map((d) => d.name)
    .sort();
}

function parseFiles(text: string): RecordedFile[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [type, mode, owner, size, md5, ...rest] = l.split(' ');
      return { type: type!, mode: mode!, owner: owner!, size: size!, md5: md5!, path: rest.join(' ') };
    });
}

export function loadFixture(variant: string): Rke1Fixture {
  const dir = join(INSPECT_DIR, variant);
  const stateText = readFileSync(join(dir, 'cluster.rkestate'), 'utf8');
  const state = parseState(stateText, join(dir, 'cluster.rkestate'));
  const nodesDir = join(dir, 'nodes');
  const config = state.currentState.rkeConfig as { nodes?: { address: string }[] } | undefined;
  const nodes = readdirSync(nodesDir)
    .map(Number)
    .sort((a, b) => a - b)
    .map((index) => {
      const d = join(nodesDir, String(index));
      const read = (f: string) => readFileSync(join(d, f), 'utf8');
      return {
        index,
        address: config?.nodes?.[index - 1]?.address ?? '',
        containers: JSON.parse(read('containers.json')) as RecordedContainer[],
        imageEnv: JSON.parse(read('images.json')) as Record<string, string[]>,
        files: parseFiles(read('files.txt')),
        facts: LAB_NODE_FACTS,
      };
    });
  return {
    variant,
    dir,
    clusterYmlPath: join(dir, 'cluster.yml'),
    state,
    stateText,
    kubeconfig: readFileSync(join(dir, 'kube_config_cluster.yml'), 'utf8'),
    nodes,
  };
}

export interface RkeTsView {
  config: ClusterConfig;
  desired: DesiredCluster;
  ctx: ClusterContext;
  /** desiredState rebuilt by rke-ts from cluster.yml with RKE1's state as the previous state. */
  rebuilt: FullState;
}

/** What rke-ts makes of the fixture's cluster.yml, with RKE1's state file as the previous state. */
export async function rkeTsView(fx: Rke1Fixture): Promise<RkeTsView> {
  const table = loadVersionTable();
  const { config } = await loadClusterConfig(fx.clusterYmlPath, { table, flags: {} });
  const versionName = config.kubernetes_version || table.defaultVersion;
  const listed = table.versions[versionName];
  if (!listed) throw new Error(`${fx.variant}: ${versionName} not in rke-ts's version table`);
  const version = { ...listed, serviceOptions: serviceOptionsFor(table, versionName, config.system_images?.kubernetes) };
  const rebuilt = await rebuildState(pkiInputFromConfig(config), fx.state, {
    rkeConfig: toRkeStateJson(config) as JsonObject,
    // as recorded: `rke up --config cluster.yml` run in the directory holding it
    clusterFilePath: 'cluster.yml',
    encryption: {
      enabled: config.services?.['kube-api']?.secrets_encryption_config?.enabled ?? false,
      generate: () => encryptionConfigWithKeys([{ name: 'akey', secret: 'bm90LXVzZWQtd2hlbi1hLWtleS1leGlzdHM=' }]),
    },
  });
  const nodeFacts: Record<string, NodeFacts> = {};
  for (const n of fx.nodes) nodeFacts[n.address] = n.facts;
  const input: DesiredStateInput = {
    config: config as DesiredStateInput['config'],
    version,
    nodeFacts,
    defaultRkeToolsImage: table.versions[table.defaultVersion]?.systemImages.alpine,
    encryptionProviderFile: rebuilt.desiredState.encryptionConfig ?? '',
  };
  return { config, desired: buildDesiredCluster(input), ctx: buildClusterContext(input), rebuilt };
}
