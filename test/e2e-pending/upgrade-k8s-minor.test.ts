/**
 * Issue 8 on the lab: a Kubernetes minor upgrade, v1.32.13 (RKE1's last, the default) → v1.33.13
 * (rke-ts's own version from src/versions/data/rke-ts-extensions.json, its hyperkube image built
 * by lab/images/kubernetes from the k8s.io/kubernetes v1.33.13 module). One cold `rke up` on
 * v1.32, one `rke up` after changing kubernetes_version: every kubelet and the API server report
 * v1.33.13, the workload keeps running, and a following `rke plan` has nothing to do.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabInfo } from '../../lab/src/lab.js';
import { echoDaemonSet, editClusterYml, freshLab, nodeExec, rke, waitFor, writeClusterYml } from '../e2e/harness.js';

const FROM = { version: 'v1.32.13-rancher1-2', upstream: 'v1.32.13', image: 'rke-extended-life/hyperkube:v1.32.13-rancher1' };
const TO = { version: 'v1.33.13-rancher1-1', upstream: 'v1.33.13', image: 'rke-extended-life/hyperkube:v1.33.13-rancher1' };
const K8S_CONTAINERS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy'];
const NS = 'upgrade-e2e';

let lab: LabInfo;
let configPath: string;
let dir: string;

function kubeConfig(): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(join(dir, 'kube_config_cluster.yml'));
  return kc;
}

/** The image of each Kubernetes container on a node, as its Docker engine runs it. */
async function kubernetesImages(nodeContainer: string): Promise<Record<string, string>> {
  const out = await nodeExec(nodeContainer, "docker ps --format '{{.Names}} {{.Image}}'");
  const pairs = out.trim().split('\n').map((l) => l.split(' ') as [string, string]);
  return Object.fromEntries(pairs.filter(([name]) => K8S_CONTAINERS.includes(name)));
}

/** Node name → kubelet version, once every lab node reports `version` and is Ready. */
async function kubeletsAt(version: string): Promise<Record<string, string>> {
  const core = kubeConfig().makeApiClient(k8s.CoreV1Api);
  return waitFor(`every kubelet at ${version} and Ready`, async () => {
    const nodes = (await core.listNode()).items;
    const ready = nodes.filter(
      (n) => n.status?.nodeInfo?.kubeletVersion === version && n.status.conditions?.find((c) => c.type === 'Ready')?.status === 'True',
    );
    if (ready.length !== lab.nodes.length) return undefined;
    return Object.fromEntries(ready.map((n) => [n.metadata!.name!, n.status!.nodeInfo!.kubeletVersion]));
  });
}

/** The echo pods, once one runs on every node (each answering on its pod IP). */
async function echoPodsRunning(): Promise<k8s.V1Pod[]> {
  const core = kubeConfig().makeApiClient(k8s.CoreV1Api);
  return waitFor('an echo pod running and ready on every node', async () => {
    const pods = (await core.listNamespacedPod({ namespace: NS, labelSelector: 'app=echo' })).items;
    const ready = pods.filter((p) => p.status?.phase === 'Running' && p.status.conditions?.find((c) => c.type === 'Ready')?.status === 'True');
    return ready.length === lab.nodes.length ? ready : undefined;
  });
}

describe(`Kubernetes minor upgrade ${FROM.upstream} → ${TO.upstream} (1 etcd+controlplane, 2 workers)`, () => {
  beforeAll(async () => {
    lab = await freshLab(3);
    configPath = writeClusterYml(lab, [['etcd', 'controlplane'], ['worker'], ['worker']]);
    dir = dirname(configPath);
    editClusterYml(configPath, (c) => {
      c.kubernetes_version = FROM.version;
      // RKE1's addon_job_timeout (default 30 s) is too short for addon jobs on a loaded machine.
      c.addon_job_timeout = 300;
    });
  });

  afterAll(async () => {
    if (configPath) await rke(['remove', '--force', '--config', configPath], dir);
  });

  it(`builds a ${FROM.upstream} cluster and runs a pod on every node`, async () => {
    const res = await rke(['up', '--config', configPath], dir);
    expect(res.code, res.stderr.slice(-3000)).toBe(0);
    expect(Object.values(await kubeletsAt(FROM.upstream))).toHaveLength(3);
    const kc = kubeConfig();
    await kc.makeApiClient(k8s.CoreV1Api).createNamespace({ body: { metadata: { name: NS } } });
    await kc.makeApiClient(k8s.AppsV1Api).createNamespacedDaemonSet({ namespace: NS, body: echoDaemonSet('echo') });
    await echoPodsRunning();
  });

  it(`upgrades to ${TO.version}: rke up exits 0, every kubelet and kube-apiserver report ${TO.upstream}, pods run`, async () => {
    editClusterYml(configPath, (c) => {
      c.kubernetes_version = TO.version;
    });
    const planned = await rke(['plan', '--config', configPath, '--output', 'json'], dir);
    expect(planned.code, planned.stderr.slice(-2000)).toBe(2); // changes pending
    expect(JSON.parse(planned.stdout).changes).toBeGreaterThan(0);

    const res = await rke(['up', '--config', configPath], dir);
    expect(res.code, res.stderr.slice(-3000)).toBe(0);

    const kubelets = await kubeletsAt(TO.upstream);
    expect(Object.keys(kubelets).sort()).toEqual(lab.nodes.map((n) => n.name).sort());
    const kc = kubeConfig();
    const version = await kc.makeApiClient(k8s.VersionApi).getCode();
    expect(version.gitVersion).toBe(TO.upstream);
    expect(version.minor).toBe('33');

    // Every Kubernetes container on every node runs the v1.33 image; none is left on v1.32.
    for (const node of lab.nodes) {
      const images = await kubernetesImages(node.container);
      expect(Object.keys(images).length, node.name).toBeGreaterThanOrEqual(2); // kubelet + kube-proxy at least
      for (const [name, image] of Object.entries(images)) expect(`${node.name} ${name} ${image}`).toBe(`${node.name} ${name} ${TO.image}`);
    }
    const cp = lab.nodes[0]!;
    expect(await nodeExec(cp.container, 'docker exec kube-apiserver kube-apiserver --version')).toContain(TO.upstream);

    // The workload and the system addons run on the upgraded cluster.
    await echoPodsRunning();
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    await waitFor('CoreDNS ready', async () => {
      const d = await apps.readNamespacedDeployment({ name: 'coredns', namespace: 'kube-system' });
      return (d.status?.readyReplicas ?? 0) > 0 ? true : undefined;
    });

    // The state file records the new version as current.
    const state = JSON.parse(readFileSync(join(dir, 'cluster.rkestate'), 'utf8')) as {
      currentState: { rkeConfig: { kubernetesVersion: string; systemImages: { kubernetes: string } } };
    };
    expect(state.currentState.rkeConfig.kubernetesVersion).toBe(TO.version);
    expect(state.currentState.rkeConfig.systemImages.kubernetes).toBe(TO.image);
  });

  it('rke plan afterwards has nothing to do', async () => {
    const planned = await rke(['plan', '--config', configPath, '--output', 'json'], dir);
    expect(planned.code, planned.stderr.slice(-2000)).toBe(0);
    expect(JSON.parse(planned.stdout).changes).toBe(0);
  });
});
