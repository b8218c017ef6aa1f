/** RKE1 SyncLabelsAndTaints for one node: set desired labels/taints, drop the ones the previous config set. */
import { PatchStrategy, type V1Node, type V1Taint } from '@kubernetes/client-node';
import type { KubeClients } from '../k8s/client.js';
import { getNode } from '../k8s/nodes.js';
import type { DesiredNodeMeta } from '../plan/nodes.js';

const taintId = (t: { key: string; value?: string; effect: string }) => `${t.key}=${t.value ?? ''}:${t.effect}`;

export async function waitForNode(clients: KubeClients, name: string, timeoutMs: number): Promise<V1Node> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const node = await getNode(clients, name).catch(() => undefined);
    if (node) return node;
    if (Date.now() > deadline) throw new Error(`node [${name}] did not register with the Kubernetes API in ${Math.round(timeoutMs / 1000)}s`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

export async function syncNodeMeta(clients: KubeClients, meta: DesiredNodeMeta, timeoutMs = 180_000): Promise<void> {
  const node = await waitForNode(clients, meta.nodeName, timeoutMs);
  const labels: Record<string, string | null> = { ...meta.labels };
  for (const k of Object.keys(meta.previousLabels)) if (!(k in meta.labels) && node.metadata?.labels?.[k] !== undefined) labels[k] = null;
  const drop = new Set(meta.previousTaints.map(taintId));
  const want = new Set(meta.taints.map(taintId));
  const kept = (node.spec?.taints ?? []).filter((t) => !drop.has(taintId(t)) || want.has(taintId(t)));
  const have = new Set(kept.map(taintId));
  const taints: V1Taint[] = [...kept, ...meta.taints.filter((t) => !have.has(taintId(t))).map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect }))];
  await clients.objects.patch(
    { apiVersion: 'v1', kind: 'Node', metadata: { name: meta.nodeName, labels: labels as Record<string, string> }, spec: { taints } } as V1Node,
    undefined,
    undefined,
    undefined,
    undefined,
    PatchStrategy.MergePatch,
  );
}
