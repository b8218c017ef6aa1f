/**
 * Issue 8 scale on the lab, with a workload (Deployment + PodDisruptionBudget) watched throughout:
 * 1 etcd+controlplane / 2 workers → 3 etcd+controlplane / 3 workers (etcd members join one at a
 * time) → back to 1 / 2 (members removed, nodes drained and deleted, hosts cleaned).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import * as k8s from '@kubernetes/client-node';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabInfo } from '../../lab/src/lab.js';
import { editClusterYml, expectNothingPlanned, freshLab, rke, waitFor, webDeployment, writeClusterYml } from './harness.js';

const run = promisify(execFile);
const TOOLS_IMAGE = 'rancher/rke-tools:v0.1.114';
type Roles = ('etcd' | 'controlplane' | 'worker')[];
const SMALL: Roles[] = [['etcd', 'controlplane'], ['worker'], ['worker']];
const LARGE: Roles[] = [...SMALL, ['etcd', 'controlplane'], ['etcd', 'controlplane', 'worker']];

let lab: LabInfo;
let configPath: string;
let dir: string;
let allNodes: Record<string, unknown>[];

function useNodes(count: number, roles: Roles[]): void {
  editClusterYml(configPath, (config) => {
    config.nodes = allNodes.slice(0, count).map((n, i) => ({ ...n, role: roles[i] }));
    // RKE1's addon_job_timeout (default 30 s) is too short for addon jobs on a loaded machine.
    config.addon_job_timeout = 300;
  });
}

function api() {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(join(dir, 'kube_config_cluster.yml'));
  return { core: kc.makeApiClient(k8s.CoreV1Api), apps: kc.makeApiClient(k8s.AppsV1Api), policy: kc.makeApiClient(k8s.PolicyV1Api) };
}

async function etcdMembers(node: string): Promise<string[]> {
  const { stdout } = await run('docker', ['exec', node, 'docker', 'exec', 'etcd', 'etcdctl', 'member', 'list']);
  return stdout.trim().split('\n').map((l) => l.split(',')[2]!.trim()).sort();
}

async function rkeContainers(node: string): Promise<string[]> {
  const { stdout } = await run('docker', ['exec', node, 'docker', 'ps', '-a', '--format', '{{.Names}}']);
  return stdout.split('\n').filter((n) => ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy', 'nginx-proxy', 'service-sidekick'].includes(n));
}

/** Samples the Deployment's available replicas every 2 s until stopped. */
function watchWorkload() {
  const { apps } = api();
  const samples: number[] = [];
  let apiErrors = 0;
  let stop = false;
  const loop = (async () => {
    while (!stop) {
      try {
        samples.push((await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' })).status?.availableReplicas ?? 0);
      } catch {
        apiErrors++;
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  })();
  return {
    async done() {
      stop = true;
      await loop;
      return { samples, apiErrors };
    },
  };
}

describe('scale 1→3 etcd/controlplane and 2→3 workers and back, workload running throughout', () => {
  beforeAll(async () => {
    lab = await freshLab(5);
    configPath = writeClusterYml(lab, LARGE);
    dir = dirname(configPath);
    allNodes = (parse(readFileSync(configPath, 'utf8')) as { nodes: Record<string, unknown>[] }).nodes;
    useNodes(3, SMALL);
  });

  afterAll(async () => {
    if (configPath) {
      useNodes(5, LARGE);
      await rke(['remove', '--force', '--config', configPath], dir);
    }
  });

  it('builds the small cluster with a workload guarded by a PodDisruptionBudget', async () => {
    const res = await rke(['up', '--config', configPath], dir);
    expect(res.code, res.stderr.slice(-3000)).toBe(0);
    const { apps, policy } = api();
    await apps.createNamespacedDeployment({ namespace: 'default', body: webDeployment(2, TOOLS_IMAGE) });
    await policy.createNamespacedPodDisruptionBudget({ namespace: 'default', body: { metadata: { name: 'web' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } } });
    await waitFor('web available', async () => ((await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' })).status?.availableReplicas ?? 0) >= 2 || undefined);
  });

  it('scales out: two etcd+controlplane hosts join (one member at a time), a third worker', async () => {
    useNodes(5, LARGE);
    const watch = watchWorkload();
    const res = await rke(['up', '--config', configPath], dir);
    const { samples } = await watch.done();
    expect(res.code, res.stderr.slice(-3000)).toBe(0);
    // one join after the other, each through an existing member
    const joins = [...res.stderr.matchAll(/\[add\/etcd\] Adding member \[(etcd-[^\]]+)\]/g)].map((m) => m[1]);
    expect(joins).toEqual([`etcd-${lab.nodes[3]!.name}`, `etcd-${lab.nodes[4]!.name}`]);
    expect(await etcdMembers(lab.nodes[0]!.container)).toEqual([0, 3, 4].map((i) => `etcd-${lab.nodes[i]!.name}`).sort());
    const nodes = await api().core.listNode();
    expect(nodes.items.map((n) => n.metadata?.name).sort()).toEqual(lab.nodes.map((n) => n.name).sort());
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(1);
    await expectNothingPlanned(configPath, dir, res.stderr);
  });

  it('a member that never started and is no host of cluster.yml (a run killed after member add) is removed by the next up', async () => {
    const strayIp = lab.nodes[0]!.address.replace(/\.\d+$/, '.250');
    const etcdctl = (...args: string[]) => run('docker', ['exec', lab.nodes[0]!.container, 'docker', 'exec', 'etcd', 'etcdctl', ...args]);
    await etcdctl('member', 'add', 'stray', `--peer-urls=https://${strayIp}:2380`);
    expect((await etcdctl('member', 'list')).stdout).toMatch(new RegExp(`unstarted, , https://${strayIp.replace(/\./g, '\\.')}:2380`));
    const planned = await rke(['plan', '--config', configPath, '--output', 'json'], dir);
    const steps = (JSON.parse(planned.stdout).phases as { steps: { action: string; host: string }[] }[]).flatMap((p) => p.steps);
    expect(steps.map((st) => `${st.action} ${st.host}`)).toEqual([`remove-etcd-member ${strayIp}`]);
    const res = await rke(['up', '--config', configPath], dir);
    expect(res.code, res.stderr.slice(-3000)).toBe(0);
    expect(res.stderr).toMatch(new RegExp(`Removed member \\[etcd member [0-9a-f]+\\] of host \\[${strayIp.replace(/\./g, '\\.')}\\]`));
    expect((await etcdctl('member', 'list')).stdout).not.toContain(strayIp);
    expect(await etcdMembers(lab.nodes[0]!.container)).toEqual([0, 3, 4].map((i) => `etcd-${lab.nodes[i]!.name}`).sort());
    await expectNothingPlanned(configPath, dir, res.stderr);
  });

  it('scales back in: members removed, nodes drained and deleted, hosts cleaned', async () => {
    useNodes(3, SMALL);
    const planned = await rke(['plan', '--config', configPath, '--output', 'json'], dir);
    const steps = (JSON.parse(planned.stdout).phases as { steps: { action: string; host: string }[] }[]).flatMap((p) => p.steps);
    expect(steps.filter((s) => s.action === 'remove-etcd-member').map((s) => s.host).sort()).toEqual([lab.nodes[3]!.address, lab.nodes[4]!.address].sort());
    expect(steps.filter((s) => s.action === 'drain-node').length).toBe(2);

    const watch = watchWorkload();
    const res = await rke(['up', '--config', configPath], dir);
    const { samples } = await watch.done();
    expect(res.code, res.stderr.slice(-3000)).toBe(0);
    expect(await etcdMembers(lab.nodes[0]!.container)).toEqual([`etcd-${lab.nodes[0]!.name}`]);
    const nodes = await api().core.listNode();
    expect(nodes.items.map((n) => n.metadata?.name).sort()).toEqual(lab.nodes.slice(0, 3).map((n) => n.name).sort());
    for (const n of lab.nodes.slice(3)) expect(await rkeContainers(n.container)).toEqual([]);
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(1);
    const { apps } = api();
    await waitFor('web back to 2 available', async () => ((await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' })).status?.availableReplicas ?? 0) >= 2 || undefined);
    await expectNothingPlanned(configPath, dir, res.stderr);
  });
});
