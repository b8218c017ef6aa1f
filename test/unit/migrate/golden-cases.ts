/** The golden inputs: cluster.yml + cluster.rkestate pairs (RKE1-recorded fixtures, the lab's generator, hand-written files). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderClusterYml } from '../../../lab/src/cluster-yml.js';
import { effectiveClusterConfig, parseClusterConfig } from '../../../src/config/index.js';
import type { LiveCluster, MigrationInput, SnapshotInfo } from '../../../src/migrate/index.js';
import { parseState } from '../../../src/state/index.js';
import { loadVersionTable } from '../../../src/versions/index.js';

const INIT = 'test/fixtures/rke1/init';
const INPUTS = 'test/fixtures/migrate/inputs';
export const EXPECTED = 'test/fixtures/migrate/expected';

export const FAKE_SNAPSHOT: SnapshotInfo = {
  file: 'etcd-snapshot.db',
  host: '10.213.0.31',
  sha256: '0'.repeat(64),
  sizeBytes: 2_097_152,
  revision: 1234,
  totalKeys: 567,
  hash: 89,
  verifiedWith: 'etcdutl snapshot status; etcdutl snapshot restore /tmp/rke-migrate-snapshot.db --data-dir /tmp/rke2/server/db/etcd --skip-hash-check=false',
  takenAt: '2026-01-01T00:00:00.000Z',
};

const LAB_NODES = [
  { address: '10.213.0.11', hostnameOverride: 'rke-ts-lab-node-1', roles: ['etcd', 'controlplane', 'worker'] as ('etcd' | 'controlplane' | 'worker')[] },
];

export interface GoldenCase {
  name: string;
  yaml: string;
  state: string;
  live?: LiveCluster;
  snapshot?: SnapshotInfo;
}

const read = (p: string) => readFileSync(p, 'utf8');

export function goldenCases(): GoldenCase[] {
  const init = (n: string, extra: Partial<GoldenCase> = {}): GoldenCase => ({ name: n, yaml: read(join(INIT, n, 'cluster.yml')), state: read(join(INIT, n, 'cluster.rkestate')), ...extra });
  const ha3 = read(join(INIT, 'ha-3', 'cluster.rkestate'));
  const single = read(join(INIT, 'single-node', 'cluster.rkestate'));
  return [
    init('single-node', { snapshot: { ...FAKE_SNAPSHOT, host: '10.213.0.11' } }),
    init('split-3'),
    init('ha-3', {
      snapshot: FAKE_SNAPSHOT,
      live: {
        serverVersion: 'v1.32.13',
        nodes: [
          { name: '10.213.0.31', kubeletVersion: 'v1.32.13', ready: true },
          { name: '10.213.0.32', kubeletVersion: 'v1.32.13', ready: false },
          { name: 'old-node', kubeletVersion: 'v1.32.13', ready: false },
        ],
      },
    }),
    init('sans-name'),
    init('serving-encryption'),
    init('bastion-registry'),
    init('k8s-1-30-calico'),
    init('partial-sections'),
    { name: 'lab', yaml: renderClusterYml(LAB_NODES, { sshKeyPath: '/var/lib/rke-ts-lab/id_ed25519' }), state: single, snapshot: { ...FAKE_SNAPSHOT, host: '10.213.0.11' } },
    { name: 'lab-registry', yaml: renderClusterYml(LAB_NODES, { sshKeyPath: '/var/lib/rke-ts-lab/id_ed25519', privateRegistry: true, kubernetesVersion: 'v1.32.13-rancher1-2' }), state: single },
    { name: 'kitchen-sink', yaml: read(join(INPUTS, 'kitchen-sink.yml')), state: ha3, snapshot: FAKE_SNAPSHOT },
    { name: 'unsupported', yaml: read(join(INPUTS, 'unsupported.yml')), state: ha3 },
  ];
}

export function inputOf(c: GoldenCase): MigrationInput {
  const table = loadVersionTable();
  const parsed = parseClusterConfig(c.yaml, { file: `${c.name}/cluster.yml` });
  const { config } = effectiveClusterConfig(parsed.config, { table });
  return {
    raw: parsed.config,
    config,
    state: parseState(c.state, `${c.name}/cluster.rkestate`),
    tokenSecret: `golden-${c.name}`,
    ...(c.live ? { live: c.live } : {}),
    ...(c.snapshot ? { snapshot: c.snapshot } : {}),
  };
}
