/**
 * NodeLocal DNS cache (RKE1 cluster/addons.go deployNodelocal + KDM template `nodelocal-v1.21`).
 * Deployed when `dns.nodelocal.ip_address` is set; kubelet's --cluster-dns then points at that IP
 * (the kubelet container spec is src/desired's concern).
 */
import { clusterDnsServer, clusterDomain, rbacEnabled, systemImage, templateKey, unsupportedTemplate, type AddonRenderInput } from '../input.js';
import { isEmptyMap, k8sUpdateStrategy, sortedStringMap } from '../k8s-values.js';
import type { K8sObject } from '../manifest.js';

const TEMPLATES = ['nodelocal-v1.21'] as const;
const NS = 'kube-system';
const RECONCILE = { 'addonmanager.kubernetes.io/mode': 'Reconcile' };

/** The node-cache Corefile template; node-cache itself fills in the __PILLAR__ placeholders. */
export function nodelocalCorefile(domain: string, ip: string, dnsServer: string): string {
  const bind = `bind ${ip} ${dnsServer}`;
  const forwardTcp = `forward . __PILLAR__CLUSTER__DNS__ {
            force_tcp
    }`;
  const reverse = (zone: string) => `${zone}:53 {
    errors
    cache 30
    reload
    loop
    ${bind}
    ${forwardTcp}
    prometheus :9253
    }
`;
  return `${domain}:53 {
    errors
    cache {
            success 9984 30
            denial 9984 5
    }
    reload
    loop
    ${bind}
    ${forwardTcp}
    prometheus :9253
    health ${ip}:8080
    }
${reverse('in-addr.arpa')}${reverse('ip6.arpa')}.:53 {
    errors
    cache 30
    reload
    loop
    ${bind}
    forward . __PILLAR__UPSTREAM__SERVERS__
    prometheus :9253
    }
`;
}

export function nodelocalObjects(input: AddonRenderInput): K8sObject[] {
  const key = templateKey(input, 'nodelocal');
  if (!(TEMPLATES as readonly string[]).includes(key)) throw unsupportedTemplate('nodelocal', key, TEMPLATES);
  const { config } = input;
  const nodelocal = config.dns?.nodelocal ?? {};
  const ip = nodelocal.ip_address ?? '';
  const dnsServer = clusterDnsServer(config);
  const rbac = rbacEnabled(config);
  const pod: Record<string, unknown> = {
    priorityClassName: nodelocal.node_local_dns_priority_class_name || 'system-node-critical',
  };
  if (rbac) pod.serviceAccountName = 'node-local-dns';
  pod.affinity = {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'beta.kubernetes.io/os', operator: 'NotIn', values: ['windows'] }] }],
      },
    },
  };
  pod.hostNetwork = true;
  if (!isEmptyMap(nodelocal.node_selector)) pod.nodeSelector = sortedStringMap(nodelocal.node_selector);
  Object.assign(pod, {
    dnsPolicy: 'Default',
    tolerations: [{ operator: 'Exists' }],
    containers: [
      {
        name: 'node-cache',
        image: systemImage(input, 'nodelocal'),
        resources: { requests: { cpu: '25m', memory: '5Mi' } },
        args: ['-localip', `${ip},${dnsServer}`, '-conf', '/etc/Corefile', '-upstreamsvc', 'kube-dns-upstream'],
        securityContext: { privileged: true },
        ports: [
          { containerPort: 53, name: 'dns', protocol: 'UDP' },
          { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
          { containerPort: 9253, name: 'metrics', protocol: 'TCP' },
        ],
        livenessProbe: { httpGet: { host: ip, path: '/health', port: 8080 }, initialDelaySeconds: 60, timeoutSeconds: 5 },
        volumeMounts: [
          { mountPath: '/run/xtables.lock', name: 'xtables-lock', readOnly: false },
          { name: 'config-volume', mountPath: '/etc/coredns' },
          { name: 'kube-dns-config', mountPath: '/etc/kube-dns' },
        ],
      },
    ],
    volumes: [
      { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
      { name: 'kube-dns-config', configMap: { name: 'kube-dns', optional: true } },
      { name: 'config-volume', configMap: { name: 'node-local-dns', items: [{ key: 'Corefile', path: 'Corefile.base' }] } },
    ],
  });
  return [
    ...(rbac
      ? [
          {
            apiVersion: 'v1',
            kind: 'ServiceAccount',
            metadata: { name: 'node-local-dns', namespace: NS, labels: { 'kubernetes.io/cluster-service': 'true', ...RECONCILE } },
          },
        ]
      : []),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kube-dns-upstream',
        namespace: NS,
        labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', ...RECONCILE, 'kubernetes.io/name': 'KubeDNSUpstream' },
      },
      spec: {
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        ],
        selector: { 'k8s-app': 'kube-dns' },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'node-local-dns', namespace: NS, labels: RECONCILE },
      data: { Corefile: nodelocalCorefile(clusterDomain(config), ip, dnsServer) },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: {
        name: 'node-local-dns',
        namespace: NS,
        labels: { 'k8s-app': 'node-local-dns', 'kubernetes.io/cluster-service': 'true', ...RECONCILE },
      },
      spec: {
        // Not defaulted by RKE1: without one the template's bare maxUnavailable: 1 is used.
        updateStrategy: nodelocal.update_strategy ? k8sUpdateStrategy(nodelocal.update_strategy) : { rollingUpdate: { maxUnavailable: 1 } },
        selector: { matchLabels: { 'k8s-app': 'node-local-dns' } },
        template: { metadata: { labels: { 'k8s-app': 'node-local-dns' } }, spec: pod },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { labels: { 'k8s-app': 'node-local-dns' }, name: 'node-local-dns', namespace: NS },
      spec: { clusterIP: 'None', ports: [{ name: 'metrics', port: 9253, targetPort: 9253 }], selector: { 'k8s-app': 'node-local-dns' } },
    },
  ];
}
