/** kubernetes_version and system_images checks (cluster/validation.go validateVersion, validateSystemImages). */
import type { ConfigVersionTable } from './defaults.js';
import type { ConfigIssue } from './issues.js';
import { AT_LEAST_1_21, parseClusterVersion, strToSemVer, versionMatches } from './k8s-version.js';
import type { ClusterConfig } from './schema/cluster.js';
import type { SystemImageKey } from '../versions/types.js';

type Check = [SystemImageKey, string];

function requiredImages(config: ClusterConfig, version: string): Check[] {
  const checks: Check[] = [
    ['etcd', 'etcd image is not populated'],
    ['kubernetes', 'kubernetes image is not populated'],
    ['pod_infra_container', 'pod infrastructure container image is not populated'],
    ['alpine', 'alpine image is not populated'],
    ['nginx_proxy', 'nginx proxy image is not populated'],
    ['cert_downloader', 'certificate downloader image is not populated'],
    ['kubernetes_services_sidecar', 'kubernetes sidecar image is not populated'],
  ];
  switch (config.network?.plugin) {
    case 'flannel':
      checks.push(['flannel', 'flannel image is not populated'], ['flannel_cni', 'flannel cni image is not populated']);
      break;
    case 'canal':
      checks.push(
        ['canal_node', 'canal image is not populated'],
        ['canal_cni', 'canal cni image is not populated'],
        ['canal_flannel', 'flannel image is not populated'],
      );
      break;
    case 'calico':
      checks.push(
        ['calico_cni', 'calico cni image is not populated'],
        ['calico_ctl', 'calico ctl image is not populated'],
        ['calico_node', 'calico image is not populated'],
        ['calico_controllers', 'calico controllers image is not populated'],
      );
      break;
    case 'weave':
      checks.push(['weave_cni', 'weave cni image is not populated'], ['weave_node', 'weave image is not populated']);
      break;
    case 'aci':
      checks.push(
        ['aci_cni_deploy_container', 'aci cnideploy image is not populated'],
        ['aci_host_container', 'aci host container image is not populated'],
        ['aci_opflex_container', 'aci opflex agent image is not populated'],
        ['aci_mcast_container', 'aci mcast container image is not populated'],
        ['aci_ovs_container', 'aci openvswitch image is not populated'],
        ['aci_controller_container', 'aci controller image is not populated'],
      );
      break;
  }
  const dns = config.dns?.provider;
  if (dns === 'kube-dns') {
    checks.push(
      ['kubedns', 'kubedns image is not populated'],
      ['dnsmasq', 'dnsmasq image is not populated'],
      ['kubedns_sidecar', 'kubedns sidecar image is not populated'],
      ['kubedns_autoscaler', 'kubedns autoscaler image is not populated'],
    );
  } else if (dns === 'coredns') {
    checks.push(['coredns', 'coredns image is not populated'], ['coredns_autoscaler', 'coredns autoscaler image is not populated']);
  }
  if (config.dns?.nodelocal) checks.push(['nodelocal', 'nodelocal image is not populated']);
  if (config.monitoring?.provider !== 'none') checks.push(['metrics_server', 'metrics server images is not populated']);
  if (config.ingress?.provider !== 'none') {
    checks.push(['ingress', 'ingress image is not populated'], ['ingress_backend', 'ingress backend image is not populated']);
    if (versionMatches(version, AT_LEAST_1_21)) checks.push(['ingress_webhook', 'ingress webhook image is not populated']);
  }
  return checks;
}

/**
 * A version RKE1 knows needs nothing more; an unknown version is accepted only when cluster.yml
 * provides every image it needs (one issue per missing image here, RKE1 stops at the first).
 * Returns the version problem first so that callers can skip version-dependent checks.
 */
export function validateVersion(config: ClusterConfig, table: ConfigVersionTable): ConfigIssue[] {
  const version = config.kubernetes_version ?? '';
  const path = 'kubernetes_version';
  // RKE1 already fails while applying defaults (setCRIDockerd → getClusterVersion).
  const parsed = parseClusterVersion(version);
  if ('error' in parsed) return [{ message: parsed.error, path }];
  if (strToSemVer(version) === undefined) return [{ message: `${version} is not valid semver`, path }];

  // An unparsable version stops RKE1 bare (while defaulting); an unknown one fails validation.
  const context = 'Failed to validate cluster';
  const prefix = `${version} is an unsupported Kubernetes version and system images are not populated`;
  if (!table.versions[version]) {
    const images = config.system_images ?? {};
    return requiredImages(config, version)
      .filter(([key]) => !images[key])
      .map(([key, message]) => ({ message: `${prefix}: ${message}`, path: `system_images.${key}`, context }));
  }
  // RKE1 formats a nil error here.
  if (table.deprecated.includes(version)) return [{ message: `${prefix}: <nil>`, path, context }];
  return [];
}

/** True when validateVersion's problems mean version-dependent checks cannot run. */
export function versionIsUsable(config: ClusterConfig): boolean {
  return !('error' in parseClusterVersion(config.kubernetes_version ?? ''));
}
