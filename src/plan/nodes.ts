import type { ObservedKubernetes } from '../observe/types.js';
import type { PlanStep, FieldChange } from './types.js';

export interface NodeTaint {
  key: string;
  value?: string;
  effect: string;
}

/** Labels and taints RKE1 keeps on a Kubernetes node (SyncLabelsAndTaints). */
export interface DesiredNodeMeta {
  address: string;
  nodeName: string;
  labels: Record<string, string>;
  taints: NodeTaint[];
  /** What the previous config set: only those are removed when they disappear from cluster.yml. */
  previousLabels: Record<string, string>;
  previousTaints: NodeTaint[];
}

const taintId = (t: NodeTaint) => `${t.key}=${t.value ?? ''}:${t.effect}`;

export function nodeMetaChanges(meta: DesiredNodeMeta, actual: { labels: Record<string, string>; taints: NodeTaint[] }): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [k, v] of Object.entries(meta.labels)) {
    if (actual.labels[k] !== v) changes.push({ field: `label ${k}`, before: actual.labels[k], after: v });
  }
  for (const k of Object.keys(meta.previousLabels)) {
    if (!(k in meta.labels) && k in actual.labels) changes.push({ field: `label ${k}`, before: actual.labels[k], after: undefined });
  }
  const have = new Set(actual.taints.map(taintId));
  const want = new Set(meta.taints.map(taintId));
  for (const t of meta.taints) if (!have.has(taintId(t))) changes.push({ field: `taint ${t.key}`, after: taintId(t) });
  for (const t of meta.previousTaints) {
    if (!want.has(taintId(t)) && have.has(taintId(t))) changes.push({ field: `taint ${t.key}`, before: taintId(t) });
  }
  return changes;
}

export function nodeSyncStep(meta: DesiredNodeMeta, k8s: ObservedKubernetes | undefined): PlanStep | undefined {
  const actual = k8s?.nodes[meta.nodeName];
  if (!actual) {
    return {
      phase: 'nodes',
      host: meta.address,
      action: 'sync-node',
      target: meta.nodeName,
      reason: k8s ? 'node not registered yet' : 'Kubernetes API not reachable yet',
      changes: [
        ...Object.entries(meta.labels).map(([k, v]) => ({ field: `label ${k}`, after: v })),
        ...meta.taints.map((t) => ({ field: `taint ${t.key}`, after: taintId(t) })),
      ],
    };
  }
  const changes = nodeMetaChanges(meta, actual);
  if (changes.length === 0) return undefined;
  return { phase: 'nodes', host: meta.address, action: 'sync-node', target: meta.nodeName, reason: 'labels or taints differ', changes };
}
