/**
 * Validation of the effective (defaulted) cluster.yml with RKE1's messages. RKE1 stops at the first
 * problem; this returns every problem, in RKE1's order of checks, each with its key path and line.
 */
import type { ConfigVersionTable } from './defaults.js';
import { inContext, lineOf, type ConfigIssue, type ConfigWarning, type LineIndex } from './issues.js';
import { versionMatches } from './k8s-version.js';
import type { ClusterConfig } from './schema/cluster.js';
import {
  validateAuthOptions,
  validateCloudProvider,
  validateCriDockerd,
  validateIngressOptions,
  validatePodSecurity,
  validateUpgradeStrategy,
} from './validate-cluster.js';
import { validateDuplicateNodes, validateHostCount, validateHostsOptions, validateRoles } from './validate-hosts.js';
import { validateNetworkOptions, validateServiceIPRange } from './validate-network.js';
import { validateServicesOptions } from './validate-services.js';
import { validateVersion, versionIsUsable } from './validate-version.js';

export interface ValidateOptions {
  /** Key lines from parseClusterConfig, to point every issue at its line. */
  lines?: LineIndex;
}

function withLines(issues: ConfigIssue[], lines: LineIndex | undefined): ConfigIssue[] {
  return issues.map((issue) => {
    if (issue.line !== undefined) return issue;
    const line = lineOf(lines, issue.path);
    return line === undefined ? issue : { ...issue, line };
  });
}

/** `config` must be the output of applyDefaults (RKE1 validates the defaulted config). */
export function validateClusterConfig(config: ClusterConfig, table: ConfigVersionTable, options: ValidateOptions = {}): ConfigIssue[] {
  const versionUsable = versionIsUsable(config);
  const versionIssues = validateVersion(config, table);
  // With a version problem the images were not filled in: "<x> image can't be empty" would only repeat it.
  const servicesIssues = validateServicesOptions(config).filter(
    (issue) => versionIssues.length === 0 || !issue.path.startsWith('system_images.'),
  );
  const validation = 'Failed to validate cluster';
  // InitClusterObject order, with the prefix RKE1 puts on each step's error.
  const issues: ConfigIssue[] = [
    ...versionIssues,
    ...inContext('Failed to set network options', validateServiceIPRange(config)),
    ...inContext(
      'Failed to register cloud provider',
      validateCloudProvider(config).filter((issue) => versionUsable || !issue.message.startsWith('Cloud provider aws')),
    ),
    ...inContext('Failed to classify hosts from config file', validateRoles(config)),
    ...inContext(validation, [
      ...validateDuplicateNodes(config),
      ...validateHostsOptions(config),
      ...validateAuthOptions(config),
      ...validateNetworkOptions(config, versionUsable),
      ...validateIngressOptions(config),
      ...(versionUsable ? validateCriDockerd(config) : []),
      ...(versionUsable ? validatePodSecurity(config) : []),
      ...servicesIssues,
    ]),
    // Checked by RKE1 only once hosts are connected (ValidateHostCount) or on upgrade (max_unavailable).
    ...validateHostCount(config),
    ...validateUpgradeStrategy(config),
  ];
  return withLines(issues, options.lines);
}

/** What RKE1 only logs as a warning about a valid config. */
export function configWarnings(config: ClusterConfig, options: ValidateOptions = {}): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  const version = config.kubernetes_version ?? '';
  if (config.network?.plugin === 'weave' && versionMatches(version, '>=1.27.0')) {
    warnings.push({
      message: 'Weave CNI plugin is deprecated starting with Kubernetes v1.27 and will be removed in Kubernetes v1.30',
      path: 'network.plugin',
    });
  }
  // cluster/reconcile.go getHostsTaintsMap: reserved role taints and duplicates (same key and effect).
  for (const [i, node] of (config.nodes ?? []).entries()) {
    const seen = new Set<string>();
    for (const [j, taint] of (node.taints ?? []).entries()) {
      const key = `${taint.key ?? ''}=:${taint.effect ?? ''}`;
      const value = `${taint.key ?? ''}=${taint.value ?? ''}:${taint.effect ?? ''}`;
      const path = `nodes[${i}].taints[${j}]`;
      if (key === 'node-role.kubernetes.io/etcd=:NoExecute' || key === 'node-role.kubernetes.io/controlplane=:NoSchedule') {
        warnings.push({ message: `taint ${value} is reserved, ignore this taint`, path });
      } else if (seen.has(key)) {
        warnings.push({ message: `duplicated taint ${value} in host ${node.address ?? ''}, ignore this taint`, path });
      } else {
        seen.add(key);
      }
    }
  }
  return withLines(warnings, options.lines);
}
