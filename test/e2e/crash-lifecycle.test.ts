/**
 * Issue 8 crash safety on the lab: `rke up` killed with SIGKILL at several steps of a cold up and
 * of a rolling upgrade; after each kill the state file is intact, and the next `rke up` finishes
 * with a healthy cluster (nodes Ready, none left cordoned, no change left to plan).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabInfo } from '../../lab/src/lab.js';
import { parseState } from '../../src/state/json.js';
import { editClusterYml, expectNothingPlanned, freshLab, nodeExec, rke, rkeKilledAt, writeClusterYml } from './harness.js';

let lab: LabInfo;
let configPath: string;
let dir: string;
const statePath = () => join(dir, 'cluster.rkestate');

function assertStateIntact(): void {
  const text = readFileSync(statePath(), 'utf8');
  const state = parseState(text, statePath());
  expect(state.desiredState.certificatesBundle?.['kube-ca']?.certificatePEM).toMatch(/BEGIN CERTIFICATE/);
}

/** `context`: the output of the run that should have converged, shown when the cluster is not healthy. */
async function assertHealthy(context = ''): Promise<void> {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(join(dir, 'kube_config_cluster.yml'));
  const nodes = await kc.makeApiClient(k8s.CoreV1Api).listNode();
  expect(nodes.items.map((n) => n.metadata?.name).sort()).toEqual(lab.nodes.map((n) => n.name).sort());
  for (const n of nodes.items) {
    expect(n.status?.conditions?.find((c) => c.type === 'Ready')?.status, n.metadata?.name).toBe('True');
    expect(n.spec?.unschedulable ?? false, `${n.metadata?.name} left cordoned`).toBe(false);
  }
  await expectNothingPlanned(configPath, dir, context && `the converging run:\n${context}`);
}

/** Kill points of a cold `rke up`, taken from its plan's phases and steps (in the order they come). */
const UP_KILL_POINTS: [string, RegExp][] = [
  ['certificates deployed, etcd phase starting', /\[etcd\] \d+ step\(s\)/],
  ['control plane containers being created', /Starting container \[kube-apiserver\]/],
  ['worker phase running', /\[worker\] \d+ step\(s\)/],
  ['addons being deployed', /\[addons\] \d+ step\(s\)/],
];

/** Kill points of a rolling worker upgrade (kubelet extra_args change): node-2 then node-3. */
const upgradeKillPoints = (): [string, RegExp][] => [
  ['a worker cordoned, before its kubelet is replaced', /Cordoning node \[[^\]]*node-2\]/],
  ['in the middle of replacing a kubelet', new RegExp(`Updating container \\[kubelet\\] on host \\[${lab.nodes[2]!.address.replace(/\./g, '\\.')}\\]`)],
];

describe('kill -9 during rke up and during a rolling upgrade (1 etcd+controlplane, 2 workers)', () => {
  beforeAll(async () => {
    lab = await freshLab(3);
    configPath = writeClusterYml(lab, [['etcd', 'controlplane'], ['worker'], ['worker']]);
    dir = dirname(configPath);
    // RKE1's addon_job_timeout (default 30 s) is too short for addon jobs on a loaded machine.
    editClusterYml(configPath, (config) => {
      config.addon_job_timeout = 300;
    });
  });

  afterAll(async () => {
    if (configPath) await rke(['remove', '--force', '--config', configPath], dir);
  });

  it('a cold up killed at each of several steps converges on the next run', async () => {
    for (const [what, marker] of UP_KILL_POINTS) {
      const killed = await rkeKilledAt(['up', '--config', configPath], dir, marker);
      // A run may already be past a marker's step (earlier runs did the work): then it just finishes.
      expect(killed.killed || killed.code === 0, `${what}: ${killed.stderr.slice(-1500)}`).toBe(true);
      assertStateIntact();
    }
    const res = await rke(['up', '--config', configPath], dir);
    expect(res.code, res.stderr.slice(-3000)).toBe(0);
    assertStateIntact();
    await assertHealthy();
  });

  it('a rolling upgrade killed at a cordon and mid-replace converges, and no node stays cordoned or on its old kubelet', async () => {
    let n = 0;
    for (const [what, marker] of upgradeKillPoints()) {
      const maxPods = String(111 + n++);
      editClusterYml(configPath, (config) => {
        const services = (config.services ?? {}) as Record<string, Record<string, unknown>>;
        services.kubelet = { ...(services.kubelet ?? {}), extra_args: { 'max-pods': maxPods } };
        config.services = services;
        config.upgrade_strategy = { max_unavailable_worker: '1' };
      });
      const killed = await rkeKilledAt(['up', '--config', configPath], dir, marker);
      expect(killed.killed, `${what}: ${killed.stderr.slice(-1500)}`).toBe(true);
      assertStateIntact();
      const res = await rke(['up', '--config', configPath], dir);
      expect(res.code, res.stderr.slice(-3000)).toBe(0);
      assertStateIntact();
      await assertHealthy(`killed at: ${killed.stderr.slice(-1500)}\n--- then:\n${res.stderr}`);
    }
    // A kill lands anywhere after its marker. One state it can leave (seen in CI), made here on
    // purpose: the old kubelet stopped, not yet renamed; the next run must replace it, not start it.
    editClusterYml(configPath, (config) => {
      (config.services as Record<string, Record<string, unknown>>).kubelet = { extra_args: { 'max-pods': String(111 + n) } };
    });
    await nodeExec(lab.nodes[2]!.container, 'docker stop kubelet');
    const res = await rke(['up', '--config', configPath], dir);
    expect(res.code, res.stderr.slice(-3000)).toBe(0);
    expect(res.stderr).toMatch(new RegExp(`Updating container \\[kubelet\\] on host \\[${lab.nodes[2]!.address.replace(/\./g, '\\.')}\\]`));
    await assertHealthy(res.stderr);
  });
});
