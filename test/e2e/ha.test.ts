/**
 * Issue 7, HA on the lab: three nodes with every role (etcd and control plane on each) and one
 * worker. Stopping one kube-apiserver leaves the cluster usable: the worker's nginx-proxy sends
 * it to the others, its node stays Ready, new pods run there; `rke up` then plans exactly the
 * restart of that container and brings it back.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabInfo, LabNode } from '../../lab/src/lab.js';
import { containerIds, freshLab, rke, waitFor, writeClusterYml } from './harness.js';

const run = promisify(execFile);
const TOOLS_IMAGE = 'rancher/rke-tools:v0.1.114';
let lab: LabInfo;
let configPath: string;
let dir: string;

/** A shell command run on a lab node (the node's own Docker engine is on its PATH). */
async function onNode(node: LabNode, script: string): Promise<string> {
  const { stdout } = await run('docker', ['exec', node.container, 'sh', '-c', script], { maxBuffer: 16 << 20 });
  return stdout;
}

/** The admin kubeconfig, pointed at one control-plane node's kube-apiserver. */
function clientsVia(node: LabNode): { core: k8s.CoreV1Api; coordination: k8s.CoordinationV1Api } {
  const text = readFileSync(join(dir, 'kube_config_cluster.yml'), 'utf8').replace(/server: "?https:\/\/[^:"]+:6443"?/, `server: "https://${node.address}:6443"`);
  const kc = new k8s.KubeConfig();
  kc.loadFromString(text);
  return { core: kc.makeApiClient(k8s.CoreV1Api), coordination: kc.makeApiClient(k8s.CoordinationV1Api) };
}

const ready = (n: k8s.V1Node) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';

describe('HA: 3 nodes with every role and a worker; one kube-apiserver stopped', () => {
  beforeAll(async () => {
    lab = await freshLab(4);
    const all: ('etcd' | 'controlplane' | 'worker')[] = ['etcd', 'controlplane', 'worker'];
    configPath = writeClusterYml(lab, [all, all, all, ['worker']]);
    dir = dirname(configPath);
  });

  afterAll(async () => {
    if (configPath) await rke(['remove', '--force', '--config', configPath], dir);
  });

  it('brings up 3 etcd members, 3 control planes and nginx-proxy only on the worker; every node Ready', async () => {
    const res = await rke(['up', '--config', configPath], dir);
    expect(res.stderr).toContain('Finished building Kubernetes cluster successfully');
    expect(res.code).toBe(0);

    const members = JSON.parse(await onNode(lab.nodes[0]!, 'docker exec etcd etcdctl member list -w json')) as { members: { name: string }[] };
    expect(members.members.map((m) => m.name).sort()).toEqual(lab.nodes.slice(0, 3).map((n) => `etcd-${n.name}`).sort());

    const ids = await Promise.all(lab.nodes.map((n) => containerIds(n.container)));
    for (const i of [0, 1, 2]) {
      expect(Object.keys(ids[i]!)).toEqual(expect.arrayContaining(['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy']));
      expect(ids[i]).not.toHaveProperty('nginx-proxy');
    }
    expect(Object.keys(ids[3]!)).toEqual(expect.arrayContaining(['nginx-proxy', 'kubelet', 'kube-proxy']));
    expect(ids[3]).not.toHaveProperty('kube-apiserver');

    const nodes = await clientsVia(lab.nodes[1]!).core.listNode();
    expect(nodes.items.filter(ready).map((n) => n.metadata?.name).sort()).toEqual(lab.nodes.map((n) => n.name).sort());
  });

  it('keeps serving through nginx-proxy on the worker when the first kube-apiserver is stopped', async () => {
    const [first, second, , worker] = lab.nodes as [LabNode, LabNode, LabNode, LabNode];
    await onNode(first, 'docker stop kube-apiserver');
    // the admin kubeconfig points at the first control plane: that address no longer answers
    await expect(onNode(worker, `docker run --rm --network host ${TOOLS_IMAGE} curl -sk -m 5 https://${first.address}:6443/readyz`)).rejects.toThrow();
    expect(await onNode(worker, 'docker ps --filter name=nginx-proxy --format "{{.Status}}"')).toMatch(/^Up/);

    // nginx-proxy on the worker (127.0.0.1:6443) still reaches a kube-apiserver, request after request
    // (as the worker's kubelet does: with the node's client certificate; anonymous requests are refused)
    const ssl = '/etc/kubernetes/ssl';
    const curl = `curl -s -m 5 --cacert ${ssl}/kube-ca.pem --cert ${ssl}/kube-node.pem --key ${ssl}/kube-node-key.pem https://127.0.0.1:6443/readyz`;
    const answers = await onNode(worker, `docker run --rm --network host -v ${ssl}:${ssl}:ro ${TOOLS_IMAGE} sh -c 'for i in 1 2 3 4 5 6 7 8 9 10; do ${curl}; echo; done'`);
    expect(answers.trim().split('\n')).toEqual(Array(10).fill('ok'));

    // the worker's kubelet keeps reporting (its heartbeats go through nginx-proxy), and new pods run on it
    const { core } = clientsVia(second);
    await core.createNamespace({ body: { metadata: { name: 'ha' } } });
    await core.createNamespacedPod({
      namespace: 'ha',
      body: {
        metadata: { name: 'on-worker' },
        spec: { nodeName: worker.name, restartPolicy: 'Never', containers: [{ name: 'c', image: TOOLS_IMAGE, command: ['sh', '-c', 'echo served'] }] },
      },
    });
    await waitFor('the pod on the worker to succeed', async () => {
      const p = await core.readNamespacedPod({ name: 'on-worker', namespace: 'ha' });
      return p.status?.phase === 'Succeeded' ? true : undefined;
    });
    // longer than the 40 s node-monitor grace period: a worker cut off from every API server would turn NotReady
    await new Promise((r) => setTimeout(r, 60_000));
    expect(ready(await core.readNode({ name: worker.name }))).toBe(true);
    // the kubelet's heartbeat is its Lease (renewed every 10 s), not the Node status
    const lease = await clientsVia(second).coordination.readNamespacedLease({ name: worker.name, namespace: 'kube-node-lease' });
    expect(Date.now() - new Date(lease.spec?.renewTime ?? 0).getTime()).toBeLessThan(40_000);
  });

  it('plans the start of the stopped kube-apiserver (and restarts of what crash-loops without it) on that node only, and rke up brings it back', async () => {
    const planned = await rke(['plan', '--config', configPath, '--output', 'json'], dir);
    expect(planned.code).toBe(2);
    const steps = (JSON.parse(planned.stdout).phases as { steps: { host: string; action: string; target: string }[] }[])
      .flatMap((p) => p.steps)
      .filter((s) => s.action !== 'write-state');
    // nothing cluster-wide: the API was observed through the second control plane
    expect(steps.map((s) => `${s.host} ${s.action} ${s.target}`)).toContain(`${lab.nodes[0]!.address} start kube-apiserver`);
    for (const s of steps) {
      expect(s.host).toBe(lab.nodes[0]!.address);
      // the node's controller-manager/scheduler talk to its own (stopped) kube-apiserver and may crash-loop
      expect(s.action === 'start' ? s.target : `restart ${s.target}`).toMatch(/^(kube-apiserver|restart kube-controller-manager|restart kube-scheduler)$/);
    }

    const res = await rke(['up', '--config', configPath], dir);
    expect(res.code).toBe(0);
    const { core } = clientsVia(lab.nodes[0]!);
    const nodes = await waitFor('every node Ready again', async () => {
      const list = await core.listNode();
      return list.items.every(ready) && list.items.length === lab.nodes.length ? list : undefined;
    });
    expect(nodes.items.length).toBe(4);
  });
});
