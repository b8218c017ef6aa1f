/**
 * The mapping table: for every cluster.yml setting (by leaf pattern), what it becomes on RKE2.
 * A rule sees one leaf plus the whole effective config and returns the assessment verdict and the
 * config.yaml keys / files it contributes. Exact patterns win over `prefix.**` patterns; the
 * longest prefix wins among those.
 */
import type { ClusterConfig } from '../config/index.js';
import { admissionConfigYaml, auditPolicyYaml } from '../desired/index.js';
import type { Leaf } from './leaves.js';
import {
  RKE2_ADMISSION_FILE,
  RKE2_AUDIT_POLICY_FILE,
  RKE2_AUTHN_WEBHOOK_FILE,
  RKE2_ENCRYPTION_CONFIG_FILE,
  RKE2_MANIFESTS_DIR,
  RKE2_REGISTRIES_FILE,
  RKE2_S3_CA_FILE,
} from './paths.js';
import type { Effect, MappingStatus, Scope } from './types.js';
import { cronEvery, durationMinutes, extraMountFromBind, mentionsRke1Path } from './values.js';

export interface RuleContext {
  leaf: Leaf;
  /** Effective (defaulted) cluster.yml. */
  config: ClusterConfig;
}

export interface Outcome {
  status: MappingStatus;
  rke2: string;
  note: string;
  effects?: Effect[];
}

export type Rule = (ctx: RuleContext) => Outcome;

const cfg = (scope: Scope, key: string, value: string | boolean | string[]): Effect => ({ kind: 'config', scope, key, value });

const fixed =
  (status: MappingStatus, rke2: string, note: string): Rule =>
  () => ({ status, rke2, note });
const dropped = (note: string) => fixed('dropped', '-', note);
const noEquivalent = (note: string) => fixed('no-equivalent', '-', note);
const manual = (rke2: string, note: string) => fixed('manual', rke2, note);

const str = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** RKE1 service → RKE2 component flag prefix and which nodes run it. */
const COMPONENTS = {
  etcd: { rke2: 'etcd', scope: 'servers' as Scope, mounts: true },
  'kube-api': { rke2: 'kube-apiserver', scope: 'servers' as Scope, mounts: true },
  'kube-controller': { rke2: 'kube-controller-manager', scope: 'servers' as Scope, mounts: true },
  scheduler: { rke2: 'kube-scheduler', scope: 'servers' as Scope, mounts: true },
  kubelet: { rke2: 'kubelet', scope: 'all' as Scope, mounts: false },
  kubeproxy: { rke2: 'kube-proxy', scope: 'all' as Scope, mounts: true },
};
type Service = keyof typeof COMPONENTS;

function argOutcome(component: string, scope: Scope, args: string[]): Outcome {
  const key = `${component}-arg`;
  const rke1Paths = args.some(mentionsRke1Path);
  return {
    status: rke1Paths ? 'manual' : 'carried',
    rke2: `config.yaml: ${key}`,
    note: rke1Paths
      ? 'carried as is, but the value points into RKE1\'s layout (/etc/kubernetes, /opt/rke): place that file on the node and fix the path'
      : '',
    effects: [cfg(scope, key, args)],
  };
}

function serviceRules(service: Service): Record<string, Rule> {
  const { rke2, scope, mounts } = COMPONENTS[service];
  const base = `services.${service}`;
  const windows = dropped('Windows nodes: RKE2 agents on Windows are configured on their own (no RKE1 equivalent carried over)');
  return {
    [`${base}.image`]: dropped('RKE1 always runs the system_images image; RKE2 ships its own images'),
    [`${base}.extra_args.*`]: ({ leaf }) => argOutcome(rke2, scope, [`${leaf.mapKey}=${str(leaf.value)}`]),
    [`${base}.extra_args_array.*`]: ({ leaf }) =>
      argOutcome(rke2, scope, (Array.isArray(leaf.value) ? leaf.value : [leaf.value]).map((v) => `${leaf.mapKey}=${str(v)}`)),
    [`${base}.extra_binds`]: mounts
      ? ({ leaf }) => ({
          status: 'carried',
          rke2: `config.yaml: ${rke2}-extra-mount`,
          note: 'bind options other than ro (z, Z, rshared) are dropped: RKE2 mounts are hostPath volumes',
          effects: [cfg(scope, `${rke2}-extra-mount`, (leaf.value as string[]).map(extraMountFromBind))],
        })
      : fixed('default', '-', 'kubelet runs as a host process under RKE2 and sees the host file system: binds are not needed'),
    [`${base}.extra_env`]: mounts
      ? ({ leaf }) => ({
          status: 'carried',
          rke2: `config.yaml: ${rke2}-extra-env`,
          note: '',
          effects: [cfg(scope, `${rke2}-extra-env`, (leaf.value as string[]).map(String))],
        })
      : manual(
          '/etc/default/rke2-server, /etc/default/rke2-agent',
          'kubelet is a child of the rke2 service under RKE2: put these variables in the service environment file',
        ),
    [`${base}.win_extra_args.*`]: windows,
    [`${base}.win_extra_args_array.*`]: windows,
    [`${base}.win_extra_binds`]: windows,
    [`${base}.win_extra_env`]: windows,
  };
}

const cidrRule =
  (key: string, note = ''): Rule =>
  ({ leaf }) => ({ status: 'carried', rke2: `config.yaml: ${key}`, note, effects: [cfg('servers', key, str(leaf.value))] });

const DNS_CHART = 'HelmChartConfig rke2-coredns';
const INGRESS_CHART = 'HelmChartConfig rke2-ingress-nginx';
const METRICS_CHART = 'HelmChartConfig rke2-metrics-server';
const CNI_CHART = (config: ClusterConfig) => `HelmChartConfig rke2-${config.network?.plugin === 'calico' ? 'calico' : config.network?.plugin === 'flannel' ? 'flannel' : 'canal'}`;

const chartSetting = (chart: string, what: string): Rule => manual(chart, `${what}: set the chart value in a HelmChartConfig under ${RKE2_MANIFESTS_DIR}`);
/** A CNI chart setting: which chart depends on the plugin. */
const cniSetting =
  (what: (leaf: Leaf) => string): Rule =>
  (ctx) =>
    chartSetting(CNI_CHART(ctx.config), what(ctx.leaf))(ctx);

function cniRule({ leaf }: RuleContext): Outcome {
  const plugin = str(leaf.value);
  switch (plugin) {
    case 'canal':
    case 'calico':
    case 'flannel':
      return {
        status: 'carried',
        rke2: 'config.yaml: cni',
        note: `RKE2 deploys its own rke2-${plugin} chart; remove RKE1's ${plugin} objects after the first server is up (runbook step)`,
        effects: [cfg('servers', 'cni', plugin)],
      };
    case 'none':
      return { status: 'carried', rke2: 'config.yaml: cni', note: 'deploy your own CNI as before', effects: [cfg('servers', 'cni', 'none')] };
    case 'weave':
      return {
        status: 'no-equivalent',
        rke2: 'config.yaml: cni (choose)',
        note: 'RKE2 has no Weave: pick canal, calico, cilium or flannel; pods get new networking (restart every workload)',
      };
    default:
      return {
        status: 'no-equivalent',
        rke2: 'config.yaml: cni: none',
        note: `RKE2 has no ${plugin} chart: install the vendor's CNI yourself (cni: none)`,
        effects: [cfg('servers', 'cni', 'none')],
      };
  }
}

function ingressRule({ leaf }: RuleContext): Outcome {
  const provider = str(leaf.value);
  if (provider === 'none') return { status: 'carried', rke2: 'config.yaml: ingress-controller', note: '', effects: [cfg('servers', 'ingress-controller', 'none')] };
  return {
    status: 'carried',
    rke2: 'config.yaml: ingress-controller',
    note: 'RKE2 deploys rke2-ingress-nginx; remove RKE1\'s ingress-nginx namespace objects after the first server is up',
    effects: [cfg('servers', 'ingress-controller', 'ingress-nginx')],
  };
}

function dnsProviderRule({ leaf }: RuleContext): Outcome {
  const provider = str(leaf.value);
  if (provider === 'none') return { status: 'carried', rke2: 'config.yaml: disable', note: '', effects: [cfg('servers', 'disable', ['rke2-coredns'])] };
  if (provider === 'kube-dns')
    return { status: 'no-equivalent', rke2: 'rke2-coredns', note: 'RKE2 only ships CoreDNS (same service IP); kube-dns is replaced' };
  return { status: 'default', rke2: 'rke2-coredns', note: 'RKE2 deploys CoreDNS on the same cluster DNS address' };
}

function monitoringRule({ leaf }: RuleContext): Outcome {
  if (str(leaf.value) === 'none') return { status: 'carried', rke2: 'config.yaml: disable', note: '', effects: [cfg('servers', 'disable', ['rke2-metrics-server'])] };
  return { status: 'default', rke2: 'rke2-metrics-server', note: 'RKE2 deploys metrics-server' };
}

/** RKE1 recurring snapshots (`creation` every N, kept for `retention`) → cron + count. */
function snapshotScheduleRule({ config }: RuleContext): Outcome {
  const etcd = config.services?.etcd;
  const backup = etcd?.backup_config;
  if (etcd?.snapshot === false && !backup) {
    return { status: 'carried', rke2: 'config.yaml: etcd-disable-snapshots', note: '', effects: [cfg('servers', 'etcd-disable-snapshots', true)] };
  }
  const everyMinutes = backup?.interval_hours ? backup.interval_hours * 60 : durationMinutes(etcd?.creation ?? '12h');
  const cron = everyMinutes ? cronEvery(everyMinutes) : undefined;
  const keepMinutes = durationMinutes(etcd?.retention ?? '72h');
  const count = backup?.retention ?? (everyMinutes && keepMinutes ? Math.max(1, Math.floor(keepMinutes / everyMinutes)) : undefined);
  const effects: Effect[] = [];
  if (cron) effects.push(cfg('servers', 'etcd-snapshot-schedule-cron', cron));
  if (count) effects.push(cfg('servers', 'etcd-snapshot-retention', String(count)));
  return {
    status: cron ? 'carried' : 'manual',
    rke2: 'config.yaml: etcd-snapshot-schedule-cron, etcd-snapshot-retention',
    note: cron ? 'RKE2 keeps a number of snapshots instead of an age' : 'the interval does not fit a cron schedule: write etcd-snapshot-schedule-cron by hand',
    effects,
  };
}

const S3_KEYS: Record<string, string> = {
  access_key: 'etcd-s3-access-key',
  secret_key: 'etcd-s3-secret-key',
  bucket_name: 'etcd-s3-bucket',
  region: 'etcd-s3-region',
  endpoint: 'etcd-s3-endpoint',
  folder: 'etcd-s3-folder',
};

function s3Rule({ leaf }: RuleContext): Outcome {
  const field = leaf.path.split('.').pop() ?? '';
  if (field === 'custom_ca') {
    return {
      status: 'carried',
      rke2: `config.yaml: etcd-s3-endpoint-ca (${RKE2_S3_CA_FILE})`,
      note: '',
      effects: [
        cfg('servers', 'etcd-s3', true),
        cfg('servers', 'etcd-s3-endpoint-ca', RKE2_S3_CA_FILE),
        { kind: 'file', scope: 'servers', path: RKE2_S3_CA_FILE, content: str(leaf.value), mode: 0o600 },
      ],
    };
  }
  const key = S3_KEYS[field]!;
  if (str(leaf.value) === '') return { status: 'default', rke2: `config.yaml: ${key}`, note: 'empty in cluster.yml' };
  return { status: 'carried', rke2: `config.yaml: ${key}`, note: '', effects: [cfg('servers', 'etcd-s3', true), cfg('servers', key, str(leaf.value))] };
}

function auditRule({ config }: RuleContext): Outcome {
  const audit = config.services?.['kube-api']?.audit_log;
  if (!audit?.enabled) {
    return { status: 'no-equivalent', rke2: 'config.yaml: audit-policy-file', note: 'RKE2 always writes an audit log (its default policy logs nothing): nothing to carry' };
  }
  const c = audit.configuration ?? {};
  const args = [
    ...(c.max_age !== undefined ? [`audit-log-maxage=${c.max_age}`] : []),
    ...(c.max_backup !== undefined ? [`audit-log-maxbackup=${c.max_backup}`] : []),
    ...(c.max_size !== undefined ? [`audit-log-maxsize=${c.max_size}`] : []),
    ...(c.format ? [`audit-log-format=${c.format}`] : []),
  ];
  return {
    status: 'carried',
    rke2: `config.yaml: audit-policy-file (${RKE2_AUDIT_POLICY_FILE}), kube-apiserver-arg`,
    note: 'the log moves to /var/lib/rancher/rke2/server/logs/audit.log (RKE2 mounts only that directory into kube-apiserver)',
    effects: [
      cfg('servers', 'audit-policy-file', RKE2_AUDIT_POLICY_FILE),
      { kind: 'file', scope: 'servers', path: RKE2_AUDIT_POLICY_FILE, content: auditPolicyYaml(c.policy), mode: 0o600 },
      ...(args.length ? [cfg('servers', 'kube-apiserver-arg', args)] : []),
    ],
  };
}

const auditDetail = (what: string): Rule => ({ config }) =>
  config.services?.['kube-api']?.audit_log?.enabled
    ? { status: 'carried', rke2: 'see services.kube-api.audit_log.enabled', note: `${what} carried with the audit log settings` }
    : { status: 'no-equivalent', rke2: '-', note: 'audit logging is off in RKE1' };

function encryptionRule({ config }: RuleContext): Outcome {
  const enc = config.services?.['kube-api']?.secrets_encryption_config;
  if (!enc?.enabled) {
    return {
      status: 'manual',
      rke2: 'RKE2 secrets encryption (always on)',
      note: 'RKE2 encrypts new writes with a key of its own; existing Secrets stay readable (identity) until `rke2 secrets-encrypt reencrypt`',
    };
  }
  return {
    status: 'carried',
    rke2: RKE2_ENCRYPTION_CONFIG_FILE,
    note: 'RKE1\'s keys are placed where RKE2 reads its encryption config, so stored Secrets stay readable; check `rke2 secrets-encrypt status` after the move',
  };
}

function tlsSanRule({ leaf }: RuleContext): Outcome {
  return { status: 'carried', rke2: 'config.yaml: tls-san', note: '', effects: [cfg('servers', 'tls-san', (leaf.value as string[]).map(String))] };
}

function nodeLabelRule({ leaf }: RuleContext): Outcome {
  return {
    status: 'carried',
    rke2: 'config.yaml: node-label',
    note: 'applied when the node registers; labels already on the Node object stay',
    effects: [cfg({ node: leaf.nodeIndex! }, 'node-label', [`${leaf.mapKey}=${str(leaf.value)}`])],
  };
}

function nodeTaintRule({ leaf, config }: RuleContext): Outcome {
  const index = Number(/taints\[(\d+)\]/.exec(leaf.path)?.[1] ?? 0);
  const t = config.nodes?.[leaf.nodeIndex!]?.taints?.[index];
  const field = leaf.path.split('.').pop();
  if (field !== 'key' || !t) return { status: 'carried', rke2: 'config.yaml: node-taint', note: 'part of the taint above' };
  return {
    status: 'carried',
    rke2: 'config.yaml: node-taint',
    note: '',
    effects: [cfg({ node: leaf.nodeIndex! }, 'node-taint', [`${t.key}${t.value ? `=${t.value}` : ''}:${t.effect ?? 'NoSchedule'}`])],
  };
}

function registryRule({ leaf, config }: RuleContext): Outcome {
  const index = Number(/private_registries\[(\d+)\]/.exec(leaf.path)?.[1] ?? 0);
  const reg = config.private_registries?.[index];
  const field = leaf.path.split('.').pop();
  if (field === 'is_default') {
    if (!leaf.value) return { status: 'default', rke2: '-', note: '' };
    return {
      status: 'manual',
      rke2: 'config.yaml: system-default-registry',
      note: `RKE2 pulls its own images (rancher/rke2-*, rancher/hardened-*) from ${reg?.url || 'docker.io'}: mirror them there first`,
      effects: [cfg('servers', 'system-default-registry', reg?.url || 'docker.io')],
    };
  }
  if (field === 'url') {
    return {
      status: 'carried',
      rke2: `${RKE2_REGISTRIES_FILE}: configs`,
      note: 'containerd talks HTTPS to it; a plain-HTTP registry needs a mirrors endpoint http://... in registries.yaml',
    };
  }
  if (field === 'user' || field === 'password') return { status: 'carried', rke2: `${RKE2_REGISTRIES_FILE}: configs.auth`, note: '' };
  return {
    status: 'manual',
    rke2: 'config.yaml: image-credential-provider-config',
    note: 'ECR credentials: configure the kubelet image credential provider (ecr-credential-provider) instead',
  };
}

function kubernetesVersionRule({ leaf }: RuleContext): Outcome {
  const minor = /^v1\.(\d+)/.exec(str(leaf.value))?.[1];
  return {
    status: 'manual',
    rke2: 'INSTALL_RKE2_CHANNEL',
    note: minor ? `install an RKE2 v1.${minor}.x release (same minor): the snapshot is restored by the same Kubernetes minor` : 'pick the RKE2 release of the same Kubernetes minor',
  };
}

function authStrategyRule({ leaf }: RuleContext): Outcome {
  if (!str(leaf.value).includes('webhook')) return { status: 'default', rke2: '-', note: 'x509 client certificates work the same (same CA)' };
  return {
    status: 'manual',
    rke2: `config.yaml: kube-apiserver-arg authentication-token-webhook-config-file (${RKE2_AUTHN_WEBHOOK_FILE})`,
    note: 'place the webhook kubeconfig on every server and add a kube-apiserver-extra-mount for it',
  };
}

function authzModeRule({ leaf }: RuleContext): Outcome {
  if (str(leaf.value) === 'rbac') return { status: 'default', rke2: '-', note: 'RKE2 always runs Node,RBAC' };
  return { status: 'no-equivalent', rke2: 'kube-apiserver-arg authorization-mode', note: 'RKE2 always enables RBAC; AlwaysAllow needs an explicit kube-apiserver-arg' };
}

function podSecurityRule({ leaf, config }: RuleContext): Outcome {
  if (str(leaf.value) === 'restricted') {
    const content = admissionConfigYaml({
      kubernetesVersion: config.kubernetes_version ?? '',
      userPlugins: [],
      podSecurityConfiguration: 'restricted',
    });
    return {
      status: 'carried',
      rke2: `config.yaml: pod-security-admission-config-file (${RKE2_ADMISSION_FILE})`,
      note: 'RKE1\'s restricted admission configuration (same exemptions); RKE2\'s `profile: cis` would enforce restricted too but also checks host sysctls',
      effects: [
        cfg('servers', 'pod-security-admission-config-file', RKE2_ADMISSION_FILE),
        { kind: 'file', scope: 'servers', path: RKE2_ADMISSION_FILE, content, mode: 0o600 },
      ],
    };
  }
  return { status: 'default', rke2: '-', note: 'RKE2 without a profile enforces privileged, like RKE1' };
}

function cloudProviderRule({ leaf }: RuleContext): Outcome {
  const name = str(leaf.value);
  if (name === '') return { status: 'default', rke2: '-', note: '' };
  return {
    status: 'manual',
    rke2: 'config.yaml: cloud-provider-name, cloud-provider-config',
    note: `${name}: RKE2 runs out-of-tree cloud controllers; set cloud-provider-name (e.g. external, aws, azure, rancher-vsphere) and deploy the provider's CCM/CSI`,
  };
}

function nodeAddressRule(): Outcome {
  return { status: 'carried', rke2: 'config.yaml: node-ip / node-name', note: 'also where the runbook connects' };
}

function nodeRoleRule({ leaf }: RuleContext): Outcome {
  const roles = leaf.value as string[];
  const server = roles.includes('etcd') || roles.includes('controlplane');
  const split = server && !(roles.includes('etcd') && roles.includes('controlplane'));
  return {
    status: 'carried',
    rke2: server ? `rke2-server${split ? ' (disable-etcd / disable-apiserver...)' : ''}` : 'rke2-agent',
    note: server && !roles.includes('worker') ? 'kept unschedulable with RKE1\'s role taint' : '',
  };
}

/** Exact patterns. */
const EXACT: Record<string, Rule> = {
  ...serviceRules('etcd'),
  ...serviceRules('kube-api'),
  ...serviceRules('kube-controller'),
  ...serviceRules('scheduler'),
  ...serviceRules('kubelet'),
  ...serviceRules('kubeproxy'),

  'nodes[].nodeName': dropped('Rancher-only reference'),
  'nodes[].address': nodeAddressRule,
  'nodes[].port': dropped('SSH port: only used by the runbook\'s commands'),
  'nodes[].internal_address': fixed('carried', 'config.yaml: node-ip (address becomes node-external-ip)', ''),
  'nodes[].role': nodeRoleRule,
  'nodes[].hostname_override': fixed('carried', 'config.yaml: node-name', 'the Node object keeps its name'),
  'nodes[].user': dropped('SSH user: only used by the runbook\'s commands'),
  'nodes[].docker_socket': dropped('RKE2 runs containerd, not Docker'),
  'nodes[].ssh_agent_auth': dropped('SSH access is RKE1 machinery'),
  'nodes[].ssh_key': dropped('SSH access is RKE1 machinery'),
  'nodes[].ssh_key_path': dropped('SSH access is RKE1 machinery'),
  'nodes[].ssh_cert': dropped('SSH access is RKE1 machinery'),
  'nodes[].ssh_cert_path': dropped('SSH access is RKE1 machinery'),
  'nodes[].labels.*': nodeLabelRule,
  'nodes[].taints[].key': nodeTaintRule,
  'nodes[].taints[].value': nodeTaintRule,
  'nodes[].taints[].effect': nodeTaintRule,
  'nodes[].taints[].timeAdded': dropped('set by Kubernetes'),

  'services.etcd.external_urls': manual(
    'config.yaml: datastore-endpoint, datastore-cafile, datastore-certfile, datastore-keyfile',
    'external etcd: RKE2 servers use it through datastore-*; no snapshot is restored',
  ),
  'services.etcd.ca_cert': manual('config.yaml: datastore-cafile', 'write the PEM to a file on every server'),
  'services.etcd.cert': manual('config.yaml: datastore-certfile', 'write the PEM to a file on every server'),
  'services.etcd.key': manual('config.yaml: datastore-keyfile', 'write the PEM to a file on every server'),
  'services.etcd.path': manual('config.yaml: datastore-endpoint', 'RKE2 reads the prefix from the datastore URL path'),
  'services.etcd.uid': noEquivalent('RKE2 runs etcd as root, or as the etcd user with profile: cis/etcd'),
  'services.etcd.gid': noEquivalent('RKE2 runs etcd as root, or as the etcd user with profile: cis/etcd'),
  'services.etcd.snapshot': snapshotScheduleRule,
  'services.etcd.creation': snapshotScheduleRule,
  'services.etcd.retention': snapshotScheduleRule,
  'services.etcd.backup_config.enabled': snapshotScheduleRule,
  'services.etcd.backup_config.interval_hours': snapshotScheduleRule,
  'services.etcd.backup_config.retention': snapshotScheduleRule,
  'services.etcd.backup_config.safe_timestamp': noEquivalent('RKE2 names snapshots <name>-<node>-<unix time>'),
  'services.etcd.backup_config.timeout': fixed('manual', 'config.yaml: etcd-s3-timeout', 'RKE2 has an S3 timeout only (duration, e.g. 5m)'),
  'services.etcd.backup_config.s3backupconfig.access_key': s3Rule,
  'services.etcd.backup_config.s3backupconfig.secret_key': s3Rule,
  'services.etcd.backup_config.s3backupconfig.bucket_name': s3Rule,
  'services.etcd.backup_config.s3backupconfig.region': s3Rule,
  'services.etcd.backup_config.s3backupconfig.endpoint': s3Rule,
  'services.etcd.backup_config.s3backupconfig.custom_ca': s3Rule,
  'services.etcd.backup_config.s3backupconfig.folder': s3Rule,

  'services.kube-api.service_cluster_ip_range': cidrRule('service-cidr'),
  'services.kube-api.service_node_port_range': cidrRule('service-node-port-range'),
  'services.kube-api.pod_security_configuration': podSecurityRule,
  'services.kube-api.always_pull_images': ({ leaf }) =>
    leaf.value
      ? { status: 'carried', rke2: 'config.yaml: kube-apiserver-arg', note: 'added to RKE2\'s admission plugins', effects: [cfg('servers', 'kube-apiserver-arg', ['enable-admission-plugins=NodeRestriction,AlwaysPullImages'])] }
      : { status: 'default', rke2: '-', note: '' },
  'services.kube-api.secrets_encryption_config.enabled': encryptionRule,
  'services.kube-api.secrets_encryption_config.custom_config': fixed('carried', RKE2_ENCRYPTION_CONFIG_FILE, 'the custom EncryptionConfiguration is placed as RKE2\'s encryption config'),
  'services.kube-api.audit_log.enabled': auditRule,
  'services.kube-api.audit_log.configuration.max_age': auditDetail('max age'),
  'services.kube-api.audit_log.configuration.max_backup': auditDetail('max backup'),
  'services.kube-api.audit_log.configuration.max_size': auditDetail('max size'),
  'services.kube-api.audit_log.configuration.format': auditDetail('format'),
  'services.kube-api.audit_log.configuration.policy': auditDetail('the policy'),
  'services.kube-api.audit_log.configuration.path': manual('-', 'RKE2 writes the audit log to /var/lib/rancher/rke2/server/logs/audit.log; another path needs kube-apiserver-arg audit-log-path and an extra mount'),
  'services.kube-api.admission_configuration': manual(
    `config.yaml: pod-security-admission-config-file (${RKE2_ADMISSION_FILE})`,
    'RKE2 takes an AdmissionConfiguration file; it must also keep the PodSecurity plugin entry',
  ),
  'services.kube-api.event_rate_limit.enabled': ({ leaf }) =>
    leaf.value
      ? { status: 'manual', rke2: 'kube-apiserver-arg enable-admission-plugins, admission config', note: 'add EventRateLimit to the admission plugins and its configuration to the admission config file' }
      : { status: 'default', rke2: '-', note: '' },
  'services.kube-api.event_rate_limit.configuration': manual('admission config file', 'see event_rate_limit.enabled'),

  'services.kube-controller.cluster_cidr': cidrRule('cluster-cidr'),
  'services.kube-controller.service_cluster_ip_range': fixed('carried', 'config.yaml: service-cidr', 'same value as services.kube-api.service_cluster_ip_range'),

  'services.kubelet.cluster_domain': cidrRule('cluster-domain'),
  'services.kubelet.cluster_dns_server': cidrRule('cluster-dns'),
  'services.kubelet.infra_container_image': dropped('RKE2 ships its own pause image'),
  'services.kubelet.fail_swap_on': ({ leaf }) =>
    leaf.value
      ? { status: 'default', rke2: '-', note: 'kubelet fails on swap by default' }
      : { status: 'carried', rke2: 'config.yaml: kubelet-arg', note: '', effects: [cfg('all', 'kubelet-arg', ['fail-swap-on=false'])] },
  'services.kubelet.generate_serving_certificate': fixed('default', '-', 'RKE2 kubelets always serve a certificate signed by the server CA'),

  'network.plugin': cniRule,
  'network.mtu': cniSetting(() => 'MTU'),
  'network.calico_network_provider.cloudprovider': noEquivalent('no RKE2 setting'),
  'network.canal_network_provider.iface': chartSetting('HelmChartConfig rke2-canal', 'flannel.iface'),
  'network.flannel_network_provider.iface': chartSetting('HelmChartConfig rke2-flannel', 'flannel iface'),
  'network.weave_network_provider.password': noEquivalent('RKE2 has no Weave'),
  'network.options.*': cniSetting((leaf) => `network option ${leaf.mapKey}`),
  'network.node_selector.*': cniSetting(() => 'node selector'),

  'authentication.strategy': authStrategyRule,
  'authentication.sans': tlsSanRule,
  'authentication.webhook.config_file': manual(RKE2_AUTHN_WEBHOOK_FILE, 'see authentication.strategy'),
  'authentication.webhook.cache_timeout': manual('kube-apiserver-arg authentication-token-webhook-cache-ttl', 'see authentication.strategy'),
  addons: manual(RKE2_MANIFESTS_DIR, 'the objects are in etcd and carry over; to keep managing them, put the manifests under server/manifests (RKE2 applies that directory)'),
  addons_include: manual(RKE2_MANIFESTS_DIR, 'the objects carry over; copy these manifests under server/manifests to keep managing them'),
  ssh_key_path: dropped('SSH access is RKE1 machinery'),
  ssh_cert_path: dropped('SSH access is RKE1 machinery'),
  ssh_agent_auth: dropped('SSH access is RKE1 machinery'),
  'authorization.mode': authzModeRule,
  'authorization.options.*': noEquivalent('no RKE2 setting'),
  ignore_docker_version: dropped('RKE2 runs containerd, not Docker'),
  enable_cri_dockerd: dropped('RKE2 runs containerd through CRI directly'),
  kubernetes_version: kubernetesVersionRule,
  'private_registries[].url': registryRule,
  'private_registries[].user': registryRule,
  'private_registries[].password': registryRule,
  'private_registries[].is_default': registryRule,
  'private_registries[].ecr_credential_plugin.aws_access_key_id': registryRule,
  'private_registries[].ecr_credential_plugin.aws_secret_access_key': registryRule,
  'private_registries[].ecr_credential_plugin.aws_session_token': registryRule,
  profile: ({ leaf }) => ({
    status: 'carried',
    rke2: 'config.yaml: profile',
    note: `${str(leaf.value)} becomes RKE2's cis profile (RKE2 >= 1.25 knows only cis and etcd); RKE2 checks the host sysctls and the etcd user before it starts`,
    effects: [cfg('all', 'profile', 'cis')],
  }),
  'ingress.provider': ingressRule,
  'ingress.http_port': chartSetting(INGRESS_CHART, 'controller.containerPort.http / hostPort'),
  'ingress.https_port': chartSetting(INGRESS_CHART, 'controller.containerPort.https / hostPort'),
  'ingress.network_mode': chartSetting(INGRESS_CHART, 'controller.hostNetwork / hostPort'),
  'ingress.default_backend': chartSetting(INGRESS_CHART, 'defaultBackend.enabled'),
  'ingress.default_ingress_class': chartSetting(INGRESS_CHART, 'controller.ingressClassResource.default'),
  cluster_name: dropped('RKE2 has no cluster name; it appears only in kubeconfig context names'),
  prefix_path: dropped('RKE2 uses data-dir (/var/lib/rancher/rke2) and /etc/rancher/rke2'),
  win_prefix_path: dropped('Windows nodes are configured on their own'),
  addon_job_timeout: dropped('RKE2 applies addons with its helm controller, no addon jobs'),
  'monitoring.provider': monitoringRule,
  'monitoring.replicas': chartSetting(METRICS_CHART, 'replicas'),
  'restore.restore': dropped('RKE1 restore trigger; the bundle restores through cluster-reset'),
  'restore.snapshot_name': dropped('RKE1 restore trigger; the bundle restores through cluster-reset'),
  'rotate_certificates.cacertificates': dropped('one-shot RKE1 action; RKE2: `rke2 certificate rotate-ca`'),
  'rotate_certificates.services': dropped('one-shot RKE1 action; RKE2: `rke2 certificate rotate`'),
  rotate_encryption_key: dropped('one-shot RKE1 action; RKE2: `rke2 secrets-encrypt rotate-keys`'),
  'dns.provider': dnsProviderRule,
  'dns.upstreamnameservers': chartSetting(DNS_CHART, 'upstream name servers (servers[].plugins forward)'),
  'dns.reversecidrs': chartSetting(DNS_CHART, 'reverse CIDRs'),
  'dns.stubdomains.*': chartSetting(DNS_CHART, 'stub domains (extra server blocks)'),
  'dns.nodelocal.ip_address': chartSetting(DNS_CHART, 'nodelocal.enabled and nodelocal.ip_address'),
  'cloud_provider.name': cloudProviderRule,
  cri_dockerd_stream_server_address: dropped('RKE2 runs containerd, not cri-dockerd'),
  cri_dockerd_stream_server_port: dropped('RKE2 runs containerd, not cri-dockerd'),
};

/** `prefix.**` patterns: everything under the prefix. */
const PREFIX: Record<string, Rule> = {
  'system_images.**': dropped('RKE2 ships its own images (override flags exist per component, with RKE2 image names)'),
  'network.aci_network_provider.**': noEquivalent('RKE2 has no Cisco ACI integration: cni: none and the vendor\'s installer'),
  'network.update_strategy.**': cniSetting(() => 'update strategy'),
  'network.tolerations.**': cniSetting(() => 'tolerations'),
  'ingress.**': chartSetting(INGRESS_CHART, 'ingress controller option'),
  'monitoring.**': chartSetting(METRICS_CHART, 'metrics-server option'),
  'dns.**': chartSetting(DNS_CHART, 'CoreDNS option'),
  'dns.nodelocal.**': chartSetting(DNS_CHART, 'nodelocal option'),
  'cloud_provider.**': manual('config.yaml: cloud-provider-config', 'provider settings: write the provider\'s cloud config for its out-of-tree controller'),
  'bastion_host.**': dropped('SSH access is RKE1 machinery (the runbook\'s commands may need the same jump host)'),
  'upgrade_strategy.**': dropped('RKE2 upgrades node by node (system-upgrade-controller or by hand); no cluster-wide drain settings'),
};

const PREFIXES = Object.keys(PREFIX).sort((a, b) => b.length - a.length);

export function ruleFor(pattern: string): Rule | undefined {
  const exact = EXACT[pattern] ?? PREFIX[pattern];
  if (exact) return exact;
  for (const p of PREFIXES) {
    const base = p.slice(0, -3);
    if (pattern === base || pattern.startsWith(`${base}.`) || pattern.startsWith(`${base}[`)) return PREFIX[p];
  }
  return undefined;
}
