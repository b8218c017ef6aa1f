/**
 * The remaining checks of cluster/validation.go (auth, ingress, cri-dockerd, PodSecurity), the cloud
 * provider registration (cluster/defaults.go setCloudProvider) and upgrade_strategy values.
 */
import { authnStrategies, cloudProviderInitError, selectedCloudProvider } from './defaults.js';
import type { ConfigIssue } from './issues.js';
import { AT_LEAST_1_21, AT_LEAST_1_23, AT_LEAST_1_27_AWS_EXTERNAL, versionMatches } from './k8s-version.js';
import { calculateMaxUnavailable } from './max-unavailable.js';
import type { ClusterConfig } from './schema/cluster.js';

export function validateAuthOptions(config: ClusterConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const strategies = authnStrategies(config);
  for (const strategy of strategies) {
    if (strategy !== 'x509' && strategy !== 'webhook') {
      issues.push({ message: `Authentication strategy [${strategy}] is not supported`, path: 'authentication.strategy' });
    }
  }
  if (!strategies.has('x509')) issues.push({ message: 'Authentication strategy must contain [x509]', path: 'authentication.strategy' });
  return issues;
}

const DNS_POLICIES = new Set(['ClusterFirst', 'ClusterFirstWithHostNet', 'None', 'Default']);

export function validateIngressOptions(config: ClusterConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const ingress = config.ingress ?? {};
  const provider = ingress.provider ?? '';
  if (provider !== 'nginx' && provider !== 'none') {
    issues.push({ message: `Ingress controller ${provider} is incorrect`, path: 'ingress.provider' });
  }
  if (ingress.dns_policy && !DNS_POLICIES.has(ingress.dns_policy)) {
    issues.push({ message: `DNSPolicy ${ingress.dns_policy} was not a valid DNS Policy`, path: 'ingress.dns_policy' });
  }
  const mode = ingress.network_mode ?? '';
  if (mode === 'hostPort') {
    const http = ingress.http_port ?? 0;
    const https = ingress.https_port ?? 0;
    if (!(https >= 0 && https <= 65535)) {
      issues.push({ message: 'https port is invalid. Needs to be within 0 to 65535', path: 'ingress.https_port' });
    }
    if (!(http >= 0 && http <= 65535)) {
      issues.push({ message: 'http port is invalid. Needs to be within 0 to 65535', path: 'ingress.http_port' });
    }
    if (http !== 0 && https !== 0 && http === https) {
      issues.push({ message: 'http and https ports need to be different', path: 'ingress.https_port' });
    }
  }
  if (!['', 'hostNetwork', 'hostPort', 'none'].includes(mode)) {
    issues.push({ message: `NetworkMode ${mode} was not a valid network mode`, path: 'ingress.network_mode' });
  }
  return issues;
}

export function validateCriDockerd(config: ClusterConfig): ConfigIssue[] {
  const version = config.kubernetes_version ?? '';
  if (config.enable_cri_dockerd === true && !versionMatches(version, AT_LEAST_1_21)) {
    return [{ message: `Enabling cri-dockerd for cluster version [${version}] is not supported`, path: 'enable_cri_dockerd' }];
  }
  return [];
}

export function validatePodSecurity(config: ClusterConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const level = config.services?.['kube-api']?.pod_security_configuration ?? '';
  const path = 'services.kube-api.pod_security_configuration';
  if (!level) return issues;
  if (config.authorization?.mode !== 'rbac') issues.push({ message: "PodSecurity can't be enabled with RBAC support disabled", path });
  if (!versionMatches(config.kubernetes_version ?? '', AT_LEAST_1_23)) {
    issues.push({ message: 'cluster version must be at least v1.23 to use PodSecurity in RKE', path });
  }
  if (level !== 'privileged' && level !== 'restricted') {
    issues.push({ message: `invalid pod_security_configuration [${level}]. Supported values: [privileged, restricted]`, path });
  }
  return issues;
}

/** Checked on the defaulted config, where RKE1 has already replaced the provider name. */
export function validateCloudProvider(config: ClusterConfig): ConfigIssue[] {
  const kind = selectedCloudProvider(config);
  if (kind === undefined) return [];
  const initError = cloudProviderInitError(config);
  if (initError) return [{ message: `Failed to initialize cloud provider: ${initError}`, path: 'cloud_provider' }];
  const name = config.cloud_provider?.name ?? '';
  if (!name) return [{ message: 'name of the cloud provider is not defined for custom provider', path: 'cloud_provider.name' }];
  const version = config.kubernetes_version ?? '';
  if (name === 'aws' && versionMatches(version, AT_LEAST_1_27_AWS_EXTERNAL)) {
    return [{ message: `Cloud provider aws is invalid for [${version}]`, path: 'cloud_provider.name' }];
  }
  return [];
}

/** What RKE1 checks at upgrade time, with the node counts of this cluster.yml. */
export function validateUpgradeStrategy(config: ClusterConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const strategy = config.upgrade_strategy;
  if (!strategy) return issues;
  const nodes = config.nodes ?? [];
  const workers = nodes.filter((node) => node.role?.includes('worker')).length;
  const controlplanes = nodes.filter((node) => node.role?.includes('controlplane')).length;
  const checks: ['worker' | 'controlplane', string | undefined, number][] = [
    ['worker', strategy.max_unavailable_worker, workers],
    ['controlplane', strategy.max_unavailable_controlplane, controlplanes],
  ];
  for (const [role, value, hosts] of checks) {
    if (value === undefined) continue;
    const result = calculateMaxUnavailable(value, hosts, role);
    if ('error' in result) issues.push({ message: result.error, path: `upgrade_strategy.max_unavailable_${role}` });
  }
  return issues;
}
