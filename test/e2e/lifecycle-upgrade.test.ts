/**
 * Issue 8 on the lab: a rolling upgrade of Kubernetes v1.32.13 (RKE1's last, the default) to
 * v1.33.13 (rke-ts's own version, rke-ts-extensions.json; its hyperkube built by the lab from the
 * k8s.io/kubernetes v1.33.13 module) with max_unavailable_worker 1 and drain: never two workers
 * cordoned, every kubelet and the API server on v1.33.13, nothing left to plan; then a broken
 * upgrade rolled back automatically, and `rke remove` + `rke up` on the same hosts.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabInfo } from '../../lab/src/lab.js';
import { editClusterYml, expectNothingPlanned, freshLab, rke, waitFor, webDeployment, writeClusterYml } from './harness.js';

const run = promisify(execFile);
const FROM_VERSION = 'v1.32.13-rancher1-2';
const TO = { version: 'v1.33.13-rancher1-1', upstream: 'v1.33.13', image: 'rke-extended-life/hyperkube:v1.33.13-rancher1' };
const TOOLS_IMAGE = 'rancher/rke-tools:v0.1.114';
const K8S_CONTAINERS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy'];

let lab: LabInfo;
let configPath: string;
let dir: string;

function api(): { core: k8s.CoreV1Api; apps: k8s.AppsV1Api } {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(join(dir, 'kube_config_cluster.yml'));
  return { core: kc.makeApiClient(k8s.CoreV1Api), apps: kc.makeApiClient(k8s.AppsV1Api) };
}

async function containerImages(node: string): Promise<Record<string, string>> {
  const { stdout } = await run('docker', ['exec', node, 'docker', 'ps', '--format', '{{.Names}} {{.Image}}']);
  return Object.fromEntries(stdout.trim().split('\n').map((l) => l.split(' ') as [string, string]).filter(([n]) => !n.startsWith('k8s_')));
}

async function containerCmd(node: string, name: string): Promise<string[]> {
  const { stdout } = await run('docker', ['exec', node, 'docker', 'inspect', '--format', '{{json .Args}}', name]);
  return JSON.parse(stdout) as string[];
}

/** Polls the nodes while `during` runs; returns the most workers ever cordoned at one time. */
async function watchCordoned<T>(during: () => Promise<T>): Promise<{ result: T; maxCordoned: number; seen: string[] }> {
  const { core } = api();
  let stop = false;
  let maxCordoned = 0;
  const seen = new Set<string>();
  const watcher = (async () => {
    while (!stop) {
      try {
        const nodes = await core.listNode();
        const cordoned = nodes.items.filter((n) => n.spec?.unschedulable && n.metadata?.labels?.['node-role.kubernetes.io/worker'] === 'true' && !n.metadata.labels['node-role.kubernetes.io/controlplane']);
        for (const n of cordoned) seen.add(n.metadata!.name!);
        maxCordoned = Math.max(maxCordoned, cordoned.length);
      } catch {
        // the API is briefly away while kube-apiserver is replaced
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  try {
    return { result: await during(), maxCordoned, seen: [...seen] };
  } finally {
    stop = true;
    await watcher;
  }
}

describe('rolling upgrade, automatic rollback, remove + up (1 etcd+controlplane, 2 workers)', () => {
  beforeAll(async () => {
    lab = await freshLab(3);
    configPath = writeClusterYml(lab, [['etcd', 'controlplane'], ['worker'], ['worker']]);
    dir = dirname(configPath);
    editClusterYml(configPath, (c) => {
      c.kubernetes_version = FROM_VERSION;
      // RKE1's addon_job_timeout (default 30 s) is too short for addon jobs on a loaded machine.
      c.addon_job_timeout = 300;
    });
  });

  afterAll(async () => {
    if (configPath) await rke(['remove', '--force', '--config', configPath], dir);
  });

  it('builds the cluster and runs a workload on the workers', async () => {
    const res = await rke(['up', '--config', configPath], dir);
    expect(res.code, res.stderr.slice(-3000)).toBe(0);
    const { apps } = api();
    await apps.createNamespacedDeployment({ namespace: 'default', body: webDeployment(2, TOOLS_IMAGE) });
    await waitFor('web available', async () => ((await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' })).status?.availableReplicas ?? 0) >= 1 || undefined);
  });

  it(`upgrades to ${TO.upstream} with max_unavailable_worker 1 and drain: never two workers cordoned, every node on the new version`, async () => {
    editClusterYml(configPath, (c) => {
      c.kubernetes_version = TO.version;
      c.upgrade_strategy = { max_unavailable_worker: '1', max_unavailable_controlplane: '1', drain: true, node_drain_input: { ignore_daemonsets: true, delete_local_data: true, force: true, grace_period: 5, timeout: 120 } };
    });
    const planned = await rke(['plan', '--config', configPath, '--output', 'json'], dir);
    expect(planned.code).toBe(2);
    const planJson = JSON.parse(planned.stdout) as { phases: { name: string; batches?: { hosts: string[] }[] }[] };
    expect(planJson.phases.find((p) => p.name === 'worker')?.batches?.map((b) => b.hosts.length)).toEqual([1, 1]);

    const { result: res, maxCordoned, seen } = await watchCordoned(() => rke(['up', '--config', configPath], dir));
    expect(res.code, res.stderr.slice(-3000)).toBe(0);
    expect(res.stderr).toMatch(/Draining node \[[^\]]*node-2\]/);
    expect(maxCordoned).toBeLessThanOrEqual(1);
    expect(seen.length).toBeGreaterThanOrEqual(1); // the watcher did see the rolling drain happen
    for (const node of lab.nodes) {
      const images = await containerImages(node.container);
      for (const [name, image] of Object.entries(images)) if (K8S_CONTAINERS.includes(name)) expect(`${node.name} ${name} ${image}`).toBe(`${node.name} ${name} ${TO.image}`);
    }
    const { core, apps } = api();
    const nodes = await core.listNode();
    expect(nodes.items.every((n) => !n.spec?.unschedulable)).toBe(true);
    expect(nodes.items.map((n) => `${n.metadata?.name} ${n.status?.nodeInfo?.kubeletVersion}`).sort()).toEqual(lab.nodes.map((n) => `${n.name} ${TO.upstream}`).sort());
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(join(dir, 'kube_config_cluster.yml'));
    expect((await kc.makeApiClient(k8s.VersionApi).getCode()).gitVersion).toBe(TO.upstream);
    expect((await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' })).status?.availableReplicas).toBeGreaterThanOrEqual(1);
    expect(existsSync(join(dir, 'cluster.rke-journal.json'))).toBe(false);
    const state = JSON.parse(readFileSync(join(dir, 'cluster.rkestate'), 'utf8')) as { currentState: { rkeConfig: { kubernetesVersion: string } } };
    expect(state.currentState.rkeConfig.kubernetesVersion).toBe(TO.version);
    await expectNothingPlanned(configPath, dir, res.stderr);
  });

  it('rolls a broken upgrade back automatically: non-zero exit, report names host and check, cluster serves on the old spec', async () => {
    const cp = lab.nodes[0]!;
    const before = await containerCmd(cp.container, 'kube-apiserver');
    const stateBefore = JSON.parse(readFileSync(join(dir, 'cluster.rkestate'), 'utf8')) as { currentState: unknown };
    editClusterYml(configPath, (c) => {
      const services = (c.services ?? {}) as Record<string, Record<string, unknown>>;
      services['kube-api'] = { ...(services['kube-api'] ?? {}), extra_args: { 'no-such-flag-for-e2e': 'true' } };
      c.services = services;
    });
    const res = await rke(['up', '--config', configPath], dir);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(new RegExp(`host \\[${cp.address.replace(/\./g, '\\.')}\\].*kube-apiserver`));
    expect(res.stderr).toMatch(/Failed to verify healthcheck/);
    expect(res.stderr).toMatch(/rolled back: previous containers restored/);
    expect(await containerCmd(cp.container, 'kube-apiserver')).toEqual(before);
    const { core } = api();
    const nodes = await waitFor('the API to serve again', async () => (await core.listNode()).items);
    expect(nodes.length).toBe(3);
    const stateAfter = JSON.parse(readFileSync(join(dir, 'cluster.rkestate'), 'utf8')) as { currentState: unknown };
    expect(stateAfter.currentState).toEqual(stateBefore.currentState);
    expect(JSON.stringify(stateAfter.currentState)).not.toContain('no-such-flag-for-e2e');

    // Rollback is idempotent and the journal does not poison the next run: fixing cluster.yml converges.
    editClusterYml(configPath, (c) => {
      const services = c.services as Record<string, Record<string, unknown>>;
      delete services['kube-api']!.extra_args;
    });
    const fixed = await rke(['up', '--config', configPath], dir);
    expect(fixed.code, fixed.stderr.slice(-3000)).toBe(0);
    await expectNothingPlanned(configPath, dir, fixed.stderr);
  });

  it('rke remove, then rke up on the same hosts builds a fresh cluster', async () => {
    const removed = await rke(['remove', '--force', '--config', configPath], dir);
    expect(removed.code, removed.stderr.slice(-2000)).toBe(0);
    expect(existsSync(join(dir, 'cluster.rkestate'))).toBe(false);
    for (const node of lab.nodes) expect(Object.keys(await containerImages(node.container)).filter((n) => K8S_CONTAINERS.includes(n) || n === 'etcd')).toEqual([]);
    const res = await rke(['up', '--config', configPath], dir);
    expect(res.code, res.stderr.slice(-3000)).toBe(0);
    const { core } = api();
    const nodes = await core.listNode();
    expect(nodes.items.map((n) => n.metadata?.name).sort()).toEqual(lab.nodes.map((n) => n.name).sort());
    // a fresh cluster: the old workload is gone
    const pods = await core.listNamespacedPod({ namespace: 'default' });
    expect(pods.items.filter((p) => p.metadata?.name?.startsWith('web-'))).toEqual([]);
  });
});
