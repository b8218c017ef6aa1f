/**
 * ingress-nginx (RKE1 cluster/addons.go deployIngress + KDM template
 * `nginxingress-v1.14.3-rancher1`, selected for v1.32.12 and later).
 */
import type { ClusterConfig } from '../config/index.js';
import { rbacEnabled, systemImage, templateKey, unsupportedTemplate, type AddonRenderInput } from './input.js';
import { isEmptyMap, k8sTolerations, k8sUpdateStrategy, sortedStringMap } from './k8s-values.js';
import type { K8sObject } from './manifest.js';
import type { ObjectRef } from './steps.js';

const TEMPLATES = ['nginxingress-v1.14.3-rancher1'] as const;
const NS = 'ingress-nginx';
const APP_VERSION = '1.14.3';
const BASE = { 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx' };
const PART_OF = { 'app.kubernetes.io/part-of': 'ingress-nginx', 'app.kubernetes.io/version': APP_VERSION };
const CONTROLLER_LABELS = { 'app.kubernetes.io/component': 'controller', ...BASE, ...PART_OF };
const WEBHOOK_LABELS = { 'app.kubernetes.io/component': 'admission-webhook', ...BASE, ...PART_OF };
const CLUSTER_LABELS = { ...BASE, ...PART_OF };
const RBAC_API = 'rbac.authorization.k8s.io/v1';
const TOLERATE_ALL = [
  { effect: 'NoExecute', operator: 'Exists' },
  { effect: 'NoSchedule', operator: 'Exists' },
];
const WORKER_AFFINITY = {
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
};

type Ingress = NonNullable<ClusterConfig['ingress']>;

/**
 * The controller version RKE1 reads from the ingress image tag: `nginx-1.14.5-rancher1` → 1.14.5,
 * `0.21.0-rancher3` → 0.21.0. RKE1 compares it with plain string comparison.
 */
export function ingressImageVersion(image: string): string | undefined {
  const parts = image.split(':');
  if (parts.length < 2) return undefined;
  const tagParts = parts[parts.length - 1]!.split('-');
  return tagParts.length === 2 ? tagParts[0] : tagParts[1];
}

/** extra_args as RKE1 renders them: `watch-ingress-without-class=true` added for controllers ≥ 1.1.0. */
export function ingressExtraArgs(ingress: Ingress, image: string): Record<string, string> {
  const args = { ...(ingress.extra_args ?? {}) };
  const version = ingressImageVersion(image);
  if (version !== undefined && version >= '1.1.0' && !('watch-ingress-without-class' in args)) args['watch-ingress-without-class'] = 'true';
  return sortedStringMap(args);
}

/** A port from extra_args renders unquoted, so a numeric value is a YAML int. */
function portValue(value: string | undefined, fallback: number): number | string {
  if (value === undefined) return fallback;
  return /^[0-9]+$/.test(value) ? Number(value) : value;
}

function rbacObjects(defaultIngressClass: boolean): K8sObject[] {
  const controllerSubject = [{ kind: 'ServiceAccount', name: 'ingress-nginx', namespace: NS }];
  const admissionSubject = [{ kind: 'ServiceAccount', name: 'ingress-nginx-admission', namespace: NS }];
  return [
    { apiVersion: 'v1', automountServiceAccountToken: true, kind: 'ServiceAccount', metadata: { labels: CONTROLLER_LABELS, name: 'ingress-nginx', namespace: NS } },
    {
      apiVersion: 'v1',
      automountServiceAccountToken: true,
      kind: 'ServiceAccount',
      metadata: { labels: WEBHOOK_LABELS, name: 'ingress-nginx-admission', namespace: NS },
    },
    {
      apiVersion: RBAC_API,
      kind: 'Role',
      metadata: { labels: CONTROLLER_LABELS, name: 'ingress-nginx', namespace: NS },
      rules: [
        { apiGroups: [''], resources: ['namespaces'], verbs: ['get'] },
        { apiGroups: [''], resources: ['configmaps', 'pods', 'secrets', 'endpoints'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['services'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['networking.k8s.io'], resources: ['ingresses/status'], verbs: ['update'] },
        { apiGroups: ['networking.k8s.io'], resources: ['ingressclasses'], verbs: ['get', 'list', 'watch'] },
        {
          apiGroups: ['coordination.k8s.io'],
          resourceNames: [defaultIngressClass ? 'ingress-controller-leader-nginx' : 'ingress-nginx-leader'],
          resources: ['leases'],
          verbs: ['get', 'update'],
        },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
        { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch', 'get'] },
      ],
    },
    {
      apiVersion: RBAC_API,
      kind: 'Role',
      metadata: { labels: WEBHOOK_LABELS, name: 'ingress-nginx-admission', namespace: NS },
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'create'] }],
    },
    {
      apiVersion: RBAC_API,
      kind: 'ClusterRole',
      metadata: { labels: CLUSTER_LABELS, name: 'ingress-nginx' },
      rules: [
        { apiGroups: [''], resources: ['configmaps', 'endpoints', 'nodes', 'pods', 'secrets', 'namespaces'], verbs: ['list', 'watch'] },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['list', 'watch'] },
        { apiGroups: [''], resources: ['nodes'], verbs: ['get'] },
        { apiGroups: [''], resources: ['services'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
        { apiGroups: ['networking.k8s.io'], resources: ['ingresses/status'], verbs: ['update'] },
        { apiGroups: ['networking.k8s.io'], resources: ['ingressclasses'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch', 'get'] },
      ],
    },
    {
      apiVersion: RBAC_API,
      kind: 'ClusterRole',
      metadata: { labels: WEBHOOK_LABELS, name: 'ingress-nginx-admission' },
      rules: [{ apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingwebhookconfigurations'], verbs: ['get', 'update'] }],
    },
    {
      apiVersion: RBAC_API,
      kind: 'RoleBinding',
      metadata: { labels: CONTROLLER_LABELS, name: 'ingress-nginx', namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'ingress-nginx' },
      subjects: controllerSubject,
    },
    {
      apiVersion: RBAC_API,
      kind: 'RoleBinding',
      metadata: { labels: WEBHOOK_LABELS, name: 'ingress-nginx-admission', namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'ingress-nginx-admission' },
      subjects: admissionSubject,
    },
    {
      apiVersion: RBAC_API,
      kind: 'ClusterRoleBinding',
      metadata: { labels: CLUSTER_LABELS, name: 'ingress-nginx' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'ingress-nginx' },
      subjects: controllerSubject,
    },
    {
      apiVersion: RBAC_API,
      kind: 'ClusterRoleBinding',
      metadata: { labels: WEBHOOK_LABELS, name: 'ingress-nginx-admission' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'ingress-nginx-admission' },
      subjects: admissionSubject,
    },
  ];
}

function controllerPorts(ingress: Ingress, extraArgs: Record<string, string>): unknown[] {
  const mode = ingress.network_mode ?? '';
  const port = (name: 'http' | 'https', standard: number, hostPort: number | undefined) => {
    const out: Record<string, unknown> = { name };
    if (mode === 'hostNetwork') out.containerPort = standard;
    else if (mode === 'hostPort' || mode === 'none') {
      out.containerPort = portValue(extraArgs[`${name}-port`], standard);
      if (mode === 'hostPort') out.hostPort = hostPort ?? 0;
    }
    out.protocol = 'TCP';
    return out;
  };
  return [port('http', 80, ingress.http_port), port('https', 443, ingress.https_port), { name: 'webhook', containerPort: 8443, protocol: 'TCP' }];
}

function controllerDaemonSet(input: AddonRenderInput, extraArgs: Record<string, string>): K8sObject {
  const ingress = input.config.ingress ?? {};
  const defaultIngressClass = ingress.default_ingress_class ?? false;
  const pod: Record<string, unknown> = {};
  if (ingress.dns_policy) pod.dnsPolicy = ingress.dns_policy;
  pod.affinity = WORKER_AFFINITY;
  if (ingress.network_mode === 'hostNetwork') pod.hostNetwork = true;
  pod.tolerations = TOLERATE_ALL;
  const securityContext: Record<string, unknown> = {};
  if (ingress.network_mode !== 'none') securityContext.capabilities = { drop: ['ALL'], add: ['NET_BIND_SERVICE'] };
  Object.assign(securityContext, { runAsUser: 101, allowPrivilegeEscalation: true });
  const probe = {
    failureThreshold: 0,
    httpGet: { path: '/healthz', port: 10254, scheme: 'HTTP' },
    initialDelaySeconds: 10,
    periodSeconds: 10,
    successThreshold: 1,
    timeoutSeconds: 1,
  };
  pod.containers = [
    {
      name: 'controller',
      image: systemImage(input, 'ingress'),
      imagePullPolicy: 'IfNotPresent',
      lifecycle: { preStop: { exec: { command: ['/wait-shutdown'] } } },
      args: [
        '/nginx-ingress-controller',
        ...(ingress.default_backend ? ['--default-backend-service=$(POD_NAMESPACE)/default-http-backend'] : []),
        defaultIngressClass ? '--election-id=ingress-controller-leader-nginx' : '--election-id=ingress-nginx-leader',
        '--controller-class=k8s.io/ingress-nginx',
        '--configmap=$(POD_NAMESPACE)/ingress-nginx-controller',
        '--tcp-services-configmap=$(POD_NAMESPACE)/tcp-services',
        '--udp-services-configmap=$(POD_NAMESPACE)/udp-services',
        '--validating-webhook=:8443',
        '--validating-webhook-certificate=/usr/local/certificates/cert',
        '--validating-webhook-key=/usr/local/certificates/key',
        '--enable-metrics=true',
        ...Object.entries(extraArgs).map(([k, v]) => (v === '' ? `--${k}` : `--${k}=${v}`)),
      ],
      securityContext,
      env: [
        { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
        { name: 'LD_PRELOAD', value: '/usr/local/lib/libmimalloc.so' },
        ...(ingress.extra_envs ?? []),
      ],
      livenessProbe: { ...probe, failureThreshold: 5 },
      readinessProbe: { ...probe, failureThreshold: 3 },
      ports: controllerPorts(ingress, extraArgs),
      volumeMounts: [{ name: 'webhook-cert', mountPath: '/usr/local/certificates/', readOnly: true }, ...(ingress.extra_volume_mounts ?? [])],
    },
  ];
  if (!isEmptyMap(ingress.node_selector)) pod.nodeSelector = sortedStringMap(ingress.node_selector);
  if (ingress.nginx_ingress_controller_priority_class_name) pod.priorityClassName = ingress.nginx_ingress_controller_priority_class_name;
  if (rbacEnabled(input.config)) pod.serviceAccountName = 'ingress-nginx';
  pod.terminationGracePeriodSeconds = 300;
  pod.volumes = [{ name: 'webhook-cert', secret: { secretName: 'ingress-nginx-admission' } }, ...(ingress.extra_volumes ?? [])];
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { labels: CONTROLLER_LABELS, name: 'nginx-ingress-controller', namespace: NS },
    spec: {
      selector: { matchLabels: { app: 'ingress-nginx' } },
      updateStrategy: k8sUpdateStrategy(ingress.update_strategy),
      revisionHistoryLimit: 10,
      minReadySeconds: 0,
      template: {
        metadata: {
          labels: {
            app: 'ingress-nginx',
            'app.kubernetes.io/name': 'ingress-nginx',
            'app.kubernetes.io/instance': 'ingress-nginx',
            'app.kubernetes.io/component': 'controller',
            'app.kubernetes.io/part-of': 'ingress-nginx',
          },
        },
        spec: pod,
      },
    },
  };
}

function admissionJob(input: AddonRenderInput, name: 'create' | 'patch'): K8sObject {
  const ingress = input.config.ingress ?? {};
  const args =
    name === 'create'
      ? ['create', '--host=ingress-nginx-controller-admission,ingress-nginx-controller-admission.$(POD_NAMESPACE).svc', '--namespace=$(POD_NAMESPACE)', '--secret-name=ingress-nginx-admission']
      : [
          'patch',
          '--webhook-name=ingress-nginx-admission',
          '--namespace=$(POD_NAMESPACE)',
          '--patch-mutating=false',
          '--secret-name=ingress-nginx-admission',
          '--patch-failure-policy=Fail',
        ];
  const jobName = `ingress-nginx-admission-${name}`;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { labels: WEBHOOK_LABELS, name: jobName, namespace: NS },
    spec: {
      template: {
        metadata: { labels: WEBHOOK_LABELS, name: jobName },
        spec: {
          tolerations: TOLERATE_ALL,
          containers: [
            {
              name,
              image: systemImage(input, 'ingress_webhook'),
              imagePullPolicy: 'IfNotPresent',
              args,
              env: [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
                readOnlyRootFilesystem: true,
                runAsGroup: 65532,
                runAsNonRoot: true,
                runAsUser: 65532,
                seccompProfile: { type: 'RuntimeDefault' },
              },
            },
          ],
          restartPolicy: 'OnFailure',
          serviceAccountName: 'ingress-nginx-admission',
          nodeSelector: { 'kubernetes.io/os': 'linux', ...sortedStringMap(ingress.node_selector) },
        },
      },
    },
  };
}

function defaultBackendObjects(input: AddonRenderInput): K8sObject[] {
  const ingress = input.config.ingress ?? {};
  const tolerations = k8sTolerations(ingress.tolerations);
  const pod: Record<string, unknown> = { affinity: WORKER_AFFINITY, terminationGracePeriodSeconds: 60 };
  if (ingress.default_http_backend_priority_class_name) pod.priorityClassName = ingress.default_http_backend_priority_class_name;
  pod.tolerations = tolerations.length > 0 ? tolerations : TOLERATE_ALL;
  pod.containers = [
    {
      name: 'default-http-backend',
      image: systemImage(input, 'ingress_backend'),
      livenessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 30, timeoutSeconds: 5 },
      ports: [{ containerPort: 8080 }],
      resources: { limits: { cpu: '10m', memory: '20Mi' }, requests: { cpu: '10m', memory: '20Mi' } },
    },
  ];
  const labels = { app: 'default-http-backend' };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'default-http-backend', labels, namespace: NS },
      spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: pod } },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'default-http-backend', namespace: NS, labels },
      spec: { ports: [{ port: 80, targetPort: 8080 }], selector: labels },
    },
  ];
}

export function ingressNginxObjects(input: AddonRenderInput): K8sObject[] {
  const key = templateKey(input, 'nginxIngress');
  if (!(TEMPLATES as readonly string[]).includes(key)) throw unsupportedTemplate('nginxIngress', key, TEMPLATES);
  const ingress = input.config.ingress ?? {};
  const defaultIngressClass = ingress.default_ingress_class ?? false;
  const extraArgs = ingressExtraArgs(ingress, systemImage(input, 'ingress'));
  const options = sortedStringMap(ingress.options);
  const ingressClass: K8sObject = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: {
      labels: CONTROLLER_LABELS,
      name: 'nginx',
      namespace: NS,
      ...(defaultIngressClass ? { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } } : {}),
    },
    spec: { controller: 'k8s.io/ingress-nginx' },
  };
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { labels: BASE, name: NS } },
    ...(rbacEnabled(input.config) ? rbacObjects(defaultIngressClass) : []),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { labels: CONTROLLER_LABELS, name: 'ingress-nginx-controller', namespace: NS },
      // An empty options map renders as `data:` with nothing under it, i.e. null.
      data: Object.keys(options).length > 0 ? options : null,
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { labels: CONTROLLER_LABELS, name: 'ingress-nginx-controller-admission', namespace: NS },
      spec: {
        ports: [{ name: 'https-webhook', port: 443, targetPort: 'webhook', appProtocol: 'https' }],
        selector: { 'app.kubernetes.io/component': 'controller', ...BASE },
        type: 'ClusterIP',
      },
    },
    { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'tcp-services', namespace: NS } },
    { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'udp-services', namespace: NS } },
    controllerDaemonSet(input, extraArgs),
    admissionJob(input, 'create'),
    admissionJob(input, 'patch'),
    ingressClass,
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { labels: WEBHOOK_LABELS, name: 'ingress-nginx-admission' },
      webhooks: [
        {
          name: 'validate.nginx.ingress.kubernetes.io',
          matchPolicy: 'Equivalent',
          rules: [{ apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['ingresses'] }],
          failurePolicy: 'Fail',
          sideEffects: 'None',
          admissionReviewVersions: ['v1'],
          clientConfig: { service: { namespace: NS, name: 'ingress-nginx-controller-admission', path: '/networking/v1/ingresses', port: 443 } },
        },
      ],
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { labels: WEBHOOK_LABELS, name: 'ingress-nginx-admission', namespace: NS },
      spec: {
        egress: [{}],
        podSelector: { matchLabels: { 'app.kubernetes.io/component': 'admission-webhook', ...BASE } },
        policyTypes: ['Ingress', 'Egress'],
      },
    },
    ...(ingress.default_backend ? defaultBackendObjects(input) : []),
  ];
}

/** RKE1 deletes the admission jobs before deploying a controller newer than 0.40.0 (their spec is immutable). */
export function ingressDeleteBefore(image: string): ObjectRef[] {
  const version = ingressImageVersion(image);
  if (version === undefined || !(version > '0.40.0')) return [];
  return ['ingress-nginx-admission-create', 'ingress-nginx-admission-patch'].map((name) => ({ apiVersion: 'batch/v1', kind: 'Job', namespace: NS, name }));
}

/** With default_backend false, RKE1 deletes the default-http-backend Service and Deployment after the deploy. */
export function ingressDeleteAfter(ingress: Ingress): ObjectRef[] {
  if (ingress.default_backend) return [];
  return [
    { apiVersion: 'v1', kind: 'Service', namespace: NS, name: 'default-http-backend' },
    { apiVersion: 'apps/v1', kind: 'Deployment', namespace: NS, name: 'default-http-backend' },
  ];
}
