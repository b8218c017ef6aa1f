/**
 * CoreDNS + its cluster-proportional autoscaler (RKE1 cluster/addons.go deployCoreDNS + KDM
 * template `coredns-v1.8.3-rancher3`, selected for every v1.28.9+ version).
 */
import type { ClusterConfig } from '../../config/index.js';
import { clusterDnsServer, clusterDomain, rbacEnabled, systemImage, templateKey, unsupportedTemplate, type AddonRenderInput } from '../input.js';
import { k8sTolerations, k8sUpdateStrategy, sortedStringMap } from '../k8s-values.js';
import type { K8sObject } from '../manifest.js';

const TEMPLATES = ['coredns-v1.8.3-rancher3'] as const;
const NS = 'kube-system';

/** Go's %v of a []string, which is what `{{ .ReverseCIDRs }}` prints: `[a b]`. */
function goStringSlice(values: readonly string[]): string {
  return `[${values.join(' ')}]`;
}

/**
 * The Corefile the template renders. With `reversecidrs` set, RKE1 writes the Go slice notation
 * (`[10.0.0.0/8 ...]`) into the kubernetes plugin line; kept as is so that clusters built by RKE1
 * see no change.
 */
export function corefile(domain: string, reverseCidrs: readonly string[] | undefined, upstream: readonly string[] | undefined): string {
  const reverse = reverseCidrs && reverseCidrs.length > 0 ? goStringSlice(reverseCidrs) : 'in-addr.arpa ip6.arpa';
  const forward = upstream && upstream.length > 0 ? upstream.join(' ') : '"/etc/resolv.conf"';
  return `.:53 {
    errors
    health {
      lameduck 5s
    }
    ready
    kubernetes ${domain} ${reverse} {
      pods insecure
      fallthrough in-addr.arpa ip6.arpa
    }
    prometheus :9153
    forward . ${forward}
    cache 30
    loop
    reload
    loadbalance
} # STUBDOMAINS - Rancher specific change
`;
}

/** Go encoding/json of a float64 (strconv 'f' format for ordinary magnitudes, as JS prints them). */
function goJsonNumber(value: number): string {
  return String(value);
}

/**
 * `json.Marshal(c.DNS.LinearAutoscalerParams)`: fields in struct order, zero values left out
 * (omitempty), `null` when the params are absent.
 */
export function linearAutoscalerParamsJson(params: NonNullable<ClusterConfig['dns']>['linear_autoscaler_params']): string {
  if (!params) return 'null';
  const parts: string[] = [];
  if (params.cores_per_replica) parts.push(`"coresPerReplica":${goJsonNumber(params.cores_per_replica)}`);
  if (params.nodes_per_replica) parts.push(`"nodesPerReplica":${goJsonNumber(params.nodes_per_replica)}`);
  if (params.min) parts.push(`"min":${params.min}`);
  if (params.max) parts.push(`"max":${params.max}`);
  if (params.prevent_single_point_failure) parts.push(`"preventSinglePointFailure":true`);
  return `{${parts.join(',')}}`;
}

const WORKER_AFFINITY = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key: 'node-role.kubernetes.io/worker', operator: 'Exists' }] }],
    },
  },
};

function corednsRbac(): K8sObject[] {
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'coredns', namespace: NS } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, name: 'system:coredns' },
      rules: [
        { apiGroups: [''], resources: ['endpoints', 'services', 'pods', 'namespaces'], verbs: ['list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: {
        annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
        labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
        name: 'system:coredns',
      },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:coredns' },
      subjects: [{ kind: 'ServiceAccount', name: 'coredns', namespace: NS }],
    },
  ];
}

function autoscalerRbac(): K8sObject[] {
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'coredns-autoscaler', namespace: NS } },
    {
      kind: 'ClusterRole',
      apiVersion: 'rbac.authorization.k8s.io/v1',
      metadata: { name: 'system:coredns-autoscaler' },
      rules: [
        { apiGroups: [''], resources: ['nodes'], verbs: ['list', 'watch'] },
        { apiGroups: [''], resources: ['replicationcontrollers/scale'], verbs: ['get', 'update'] },
        { apiGroups: ['extensions', 'apps'], resources: ['deployments/scale', 'replicasets/scale'], verbs: ['get', 'update'] },
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'create'] },
      ],
    },
    {
      kind: 'ClusterRoleBinding',
      apiVersion: 'rbac.authorization.k8s.io/v1',
      metadata: { name: 'system:coredns-autoscaler' },
      subjects: [{ kind: 'ServiceAccount', name: 'coredns-autoscaler', namespace: NS }],
      roleRef: { kind: 'ClusterRole', name: 'system:coredns-autoscaler', apiGroup: 'rbac.authorization.k8s.io' },
    },
  ];
}

function corednsDeployment(input: AddonRenderInput): K8sObject {
  const { config } = input;
  const dns = config.dns ?? {};
  const rbac = rbacEnabled(config);
  const tolerations = k8sTolerations(dns.tolerations);
  const spec: Record<string, unknown> = {
    priorityClassName: dns.options?.coredns_priority_class_name || 'system-cluster-critical',
  };
  if (rbac) spec.serviceAccountName = 'coredns';
  Object.assign(spec, {
    tolerations:
      tolerations.length > 0
        ? tolerations
        : [
            { key: 'CriticalAddonsOnly', operator: 'Exists' },
            { effect: 'NoExecute', operator: 'Exists' },
            { effect: 'NoSchedule', operator: 'Exists' },
          ],
    nodeSelector: { 'kubernetes.io/os': 'linux', ...sortedStringMap(dns.node_selector) },
    affinity: {
      ...WORKER_AFFINITY,
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: {
              labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] },
              topologyKey: 'kubernetes.io/hostname',
            },
          },
        ],
      },
    },
    containers: [
      {
        name: 'coredns',
        image: systemImage(input, 'coredns'),
        imagePullPolicy: 'IfNotPresent',
        resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
        args: ['-conf', '/etc/coredns/Corefile'],
        volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
        ports: [
          { containerPort: 53, name: 'dns', protocol: 'UDP' },
          { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
          { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
        ],
        livenessProbe: {
          httpGet: { path: '/health', port: 8080, scheme: 'HTTP' },
          initialDelaySeconds: 60,
          timeoutSeconds: 5,
          successThreshold: 1,
          failureThreshold: 5,
        },
        readinessProbe: { httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' } },
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { add: ['NET_BIND_SERVICE'], drop: ['all'] },
          readOnlyRootFilesystem: true,
          seccompProfile: { type: 'RuntimeDefault' },
        },
      },
    ],
    dnsPolicy: 'Default',
    volumes: [{ name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } }],
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: NS, labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'CoreDNS' } },
    spec: {
      strategy: k8sUpdateStrategy(dns.update_strategy),
      selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      template: {
        metadata: {
          labels: { 'k8s-app': 'kube-dns' },
          annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'docker/default' },
        },
        spec,
      },
    },
  };
}

function autoscalerDeployment(input: AddonRenderInput): K8sObject {
  const { config } = input;
  const dns = config.dns ?? {};
  const tolerations = k8sTolerations(dns.tolerations);
  const spec: Record<string, unknown> = {};
  if (rbacEnabled(config)) spec.serviceAccountName = 'coredns-autoscaler';
  const priorityClass = dns.options?.coredns_autoscaler_priority_class_name;
  if (priorityClass) spec.priorityClassName = priorityClass;
  const params = linearAutoscalerParamsJson(dns.linear_autoscaler_params);
  Object.assign(spec, {
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    affinity: WORKER_AFFINITY,
    tolerations:
      tolerations.length > 0
        ? tolerations
        : [
            { effect: 'NoExecute', operator: 'Exists' },
            { effect: 'NoSchedule', operator: 'Exists' },
          ],
    containers: [
      {
        name: 'autoscaler',
        image: systemImage(input, 'coredns_autoscaler'),
        resources: { requests: { cpu: '20m', memory: '10Mi' } },
        livenessProbe: {
          failureThreshold: 5,
          httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' },
          initialDelaySeconds: 60,
          periodSeconds: 10,
          successThreshold: 1,
          timeoutSeconds: 5,
        },
        readinessProbe: {
          failureThreshold: 3,
          httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' },
          periodSeconds: 10,
          successThreshold: 1,
          timeoutSeconds: 1,
        },
        command: [
          '/cluster-proportional-autoscaler',
          '--namespace=kube-system',
          '--configmap=coredns-autoscaler',
          '--target=Deployment/coredns',
          `--default-params={"linear":${params}}`,
          '--nodelabels=node-role.kubernetes.io/worker=true,kubernetes.io/os=linux',
          '--logtostderr=true',
          '--v=2',
        ],
      },
    ],
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns-autoscaler', namespace: NS, labels: { 'k8s-app': 'coredns-autoscaler' } },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'coredns-autoscaler' } },
      template: { metadata: { labels: { 'k8s-app': 'coredns-autoscaler' } }, spec },
    },
  };
}

export function corednsObjects(input: AddonRenderInput): K8sObject[] {
  const key = templateKey(input, 'coreDNS');
  if (!(TEMPLATES as readonly string[]).includes(key)) throw unsupportedTemplate('coreDNS', key, TEMPLATES);
  const { config } = input;
  const rbac = rbacEnabled(config);
  return [
    ...(rbac ? corednsRbac() : []),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'coredns', namespace: NS },
      data: { Corefile: corefile(clusterDomain(config), config.dns?.reversecidrs, config.dns?.upstreamnameservers) },
    },
    corednsDeployment(input),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kube-dns',
        namespace: NS,
        annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
        labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      },
      spec: {
        selector: { 'k8s-app': 'kube-dns' },
        clusterIP: clusterDnsServer(config),
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP' },
          { name: 'dns-tcp', port: 53, protocol: 'TCP' },
          { name: 'metrics', port: 9153, protocol: 'TCP' },
        ],
      },
    },
    autoscalerDeployment(input),
    ...(rbac ? autoscalerRbac() : []),
  ];
}
