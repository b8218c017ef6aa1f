/**
 * Flannel network plugin (RKE1 cluster/network.go doFlannelDeploy + KDM flannel templates
 * `flannel-v0.27.3` and `flannel-v0.28.1`, the ones RKE 1.8 selects for v1.32.8 and later).
 *
 * RKE1 passes no tolerations to this template: the DaemonSet always tolerates every NoSchedule and
 * NoExecute taint, and `network.tolerations` only affects canal/calico.
 */
import { atoiWithDefault, clusterCidr, rbacEnabled, systemImage, tagMajorVersion, templateKey, unsupportedTemplate, type AddonRenderInput } from '../input.js';
import { isEmptyMap, k8sUpdateStrategy, sortedStringMap } from '../k8s-values.js';
import type { K8sObject } from '../manifest.js';

const TEMPLATES = ['flannel-v0.27.3', 'flannel-v0.28.1'] as const;
type FlannelTemplate = (typeof TEMPLATES)[number];

const NS = 'kube-system';
const FLANNEL_LABELS = { 'k8s-app': 'flannel' };

export interface FlannelBackend {
  type: string;
  vni: number;
  port: number;
}

/** cni-conf.json exactly as the template writes it (this text lands on every node's CNI dir). */
const CNI_CONF = `{
  "name": "cbr0",
  "cniVersion": "0.3.1",
  "plugins": [
    {
      "type": "flannel",
      "delegate": {
        "forceAddress": true,
        "hairpinMode": true,
        "isDefaultGateway": true
      }
    },
    {
      "type": "portmap",
      "capabilities": {
        "portMappings": true
      }
    }
  ]
}
`;

/** net-conf.json, formatted as the template formats it (Go prints the numbers with %d). */
export function flannelNetConf(network: string, backend: FlannelBackend): string {
  return `{
  "Network": "${network}",
  "EnableNFTables": false,
  "Backend": {
    "Type": "${backend.type}",
    "VNI": ${backend.vni},
    "Port": ${backend.port}
  }
}
`;
}

/** network.options → the backend RKE1 renders (flannel_backend_vni/port default 1/8472). */
export function flannelBackend(options: Record<string, string> | undefined, prefix: 'flannel' | 'canal_flannel'): FlannelBackend {
  return {
    type: options?.[`${prefix}_backend_type`] ?? '',
    vni: atoiWithDefault(options?.[`${prefix}_backend_vni`], 1, `network.options.${prefix}_backend_vni`),
    port: atoiWithDefault(options?.[`${prefix}_backend_port`], 8472, `network.options.${prefix}_backend_port`),
  };
}

function rbacObjects(): K8sObject[] {
  return [
    {
      kind: 'ClusterRole',
      apiVersion: 'rbac.authorization.k8s.io/v1',
      metadata: { labels: FLANNEL_LABELS, name: 'flannel' },
      rules: [
        { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['nodes/status'], verbs: ['patch'] },
      ],
    },
    {
      kind: 'ClusterRoleBinding',
      apiVersion: 'rbac.authorization.k8s.io/v1',
      metadata: { labels: FLANNEL_LABELS, name: 'flannel' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'flannel' },
      subjects: [{ kind: 'ServiceAccount', name: 'flannel', namespace: NS }],
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { labels: FLANNEL_LABELS, name: 'flannel', namespace: NS } },
  ];
}

function daemonSet(input: AddonRenderInput, template: FlannelTemplate): K8sObject {
  const { config } = input;
  const network = config.network ?? {};
  const options = network.options ?? {};
  const iface = options.flannel_iface ?? '';
  // The template tests `ge .ClusterVersion "v1.12"` as strings; every version RKE 1.8 knows passes.
  const modernTolerations = tagMajorVersion(input.version.version) >= 'v1.12';
  const labels: Record<string, string> = template === 'flannel-v0.28.1' ? { tier: 'node', 'k8s-app': 'flannel', app: 'flannel' } : { tier: 'node', 'k8s-app': 'flannel' };
  const podSpec: Record<string, unknown> = {
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] }],
        },
      },
    },
  };
  if (!isEmptyMap(network.node_selector)) podSpec.nodeSelector = sortedStringMap(network.node_selector);
  Object.assign(podSpec, {
    hostNetwork: true,
    priorityClassName: options.kube_flannel_priority_class_name || 'system-node-critical',
    tolerations: modernTolerations
      ? [
          { operator: 'Exists', effect: 'NoSchedule' },
          { operator: 'Exists', effect: 'NoExecute' },
        ]
      : [
          { key: 'node-role.kubernetes.io/controlplane', operator: 'Exists', effect: 'NoSchedule' },
          { key: 'node-role.kubernetes.io/etcd', operator: 'Exists', effect: 'NoExecute' },
        ],
    serviceAccountName: 'flannel',
    containers: [
      {
        name: 'install-cni',
        image: systemImage(input, 'flannel_cni'),
        command: ['/install-cni.sh'],
        env: [
          { name: 'CNI_NETWORK_CONFIG', valueFrom: { configMapKeyRef: { name: 'kube-flannel-cfg', key: 'cni-conf.json' } } },
          { name: 'CNI_CONF_NAME', value: '10-flannel.conflist' },
        ],
        volumeMounts: [
          { name: 'cni', mountPath: '/host/etc/cni/net.d' },
          { name: 'host-cni-bin', mountPath: '/host/opt/cni/bin/' },
        ],
      },
      {
        name: 'kube-flannel',
        image: systemImage(input, 'flannel'),
        command: ['/opt/bin/flanneld'],
        // RKE 1.7's doFlannelDeploy passes no BlackholeRoute value, so v0.28.1's optional
        // --ip-blackhole-route/--iptables-forward-rules flags are never rendered.
        args: ['--ip-masq', '--kube-subnet-mgr', ...(iface ? [`--iface=${iface}`] : [])],
        resources: { requests: { cpu: '100m', memory: '50Mi' } },
        securityContext: {
          seLinuxOptions: { type: 'rke_network_t' },
          privileged: false,
          capabilities: { add: ['NET_ADMIN', 'NET_RAW'] },
        },
        env: [
          { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          { name: 'EVENT_QUEUE_DEPTH', value: '5000' },
          { name: 'CONT_WHEN_CACHE_NOT_READY', value: 'false' },
        ],
        volumeMounts: [
          { name: 'run', mountPath: '/run/flannel' },
          { name: 'flannel-cfg', mountPath: '/etc/kube-flannel/' },
          { name: 'xtables-lock', mountPath: '/run/xtables.lock' },
        ],
      },
    ],
    volumes: [
      { name: 'run', hostPath: { path: '/run/flannel' } },
      { name: 'host-cni-bin', hostPath: { path: '/opt/cni/bin' } },
      { name: 'cni', hostPath: { path: '/etc/cni/net.d' } },
      { name: 'flannel-cfg', configMap: { name: 'kube-flannel-cfg' } },
      { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
    ],
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'kube-flannel', namespace: NS, labels },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'flannel' } },
      template: { metadata: { labels: { tier: 'node', 'k8s-app': 'flannel' } }, spec: podSpec },
      // RKE1 always passes a (defaulted) strategy, so the template's 20% fallback is never used.
      updateStrategy: k8sUpdateStrategy(network.update_strategy),
    },
  };
}

export function flannelObjects(input: AddonRenderInput): K8sObject[] {
  const key = templateKey(input, 'flannel');
  if (!(TEMPLATES as readonly string[]).includes(key)) throw unsupportedTemplate('flannel', key, TEMPLATES);
  const backend = flannelBackend(input.config.network?.options, 'flannel');
  return [
    ...(rbacEnabled(input.config) ? rbacObjects() : []),
    {
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'kube-flannel-cfg', namespace: NS, labels: { tier: 'node', 'k8s-app': 'flannel', app: 'flannel' } },
      data: { 'cni-conf.json': CNI_CONF, 'net-conf.json': flannelNetConf(clusterCidr(input.config), backend) },
    },
    daemonSet(input, key as FlannelTemplate),
  ];
}
