/**
 * Issue 7, on the lab: `rke up` builds a working cluster (1 etcd+controlplane, 2 workers), a
 * re-run changes nothing, and a kubelet extra_args change replaces exactly the kubelets.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabInfo } from '../../lab/src/lab.js';
import { containerIds, echoDaemonSet, expectNothingPlanned, freshLab, rke, waitFor, writeClusterYml } from './harness.js';

const TOOLS_IMAGE = 'rancher/rke-tools:v0.1.114';
let lab: LabInfo;
let configPath: string;
let dir: string;
let kc: k8s.KubeConfig;

describe('rke up on a 3-node lab (1 etcd+controlplane, 2 workers)', () => {
  beforeAll(async () => {
    lab = await freshLab(3);
    configPath = writeClusterYml(lab, [['etcd', 'controlplane'], ['worker'], ['worker']]);
    dir = dirname(configPath);
  });

  afterAll(async () => {
    if (configPath) await rke(['remove', '--force', '--config', configPath], dir);
  });

  it('brings the cluster up and every node becomes Ready', async () => {
    const res = await rke(['up', '--config', configPath], dir);
    expect(res.stderr).toContain('Finished building Kubernetes cluster successfully');
    expect(res.code).toBe(0);
    kc = new k8s.KubeConfig();
    kc.loadFromFile(join(dir, 'kube_config_cluster.yml'));
    const nodes = await kc.makeApiClient(k8s.CoreV1Api).listNode();
    expect(nodes.items.map((n) => n.metadata?.name).sort()).toEqual(lab.nodes.map((n) => n.name).sort());
    for (const n of nodes.items) expect(n.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
  });

  it('runs a pod on every node; DNS, the pod network across nodes and a ClusterIP service work', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const ns = 'e2e';
    await core.createNamespace({ body: { metadata: { name: ns } } });
    const labels = { app: 'echo' };
    await apps.createNamespacedDaemonSet({ namespace: ns, body: echoDaemonSet('echo', TOOLS_IMAGE) });
    await core.createNamespacedService({ namespace: ns, body: { metadata: { name: 'echo' }, spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] } } });
    const pods = await waitFor('an echo pod running on every node', async () => {
      const list = await core.listNamespacedPod({ namespace: ns, labelSelector: 'app=echo' });
      const running = list.items.filter((p) => p.status?.phase === 'Running' && p.status.podIP);
      return running.length === lab.nodes.length ? running : undefined;
    });
    expect(new Set(pods.map((p) => p.spec?.nodeName)).size).toBe(lab.nodes.length);

    // CoreDNS comes up with the addons, after `rke up` returns (as with RKE1): wait for it to serve.
    await waitFor('CoreDNS ready', async () => {
      const d = await apps.readNamespacedDeployment({ name: 'coredns', namespace: 'kube-system' });
      return (d.status?.readyReplicas ?? 0) > 0 ? true : undefined;
    });

    // From a pod on each node: DNS, another node's pod by IP, and the ClusterIP service by name.
    for (const [i, node] of lab.nodes.entries()) {
      const other = pods.find((p) => p.spec?.nodeName !== node.name)!;
      const script = [
        'set -ex',
        // busybox nslookup exits 1 when the AAAA query finds nothing: judge the A answer instead
        'busybox nslookup kubernetes.default.svc.cluster.local | grep -q "Address: 10.43.0.1"',
        // curl, not busybox wget: the lab tools image's busybox wget crashes (exit 139)
        `curl -sf -m 10 http://${other.status!.podIP}:8080/ | grep -qx ${other.spec!.nodeName}`,
        'curl -sf -m 10 http://echo.e2e.svc.cluster.local/ | grep -q lab-node',
      ].join('\n');
      await core.createNamespacedPod({
        namespace: ns,
        body: {
          metadata: { name: `probe-${i}` },
          spec: { nodeName: node.name, restartPolicy: 'Never', tolerations: [{ operator: 'Exists' }], containers: [{ name: 'probe', image: TOOLS_IMAGE, command: ['sh', '-c', script] }] },
        },
      });
    }
    for (const [i] of lab.nodes.entries()) {
      const phase = await waitFor(`probe-${i} to finish`, async () => {
        const p = await core.readNamespacedPod({ name: `probe-${i}`, namespace: ns });
        return p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed' ? p.status.phase : undefined;
      });
      if (phase !== 'Succeeded') {
        const logs = await core.readNamespacedPodLog({ name: `probe-${i}`, namespace: ns }).catch(() => '');
        throw new Error(`probe-${i} on ${lab.nodes[i]!.name} failed: ${logs}`);
      }
    }
  });

  it('plans no change and recreates no container on a second up', async () => {
    const before = await Promise.all(lab.nodes.map((n) => containerIds(n.container)));
    const planned = await rke(['plan', '--config', configPath], dir);
    expect(planned.stdout).toContain('No changes.');
    expect(planned.code).toBe(0);
    const again = await rke(['up', '--config', configPath], dir);
    expect(again.code).toBe(0);
    const after = await Promise.all(lab.nodes.map((n) => containerIds(n.container)));
    expect(after).toEqual(before);
    await expectNothingPlanned(configPath, dir, again.stderr);
  });

  it('replaces exactly the kubelets when a kubelet extra_args value changes', async () => {
    const config = parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
    const services = (config.services ?? {}) as Record<string, Record<string, unknown>>;
    services.kubelet = { ...(services.kubelet ?? {}), extra_args: { 'max-pods': '120' } };
    config.services = services;
    writeFileSync(configPath, stringify(config));
    const planned = await rke(['plan', '--config', configPath, '--output', 'json'], dir);
    expect(planned.code).toBe(2);
    const steps = (JSON.parse(planned.stdout).phases as { steps: { host: string; action: string; target: string }[] }[]).flatMap((p) => p.steps);
    const containerSteps = steps.filter((s) => s.action !== 'write-state');
    expect(containerSteps.map((s) => `${s.action} ${s.target}`)).toEqual(lab.nodes.map(() => 'replace kubelet'));
    expect(containerSteps.map((s) => s.host).sort()).toEqual(lab.nodes.map((n) => n.address).sort());

    const before = await Promise.all(lab.nodes.map((n) => containerIds(n.container)));
    const res = await rke(['up', '--config', configPath], dir);
    expect(res.code).toBe(0);
    const after = await Promise.all(lab.nodes.map((n) => containerIds(n.container)));
    for (const [i] of lab.nodes.entries()) {
      const changed = Object.keys(after[i]!).filter((name) => after[i]![name] !== before[i]![name]);
      expect(changed).toEqual(['kubelet']);
    }
  });
});
