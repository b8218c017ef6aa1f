import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../../src/k8s/apply.js';
import { selectPodsToEvict, type DrainOptions } from '../../../src/k8s/nodes.js';

const defaults: DrainOptions = { force: false, ignoreDaemonSets: true, deleteLocalData: false, gracePeriod: -1, timeout: 120 };

function pod(name: string, extra: { owner?: string; emptyDir?: boolean; mirror?: boolean; phase?: string } = {}): V1Pod {
  return {
    metadata: {
      name,
      namespace: 'default',
      ...(extra.owner ? { ownerReferences: [{ kind: extra.owner, name: 'x', apiVersion: 'apps/v1', uid: '1' }] } : {}),
      ...(extra.mirror ? { annotations: { 'kubernetes.io/config.mirror': 'abc' } } : {}),
    },
    spec: { containers: [], ...(extra.emptyDir ? { volumes: [{ name: 'scratch', emptyDir: {} }] } : {}) },
    status: extra.phase ? { phase: extra.phase } : {},
  };
}

describe('selectPodsToEvict (kubectl drain rules)', () => {
  it('evicts controller-managed pods and skips DaemonSet and mirror pods', () => {
    const { evict, blockers } = selectPodsToEvict(
      [pod('web', { owner: 'ReplicaSet' }), pod('ds', { owner: 'DaemonSet' }), pod('static', { mirror: true })],
      defaults,
    );
    expect(evict.map((p) => p.metadata?.name)).toEqual(['web']);
    expect(blockers).toEqual([]);
  });

  it('refuses unmanaged and emptyDir pods unless force / delete_local_data', () => {
    const pods = [pod('bare'), pod('cache', { owner: 'ReplicaSet', emptyDir: true })];
    const refused = selectPodsToEvict(pods, defaults);
    expect(refused.evict).toEqual([]);
    expect(refused.blockers).toEqual([
      'default/bare is not managed by a controller (set force)',
      'default/cache uses emptyDir local storage (set delete_local_data)',
    ]);
    const allowed = selectPodsToEvict(pods, { ...defaults, force: true, deleteLocalData: true });
    expect(allowed.evict.map((p) => p.metadata?.name)).toEqual(['bare', 'cache']);
  });

  it('blocks on DaemonSet pods when ignore_daemonsets is false, and always evicts finished pods', () => {
    const { evict, blockers } = selectPodsToEvict(
      [pod('ds', { owner: 'DaemonSet' }), pod('done', { phase: 'Succeeded' })],
      { ...defaults, ignoreDaemonSets: false },
    );
    expect(evict.map((p) => p.metadata?.name)).toEqual(['done']);
    expect(blockers).toEqual(['default/ds is managed by a DaemonSet (set ignore_daemonsets)']);
  });
});

describe('parseManifest', () => {
  it('splits documents, drops empty ones and unwraps Lists', () => {
    const objects = parseManifest(`
apiVersion: v1
kind: Namespace
metadata: {name: a}
---
---
apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: ConfigMap, metadata: {name: b, namespace: a}}
`);
    expect(objects.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual(['Namespace/a', 'ConfigMap/b']);
  });

  it('throws on malformed YAML', () => {
    expect(() => parseManifest('a: [1,')).toThrow();
  });
});
