/**
 * The RBAC objects RKE1 creates right after the control plane is up (cluster/cluster.go
 * ApplyAuthzResources, authz/authz.go, templates/authz.go), in the order it creates them.
 */
import type { ClusterConfig } from '../config/index.js';
import { ADDON_NAMESPACE, JOB_DEPLOYER_SERVICE_ACCOUNT } from './job.js';
import type { K8sObject } from './manifest.js';

const RBAC_API = 'rbac.authorization.k8s.io/v1';

/** Lets the addon jobs' ServiceAccount apply anything (bound to cluster-admin). Always created. */
export function jobDeployerObjects(): K8sObject[] {
  return [
    {
      apiVersion: RBAC_API,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'job-deployer' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', namespace: ADDON_NAMESPACE, name: JOB_DEPLOYER_SERVICE_ACCOUNT }],
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: JOB_DEPLOYER_SERVICE_ACCOUNT, namespace: ADDON_NAMESPACE } },
  ];
}

/** Binds the `system:nodes` group to `system:node` (kubelets authenticate as system:node:<name>). */
export function systemNodeBinding(): K8sObject {
  return {
    apiVersion: RBAC_API,
    kind: 'ClusterRoleBinding',
    metadata: {
      annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'false' },
      labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
      name: 'system:node',
    },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:node' },
    subjects: [{ kind: 'Group', name: 'system:nodes', apiGroup: 'rbac.authorization.k8s.io' }],
  };
}

/** Lets kube-apiserver (user `kube-apiserver`) reach kubelets: logs, exec proxy, metrics. */
export function kubeApiProxyObjects(): K8sObject[] {
  return [
    {
      apiVersion: RBAC_API,
      kind: 'ClusterRole',
      metadata: { name: 'proxy-clusterrole-kubeapiserver' },
      rules: [
        {
          apiGroups: [''],
          resources: ['nodes/metrics', 'nodes/proxy', 'nodes/stats', 'nodes/log', 'nodes/spec'],
          verbs: ['get', 'list', 'watch', 'create'],
        },
      ],
    },
    {
      apiVersion: RBAC_API,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'proxy-role-binding-kubernetes-master' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'proxy-clusterrole-kubeapiserver' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'kube-apiserver' }],
    },
  ];
}

/**
 * Every authz object for the config, in RKE1's order: the job deployer always, the node and
 * kube-apiserver bindings only with `authorization.mode: rbac`.
 */
export function authzObjects(config: Pick<ClusterConfig, 'authorization'>): K8sObject[] {
  const objects = jobDeployerObjects();
  if (config.authorization?.mode === 'rbac') objects.push(systemNodeBinding(), ...kubeApiProxyObjects());
  return objects;
}
