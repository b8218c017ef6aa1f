import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { PatchStrategy } from '@kubernetes/client-node';
import type { KubeClients } from './client.js';
import { isNotFound } from './client.js';

export function isNodeReady(node: V1Node): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export async function getNode(clients: KubeClients, name: string): Promise<V1Node | undefined> {
  try {
    return await clients.core.readNode({ name });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Polls until every named node is Ready; rejects naming the nodes that are not Ready at the deadline. */
export async function waitForNodesReady(
  clients: KubeClients,
  names: string[],
  timeoutMs: number,
  intervalMs = 2000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pending = [...names];
  for (;;) {
    const still: string[] = [];
    for (const name of pending) {
      const node = await getNode(clients, name).catch(() => undefined);
      if (!node || !isNodeReady(node)) still.push(name);
    }
    pending = still;
    if (pending.length === 0) return;
    if (Date.now() >= deadline) {
      throw new Error(`node(s) [${pending.join(', ')}] not Ready after ${Math.round(timeoutMs / 1000)}s`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export async function setUnschedulable(clients: KubeClients, name: string, unschedulable: boolean): Promise<void> {
  await clients.objects.patch(
    { apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: { unschedulable } } as V1Node,
    undefined,
    undefined,
    undefined,
    undefined,
    PatchStrategy.MergePatch,
  );
}

export const cordonNode = (c: KubeClients, name: string) => setUnschedulable(c, name, true);
export const uncordonNode = (c: KubeClients, name: string) => setUnschedulable(c, name, false);

/** RKE1's `upgrade_strategy.node_drain_input` (kubectl drain semantics). */
export interface DrainOptions {
  force: boolean;
  ignoreDaemonSets: boolean;
  deleteLocalData: boolean;
  /** Seconds; -1 keeps each pod's own terminationGracePeriodSeconds. */
  gracePeriod: number;
  /** Seconds for the whole drain. */
  timeout: number;
}

function isMirrorPod(pod: V1Pod): boolean {
  return pod.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined;
}
function isDaemonSetPod(pod: V1Pod): boolean {
  return pod.metadata?.ownerReferences?.some((o) => o.kind === 'DaemonSet') ?? false;
}
function hasLocalStorage(pod: V1Pod): boolean {
  return pod.spec?.volumes?.some((v) => v.emptyDir !== undefined) ?? false;
}
function isUnmanaged(pod: V1Pod): boolean {
  return (pod.metadata?.ownerReferences?.length ?? 0) === 0;
}
function isFinished(pod: V1Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/**
 * Chooses the pods a drain evicts, or the reasons it must refuse, with kubectl drain's rules:
 * mirror pods are skipped; DaemonSet pods are skipped with ignoreDaemonSets or block otherwise;
 * emptyDir pods need deleteLocalData; pods without a controller need force. Finished pods are
 * always deletable.
 */
export function selectPodsToEvict(pods: V1Pod[], opts: DrainOptions): { evict: V1Pod[]; blockers: string[] } {
  const evict: V1Pod[] = [];
  const blockers: string[] = [];
  for (const pod of pods) {
    const id = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
    if (isMirrorPod(pod)) continue;
    if (isFinished(pod)) {
      evict.push(pod);
      continue;
    }
    if (isDaemonSetPod(pod)) {
      if (!opts.ignoreDaemonSets) blockers.push(`${id} is managed by a DaemonSet (set ignore_daemonsets)`);
      continue;
    }
    if (isUnmanaged(pod) && !opts.force) {
      blockers.push(`${id} is not managed by a controller (set force)`);
      continue;
    }
    if (hasLocalStorage(pod) && !opts.deleteLocalData) {
      blockers.push(`${id} uses emptyDir local storage (set delete_local_data)`);
      continue;
    }
    evict.push(pod);
  }
  return { evict, blockers };
}

/** Cordons, then evicts the node's pods and waits until they are gone or the timeout expires. */
export async function drainNode(clients: KubeClients, name: string, opts: DrainOptions): Promise<void> {
  await cordonNode(clients, name);
  const deadline = Date.now() + opts.timeout * 1000;
  const list = await clients.core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${name}` });
  const { evict, blockers } = selectPodsToEvict(list.items, opts);
  if (blockers.length > 0) throw new Error(`cannot drain node [${name}]: ${blockers.join('; ')}`);
  for (const pod of evict) {
    const body = {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: pod.metadata!.name!, namespace: pod.metadata!.namespace! },
      ...(opts.gracePeriod >= 0 ? { deleteOptions: { gracePeriodSeconds: opts.gracePeriod } } : {}),
    };
    for (;;) {
      try {
        await clients.core.createNamespacedPodEviction({ name: body.metadata.name, namespace: body.metadata.namespace, body });
        break;
      } catch (err) {
        if (isNotFound(err)) break;
        // 429: a PodDisruptionBudget forbids it for now; retry until the deadline like kubectl.
        if (Date.now() >= deadline) throw new Error(`drain of node [${name}] timed out evicting ${body.metadata.namespace}/${body.metadata.name}`, { cause: err });
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }
  for (const pod of evict) {
    for (;;) {
      try {
        const current = await clients.core.readNamespacedPod({ name: pod.metadata!.name!, namespace: pod.metadata!.namespace! });
        if (current.metadata?.uid !== pod.metadata?.uid) break;
      } catch (err) {
        if (isNotFound(err)) break;
        throw err;
      }
      if (Date.now() >= deadline) throw new Error(`drain of node [${name}] timed out waiting for ${pod.metadata?.namespace}/${pod.metadata?.name} to terminate`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

export async function deleteNode(clients: KubeClients, name: string): Promise<void> {
  try {
    await clients.core.deleteNode({ name });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
