/**
 * Addon defaults (cluster/defaults.go setClusterDNSDefaults, setAddonsDefaults and the update-strategy
 * helpers). Mutates the given config.
 */
import { DEFAULTS } from './constants.js';
import { AT_LEAST_1_21, versionLessThan, versionMatches, strToSemVer } from './k8s-version.js';
import type { ClusterConfig, DnsConfig } from './schema/cluster.js';

type DaemonSetStrategy = NonNullable<NonNullable<ClusterConfig['network']>['update_strategy']>;
type DeploymentStrategy = NonNullable<DnsConfig['update_strategy']>;

const ROLLING_UPDATE = 'RollingUpdate';

export function daemonSetStrategyDefaults(strategy: DaemonSetStrategy | undefined): DaemonSetStrategy {
  if (strategy && strategy.strategy !== ROLLING_UPDATE) return strategy;
  if (!strategy?.rollingUpdate || strategy.rollingUpdate.maxUnavailable === undefined) {
    return { strategy: ROLLING_UPDATE, rollingUpdate: { maxUnavailable: 1 } };
  }
  return strategy;
}

export function deploymentStrategyDefaults(strategy: DeploymentStrategy | undefined): DeploymentStrategy {
  if (strategy && strategy.strategy !== ROLLING_UPDATE) return strategy;
  if (!strategy?.rollingUpdate) return { strategy: ROLLING_UPDATE, rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } };
  strategy.rollingUpdate.maxUnavailable ??= '25%';
  strategy.rollingUpdate.maxSurge ??= '25%';
  return strategy;
}

/** CoreDNS: maxUnavailable 1 / maxSurge 0; kube-dns: maxUnavailable 0 / maxSurge 10%. */
export function dnsStrategyDefaults(strategy: DeploymentStrategy | undefined, provider: string | undefined): DeploymentStrategy | undefined {
  if (strategy && strategy.strategy !== ROLLING_UPDATE && strategy.strategy) return strategy;
  if (provider === 'coredns') {
    if (!strategy?.rollingUpdate) return { strategy: ROLLING_UPDATE, rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } };
    strategy.rollingUpdate.maxUnavailable ??= 1;
  } else if (provider === 'kube-dns') {
    if (!strategy?.rollingUpdate) return { strategy: ROLLING_UPDATE, rollingUpdate: { maxUnavailable: 0, maxSurge: '10%' } };
    strategy.rollingUpdate.maxSurge ??= '10%';
  }
  return strategy;
}

/** The DNS provider: coredns for Kubernetes >= 1.14.0, kube-dns before; an explicit provider is kept. */
export function setDnsDefaults(config: ClusterConfig, version: string): void {
  if (config.dns?.provider) return;
  if (strToSemVer(version) === undefined) return; // RKE1 stops here with "... is not valid semver" (validation reports it)
  config.dns ??= {};
  config.dns.provider = versionLessThan(version, '1.14.0') ? 'kube-dns' : 'coredns';
  config.dns.options ??= {};
}

export function setAddonDefaults(config: ClusterConfig, version: string): void {
  const ingress = (config.ingress ??= {});
  const network = (config.network ??= {});
  const dns = (config.dns ??= {});
  const monitoring = (config.monitoring ??= {});
  ingress.update_strategy = daemonSetStrategyDefaults(ingress.update_strategy);
  network.update_strategy = daemonSetStrategyDefaults(network.update_strategy);
  const dnsStrategy = dnsStrategyDefaults(dns.update_strategy, dns.provider);
  if (dnsStrategy) dns.update_strategy = dnsStrategy;
  dns.linear_autoscaler_params ??= { cores_per_replica: 128, nodes_per_replica: 4, min: 1, prevent_single_point_failure: true };
  monitoring.update_strategy = deploymentStrategyDefaults(monitoring.update_strategy);
  monitoring.replicas ??= DEFAULTS.monitoringReplicas;

  const atLeast121 = versionMatches(version, AT_LEAST_1_21);
  if (!ingress.network_mode) ingress.network_mode = atLeast121 ? DEFAULTS.ingressNetworkModeV121 : DEFAULTS.ingressNetworkMode;
  if (!ingress.http_port) ingress.http_port = DEFAULTS.httpPort;
  if (!ingress.https_port) ingress.https_port = DEFAULTS.httpsPort;
  // The default backend is off from Kubernetes 1.21 on.
  ingress.default_backend ??= !atLeast121;
  ingress.default_ingress_class ??= true;
}
