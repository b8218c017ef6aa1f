/** RKE1's default values for cluster.yml (cluster/defaults.go, docker/docker.go, k8s/k8s.go). */
export const DEFAULTS = {
  serviceClusterIPRange: '10.43.0.0/16',
  nodePortRange: '30000-32767',
  clusterCIDR: '10.42.0.0/16',
  clusterDNSServer: '10.43.0.10',
  clusterDomain: 'cluster.local',
  clusterName: 'local',
  sshKeyPath: '~/.ssh/id_rsa',
  sshPort: '22',
  dockerSocket: '/var/run/docker.sock',
  authStrategy: 'x509',
  authorizationMode: 'rbac',
  authnCacheTimeout: '5s',
  networkPlugin: 'canal',
  networkCloudProvider: 'none',
  ingressProvider: 'nginx',
  monitoringProvider: 'metrics-server',
  etcdSnapshotCreation: '12h',
  etcdSnapshotRetention: '72h',
  etcdBackupIntervalHours: 12,
  etcdBackupRetention: 6,
  etcdBackupTimeout: 300,
  etcdElectionTimeout: '5000',
  etcdHeartbeatInterval: '500',
  flannelBackendType: 'vxlan',
  flannelBackendPort: '8472',
  flannelBackendVni: '1',
  flexVolumePluginDir: '/usr/libexec/kubernetes/kubelet-plugins/volume/exec/nodeagent~uds',
  addonJobTimeout: 45,
  maxUnavailableWorker: '10%',
  maxUnavailableControlplane: '1',
  nodeDrainTimeout: 120,
  nodeDrainGracePeriod: -1,
  httpPort: 80,
  httpsPort: 443,
  ingressNetworkMode: 'hostNetwork',
  ingressNetworkModeV121: 'hostPort',
  monitoringReplicas: 1,
  dockerRegistry: 'docker.io',
  auditLogPath: '/var/log/kube-audit/audit-log.json',
  podSecurityPrivileged: 'privileged',
  podSecurityRestricted: 'restricted',
} as const;

export const ADMISSION_CONTROL_CONFIG_FILE_ARG = 'admission-control-config-file';

export const NETWORK_PLUGINS = ['none', 'flannel', 'calico', 'canal', 'weave', 'aci'] as const;
/** Plugins accepted with a dual-stack service/cluster CIDR (cluster/network.go IPv6CompatibleNetworkPlugins). */
export const IPV6_COMPATIBLE_NETWORK_PLUGINS = ['calico', 'aci'] as const;

/**
 * The authentication webhook kubeconfig RKE1 uses when `authentication.webhook.config_file` is empty
 * (templates/authn-webhook.go): a local endpoint on port 6440. Kept byte-identical because it is stored
 * in cluster.rkestate.
 */
export const DEFAULT_AUTHN_WEBHOOK_CONFIG = `
apiVersion: v1
kind: Config
clusters:
- name: Default
  cluster:
    insecure-skip-tls-verify: true
    server: http://127.0.0.1:6440/v1/authenticate
users:
- name: Default
  user:
    insecure-skip-tls-verify: true
current-context: webhook
contexts:
- name: webhook
  context:
    user: Default
    cluster: Default
`;

/** audit.k8s.io/v1 Policy RKE1 uses when none is given: everything at Metadata level. */
export function defaultAuditPolicy(): Record<string, unknown> {
  return { kind: 'Policy', apiVersion: 'audit.k8s.io/v1', metadata: { creationTimestamp: null }, rules: [{ level: 'Metadata' }] };
}

/** eventratelimit Configuration RKE1 uses when event_rate_limit is enabled without one. */
export function defaultEventRateLimitConfig(): Record<string, unknown> {
  return {
    kind: 'Configuration',
    apiVersion: 'eventratelimit.admission.k8s.io/v1alpha1',
    limits: [{ type: 'Server', qps: 5000, burst: 20000 }],
  };
}
