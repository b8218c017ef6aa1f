import { md5Hex, fileDeployerOnDisk, type DesiredCluster, type DesiredHost, type Role } from '../desired/index.js';
import type { ObservedCluster, ReachableHost } from '../observe/types.js';
import { containerStep, MANAGED_CONTAINERS, phaseOfContainer } from './containers.js';
import { nodeSyncStep, type DesiredNodeMeta } from './nodes.js';
import { PHASES, type Plan, type PlanStep } from './types.js';

/** A node that the previous state had and the config no longer has (identity = address, like RKE1). */
export interface RemovedHost {
  address: string;
  hostname: string;
  roles: Role[];
}

/** An addon `rke up` would deploy or remove (computed by src/addons from what kube-system holds). */
export interface AddonChangeInput {
  /** RKE1's addon resource = its ConfigMap/Job base name in kube-system (e.g. rke-network-plugin). */
  resource: string;
  action: 'deploy' | 'remove' | 'warn';
  reason: string;
}

export interface PlanInput {
  desired: DesiredCluster;
  observed: ObservedCluster;
  /** Host paths (prefix applied) of each certificate bundle entry's files, by bundle key. */
  certificateFiles: (host: DesiredHost, certName: string) => string[];
  /** Bundle keys whose PEM differs between the current and the desired state. */
  changedCertificates: string[];
  removedHosts: RemovedHost[];
  addonChanges: AddonChangeInput[];
  /** Desired labels/taints per node name, and the labels/taints the previous config set. */
  nodeMeta: DesiredNodeMeta[];
  /** The state file's currentState differs from what this run will record. */
  stateChanged: boolean;
  stateFile: string;
}

/** RKE1 restartComponentsWhenCertChanges: certificate → containers that must reload it. */
const CERT_RESTARTS: Record<string, string[]> = {
  'kube-ca': ['kube-apiserver', 'kube-controller-manager', 'kubelet', 'etcd'],
  'kube-apiserver': ['kube-apiserver', 'kube-controller-manager'],
  'kube-apiserver-requestheader-ca': ['kube-apiserver'],
  'kube-service-account-token': ['kube-apiserver', 'kube-controller-manager'],
  'kube-apiserver-proxy-client': ['kube-apiserver'],
  'kube-controller-manager': ['kube-controller-manager'],
  'kube-scheduler': ['kube-scheduler'],
  'kube-proxy': ['kube-proxy'],
  'kube-node': ['kubelet'],
};

/**
 * Files a container reads only at start and whose content is not in its spec: a new content needs
 * a restart (RKE1 ReconcileEncryptionProviderConfig restarts kube-apiserver on a new provider file).
 */
const FILE_RESTARTS: Record<string, string> = { '/etc/kubernetes/ssl/encryption.yaml': 'kube-apiserver' };

function restartsFor(changed: readonly string[], host: DesiredHost): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const cert of changed) {
    const containers = cert.startsWith('kube-etcd-') ? (host.certificates.includes(cert) ? ['etcd'] : []) : (CERT_RESTARTS[cert] ?? []);
    for (const c of containers) out.set(c, [...(out.get(c) ?? []), cert]);
  }
  return out;
}

function certificateSteps(input: PlanInput, host: DesiredHost, observed: ReachableHost): PlanStep[] {
  const missing = host.certificates.filter((name) => input.certificateFiles(host, name).some((f) => observed.files[f] === undefined));
  const changed = host.certificates.filter((name) => input.changedCertificates.includes(name));
  if (missing.length === 0 && changed.length === 0) return [];
  const reason = [
    missing.length > 0 ? `missing on host: ${missing.join(', ')}` : '',
    changed.length > 0 ? `changed in state: ${changed.join(', ')}` : '',
  ].filter(Boolean).join('; ');
  return [{
    phase: 'certificates',
    host: host.address,
    action: 'deploy-certs',
    target: 'cert-deployer',
    reason,
    changes: [...missing.map((n) => ({ field: n, after: 'deploy' })), ...changed.map((n) => ({ field: n, after: 'redeploy (force)' }))],
  }];
}

function fileSteps(host: DesiredHost, observed: ReachableHost): PlanStep[] {
  const steps: PlanStep[] = [];
  for (const file of host.files) {
    if (file.deployer !== 'file-deployer') continue;
    const want = md5Hex(fileDeployerOnDisk(file.content));
    const have = observed.files[file.hostPath];
    if (have === want) continue;
    steps.push({
      phase: 'certificates',
      host: host.address,
      action: 'deploy-file',
      target: file.hostPath,
      reason: have === undefined ? 'file does not exist' : 'content changed',
      changes: [{ field: 'md5', before: have, after: want }],
    });
  }
  return steps;
}

function containerSteps(input: PlanInput, host: DesiredHost, observed: ReachableHost): PlanStep[] {
  const steps: PlanStep[] = [];
  const isCp = host.roles.includes('controlplane');
  const touched = new Set<string>();
  for (const spec of Object.values(host.containers)) {
    const step = containerStep(observed, spec, phaseOfContainer(spec.name, isCp));
    if (step) {
      steps.push(step);
      touched.add(spec.name);
    }
  }
  for (const [container, certs] of restartsFor(input.changedCertificates, host)) {
    if (touched.has(container) || !host.containers[container] || !observed.containers[container]) continue;
    touched.add(container);
    steps.push({
      phase: phaseOfContainer(container, isCp),
      host: host.address,
      action: 'restart',
      target: container,
      reason: `certificate changed: ${certs.join(', ')}`,
      changes: [],
    });
  }
  for (const file of host.files) {
    const container = FILE_RESTARTS[file.path];
    if (!container || touched.has(container) || !host.containers[container] || !observed.containers[container]) continue;
    const have = observed.files[file.hostPath];
    if (have === undefined || have === md5Hex(fileDeployerOnDisk(file.content))) continue;
    touched.add(container);
    steps.push({
      phase: phaseOfContainer(container, isCp),
      host: host.address,
      action: 'restart',
      target: container,
      reason: `file changed: ${file.path}`,
      changes: [],
    });
  }
  for (const name of Object.keys(observed.containers)) {
    if (name in MANAGED_CONTAINERS && !host.containers[name]) {
      steps.push({
        phase: phaseOfContainer(name, isCp),
        host: host.address,
        action: 'remove',
        target: name,
        reason: 'no longer wanted on this host (role or option changed)',
        changes: [],
      });
    }
  }
  return steps;
}

function removedHostSteps(removed: RemovedHost): PlanStep[] {
  const steps: PlanStep[] = [];
  if (removed.roles.includes('worker') || removed.roles.includes('controlplane')) {
    steps.push({ phase: 'nodes', host: removed.address, action: 'delete-node', target: removed.hostname, reason: 'host removed from cluster.yml', changes: [] });
  }
  steps.push({
    phase: removed.roles.includes('etcd') ? 'etcd' : removed.roles.includes('controlplane') ? 'controlplane' : 'worker',
    host: removed.address,
    action: 'clean-host',
    target: removed.address,
    reason: `host removed from cluster.yml (roles ${removed.roles.join(',')})`,
    changes: [],
  });
  return steps;
}

/**
 * The plan for `rke up`: desired state diffed against what was observed. Pure and deterministic:
 * steps are ordered by phase, then host (cluster.yml order), then container name.
 */
export function planCluster(input: PlanInput): Plan {
  const steps: PlanStep[] = [];
  const unreachableHosts: Plan['unreachableHosts'] = [];
  for (const host of input.desired.hosts) {
    const observed = input.observed.hosts[host.address];
    if (!observed || !observed.reachable) {
      unreachableHosts.push({ address: host.address, error: observed && !observed.reachable ? observed.error : 'not observed' });
      continue;
    }
    steps.push(...certificateSteps(input, host, observed), ...fileSteps(host, observed), ...containerSteps(input, host, observed));
  }
  for (const removed of input.removedHosts) steps.push(...removedHostSteps(removed));

  for (const addon of input.addonChanges) {
    steps.push({ phase: 'addons', action: 'apply-addon', target: addon.resource, reason: `${addon.action}: ${addon.reason}`, changes: [] });
  }
  for (const meta of input.nodeMeta) {
    const step = nodeSyncStep(meta, input.observed.kubernetes);
    if (step) steps.push(step);
  }
  if (input.stateChanged) {
    steps.push({ phase: 'state', action: 'write-state', target: input.stateFile, reason: 'current state differs from desired state', changes: [] });
  }

  const hostOrder = new Map(input.desired.hosts.map((h, i) => [h.address, i]));
  const order = (s: PlanStep) => hostOrder.get(s.host ?? '') ?? Number.MAX_SAFE_INTEGER;
  return {
    clusterName: input.desired.clusterName,
    kubernetesVersion: input.desired.kubernetesVersion,
    unreachableHosts,
    phases: PHASES.map((name) => ({
      name,
      steps: steps.filter((s) => s.phase === name).sort((a, b) => order(a) - order(b)),
    })).filter((p) => p.steps.length > 0),
  };
}
