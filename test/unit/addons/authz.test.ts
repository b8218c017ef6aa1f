import { describe, expect, it } from 'vitest';
import { authzObjects } from '../../../src/addons/index.js';

describe('authzObjects (RKE1 ApplyAuthzResources)', () => {
  it('always creates the job deployer: cluster-admin binding, then the ServiceAccount', () => {
    const objects = authzObjects({ authorization: { mode: 'none' } });
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ClusterRoleBinding/job-deployer', 'ServiceAccount/rke-job-deployer']);
    expect(objects[0]).toMatchObject({
      roleRef: { kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', namespace: 'kube-system', name: 'rke-job-deployer' }],
    });
    expect(objects[1]!.metadata.namespace).toBe('kube-system');
  });

  it('adds the system:node binding and kube-apiserver → kubelet RBAC with mode rbac', () => {
    const objects = authzObjects({ authorization: { mode: 'rbac' } });
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ClusterRoleBinding/job-deployer',
      'ServiceAccount/rke-job-deployer',
      'ClusterRoleBinding/system:node',
      'ClusterRole/proxy-clusterrole-kubeapiserver',
      'ClusterRoleBinding/proxy-role-binding-kubernetes-master',
    ]);
    expect(objects[2]).toMatchObject({
      metadata: { annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'false' } },
      subjects: [{ kind: 'Group', name: 'system:nodes' }],
    });
    expect(objects[3]).toMatchObject({
      rules: [{ resources: ['nodes/metrics', 'nodes/proxy', 'nodes/stats', 'nodes/log', 'nodes/spec'], verbs: ['get', 'list', 'watch', 'create'] }],
    });
    expect(objects[4]).toMatchObject({ subjects: [{ kind: 'User', name: 'kube-apiserver' }] });
  });
});
