/**
 * A converged cluster plans to nothing: the state a fresh run records, rebuilt by the next run
 * (same cluster.yml, --config given as an absolute path), needs no write.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { convergedState, prepareState, stateNeedsWrite } from '../../../src/cluster/session.js';
import { Logger } from '../../../src/log/logger.js';
import { writeStateFile } from '../../../src/state/index.js';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const CLUSTER_YML = `nodes:
  - address: 10.9.0.11
    user: root
    role: [etcd, controlplane]
  - address: 10.9.0.12
    user: root
    role: [worker]
`;

describe('state of a converged cluster', () => {
  it('a fresh run records kube-admin as ./kube_config_cluster.yml; the next run with an absolute --config needs no state write', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rke-noop-'));
    dirs.push(dir);
    const configPath = join(dir, 'cluster.yml');
    await writeFile(configPath, CLUSTER_YML);
    const opts = { configPath, log: new Logger('silent') };
    const first = await prepareState(opts);
    expect(first.state.desiredState.certificatesBundle?.['kube-admin']?.configPath).toBe('./kube_config_cluster.yml');
    await writeStateFile(first.statePath, convergedState(first.state));

    const second = await prepareState(opts);
    expect(stateNeedsWrite(second)).toBe(false);
    expect(second.state.desiredState.certificatesBundle?.['kube-admin']).toEqual(first.state.desiredState.certificatesBundle?.['kube-admin']);
  }, 120_000);
});
