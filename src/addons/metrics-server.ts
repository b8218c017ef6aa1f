/**
 * metrics-server (RKE1 cluster/addons.go deployMetricServer + KDM template `metricsserver-v0.7.0`,
 * selected for every v1.28.6+ version).
 */
import { systemImage, rbacEnabled, templateKey, unsupportedTemplate, type AddonRenderInput } from './input.js';
import { isEmptyMap, k8sTolerations, k8sUpdateStrategy, sortedStringMap } from './k8s-values.js';
import type { K8sObject } from './manifest.js';

const TEMPLATES = ['metricsserver-v0.7.0'] as const;
const NS = 'kube-system';
const LABELS = { 'k8s-app': 'metrics-server' };
const SUBJECT = [{ kind: 'ServiceAccount', name: 'metrics-server', namespace: NS }];

function rbacObjects(): K8sObject[] {
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { labels: LABELS, name: 'metrics-server', namespace: NS } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: {
        labels: {
          ...LABELS,
          'rbac.authorization.k8s.io/aggregate-to-admin': 'true',
          'rbac.authorization.k8s.io/aggregate-to-edit': 'true',
          'rbac.authorization.k8s.io/aggregate-to-view': 'true',
        },
        name: 'system:aggregated-metrics-reader',
      },
      rules: [{ apiGroups: ['metrics.k8s.io'], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { labels: LABELS, name: 'system:metrics-server' },
      rules: [
        { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] },
        { apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { labels: LABELS, name: 'metrics-server-auth-reader', namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'extension-apiserver-authentication-reader' },
      subjects: SUBJECT,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { labels: LABELS, name: 'metrics-server:system:auth-delegator' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:auth-delegator' },
      subjects: SUBJECT,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { labels: LABELS, name: 'system:metrics-server' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:metrics-server' },
      subjects: SUBJECT,
    },
  ];
}

function deployment(input: AddonRenderInput): K8sObject {
  const monitoring = input.config.monitoring ?? {};
  const tolerations = k8sTolerations(monitoring.tolerations);
  const options = sortedStringMap(monitoring.options);
  const spec: Record<string, unknown> = {};
  if (monitoring.replicas !== undefined && monitoring.replicas !== null) spec.replicas = monitoring.replicas;
  spec.selector = { matchLabels: LABELS };
  spec.strategy = k8sUpdateStrategy(monitoring.update_strategy);
  const pod: Record<string, unknown> = {
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: 'beta.kubernetes.io/os', operator: 'NotIn', values: ['windows'] },
                { key: 'node-role.kubernetes.io/worker', operator: 'Exists' },
              ],
            },
          ],
        },
      },
    },
  };
  if (!isEmptyMap(monitoring.node_selector)) pod.nodeSelector = sortedStringMap(monitoring.node_selector);
  Object.assign(pod, {
    serviceAccountName: 'metrics-server',
    tolerations:
      tolerations.length > 0
        ? tolerations
        : [
            { effect: 'NoExecute', operator: 'Exists' },
            { effect: 'NoSchedule', operator: 'Exists' },
          ],
    volumes: [{ emptyDir: {}, name: 'tmp-dir' }],
    priorityClassName: monitoring.metrics_server_priority_class_name || 'system-cluster-critical',
    containers: [
      {
        name: 'metrics-server',
        image: systemImage(input, 'metrics_server'),
        imagePullPolicy: 'IfNotPresent',
        livenessProbe: { failureThreshold: 3, httpGet: { path: '/livez', port: 'https', scheme: 'HTTPS' }, periodSeconds: 10 },
        args: [
          '--cert-dir=/tmp',
          '--secure-port=10250',
          '--kubelet-insecure-tls',
          '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
          '--metric-resolution=15s',
          ...Object.entries(options).map(([k, v]) => `--${k}=${v}`),
        ],
        ports: [{ containerPort: 10250, name: 'https', protocol: 'TCP' }],
        readinessProbe: {
          failureThreshold: 3,
          httpGet: { path: '/readyz', port: 'https', scheme: 'HTTPS' },
          initialDelaySeconds: 20,
          periodSeconds: 10,
        },
        resources: { requests: { cpu: '100m', memory: '200Mi' } },
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          runAsUser: 1000,
          seccompProfile: { type: 'RuntimeDefault' },
        },
        volumeMounts: [{ mountPath: '/tmp', name: 'tmp-dir' }],
      },
    ],
  });
  spec.template = { metadata: { name: 'metrics-server', labels: LABELS }, spec: pod };
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { labels: LABELS, name: 'metrics-server', namespace: NS }, spec };
}

export function metricsServerObjects(input: AddonRenderInput): K8sObject[] {
  const key = templateKey(input, 'metricsServer');
  if (!(TEMPLATES as readonly string[]).includes(key)) throw unsupportedTemplate('metricsServer', key, TEMPLATES);
  return [
    ...(rbacEnabled(input.config) ? rbacObjects() : []),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { labels: LABELS, name: 'metrics-server', namespace: NS },
      spec: { ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' }], selector: LABELS },
    },
    deployment(input),
    {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { labels: LABELS, name: 'v1beta1.metrics.k8s.io' },
      spec: {
        group: 'metrics.k8s.io',
        groupPriorityMinimum: 100,
        insecureSkipTLSVerify: true,
        service: { name: 'metrics-server', namespace: NS },
        version: 'v1beta1',
        versionPriority: 100,
      },
    },
  ];
}
