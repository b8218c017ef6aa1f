/**
 * `network` checks (cluster/validation.go validateNetworkOptions) and the service IP derivation RKE1
 * does first (cluster/cluster.go setNetworkOptions → pki.GetKubernetesServiceIP).
 */
import { isIP } from 'node:net';
import { IPV6_COMPATIBLE_NETWORK_PLUGINS, NETWORK_PLUGINS } from './constants.js';
import type { ConfigIssue } from './issues.js';
import { ACI_DUALSTACK, WEAVE_SUPPORTED, strToSemVer, versionMatches } from './k8s-version.js';
import type { ClusterConfig } from './schema/cluster.js';

const ACI_PATH = 'network.aci_network_provider';

/** Options that only exist for cloud APIC; each is allowed only at its "disabled" value. */
const ACI_CLOUD_OPTIONS: [option: string, disabledValue: string | undefined][] = [
  ['aci_ep_registry', ''],
  ['aci_opflex_mode', ''],
  ['aci_use_host_netns_volume', 'false'],
  ['aci_use_opflex_server_volume', 'false'],
  ['aci_subnet_domain_name', ''],
  ['aci_kafka_client_crt', ''],
  ['aci_kafka_client_key', ''],
  ['aci_capic', 'false'],
  // RKE1 lists the template key here, not the option key, and has no disabled value for it.
  ['UseAciAnywhereCRD', undefined],
  ['aci_overlay_vrf_name', ''],
  ['aci_gbp_pod_subnet', ''],
  ['aci_run_gbp_container', 'false'],
  ['aci_run_opflex_server_container', 'false'],
  ['aci_opflex_server_port', ''],
];

/** Required ACI options: [option key, name shown, description]. */
const ACI_REQUIRED_OPTIONS: [string, string, string][] = [
  ['aci_system_identifier', 'system_id', 'unique suffix for all cluster related objects in aci'],
  ['aci_token', 'token', 'UUID for this version of the input configuration'],
  ['aci_apic_user_name', 'apic_user_name', 'User name for aci apic'],
  ['aci_apic_user_key', 'apic_user_key', 'Base64 encoded private key for aci apic user'],
  ['aci_apic_user_crt', 'apic_user_crt', 'Base64 encoded certificate for aci apic user'],
  ['aci_encap_type', 'encap_type', 'One of the supported encap types for aci(vlan/vxlan)'],
  ['aci_mcast_range_start', 'mcast_range_start', 'Mcast range start address for endpoint groups on aci'],
  ['aci_mcast_range_end', 'mcast_range_end', 'Mcast range end address for endpoint groups on aci'],
  ['aci_node_subnet', 'node_subnet', 'Kubernetes node address subnet'],
  ['aci_aep', 'aep', 'Attachment entity profile name on aci'],
  ['aci_vrf_name', 'vrf_name', 'VRF Name on aci'],
  ['aci_vrf_tenant', 'vrf_tenant', 'Tenant for VRF on aci'],
  ['aci_l3out', 'l3out', 'L3Out on aci'],
  ['aci_dynamic_external_subnet', 'extern_dynamic', 'Subnet to use for dynamic external IPs on aci'],
  ['aci_static_external_subnet', 'extern_static', 'Subnet to use for static external IPs on aci'],
  ['aci_service_graph_subnet', 'node_svc_subnet', 'Subnet to use for service graph endpoints on aci'],
  ['aci_kubeapi_vlan', 'kubeapi_vlan', 'Vlan for node network on aci'],
  ['aci_service_vlan', 'service_vlan', 'Vlan for service graph nodes on aci'],
  ['aci_infra_vlan', 'infra_vlan', 'Vlan for infra network on aci'],
];

/**
 * RKE1 builds this list with the arguments of strings.TrimPrefix swapped, so every required option
 * prints as ` aci_`; the message is reproduced as RKE1 prints it.
 */
const ACI_MULTIPLE_MISSING =
  `Network plugin aci: multiple parameters under aci_network_provider are not provided: [${[
    ...ACI_REQUIRED_OPTIONS.map(() => ' aci_'),
    ' ApicHosts',
    ' L3OutExternalNetworks',
  ].join(' ')}]`;

function validateAci(config: ClusterConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const options = config.network?.options ?? {};
  for (const [option, disabledValue] of ACI_CLOUD_OPTIONS) {
    if (option in options && options[option] !== disabledValue) {
      issues.push({
        message: `Network plugin aci: ${option} = ${options[option] ?? ''} is provided,but cloud options are not allowed in this release`,
        path: `network.options.${option}`,
      });
    }
  }
  for (const [option, name, description] of ACI_REQUIRED_OPTIONS) {
    if (!options[option]) {
      issues.push({ message: `Network plugin aci: ${name}(${description}) under aci_network_provider is not provided`, path: ACI_PATH });
    }
  }
  const provider = config.network?.aci_network_provider;
  if (provider) {
    if (provider.apic_hosts === undefined) {
      issues.push({
        message: 'Network plugin aci: apic_hosts(address of aci apic hosts) under aci_network_provider is not provided',
        path: ACI_PATH,
      });
    }
    if (provider.l3out_external_networks === undefined) {
      issues.push({
        message: 'Network plugin aci: l3out_external_networks(external network name/s on aci) under aci_network_provider is not provided',
        path: ACI_PATH,
      });
    }
  } else {
    issues.push({ message: ACI_MULTIPLE_MISSING, path: 'network' });
  }
  return issues;
}

export function validateNetworkOptions(config: ClusterConfig, versionUsable: boolean): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const plugin = config.network?.plugin ?? '';
  const version = config.kubernetes_version ?? '';
  if (!(NETWORK_PLUGINS as readonly string[]).includes(plugin)) {
    issues.push({ message: `Network plugin [${plugin}] is not supported`, path: 'network.plugin' });
  }
  if (plugin === 'flannel' && (config.network?.mtu ?? 0) !== 0) {
    issues.push({ message: 'Network plugin [flannel] does not support configuring MTU', path: 'network.mtu' });
  }
  if (plugin === 'weave' && versionUsable && !versionMatches(version, WEAVE_SUPPORTED)) {
    issues.push({ message: 'weave CNI support is removed for k8s version >=1.30.0', path: 'network.plugin' });
  }

  const serviceRanges = (config.services?.['kube-api']?.service_cluster_ip_range ?? '').split(',');
  const clusterCIDRs = (config.services?.['kube-controller']?.cluster_cidr ?? '').split(',');
  if (serviceRanges.length > 1 || clusterCIDRs.length > 1) {
    if (!(IPV6_COMPATIBLE_NETWORK_PLUGINS as readonly string[]).includes(plugin)) {
      issues.push({ message: `Network plugin [${plugin}] does not support IPv6 (dualstack)`, path: 'network.plugin' });
    } else if (plugin === 'aci') {
      if (strToSemVer(version) === undefined) {
        issues.push({ message: `Cluster version [${version}] is not valid semver`, path: 'kubernetes_version' });
      } else if (!versionMatches(version, ACI_DUALSTACK)) {
        issues.push({ message: `Cluster version [${version}] does not have dualstack supported aci cni version`, path: 'kubernetes_version' });
      }
    }
  }
  if (plugin === 'aci') issues.push(...validateAci(config));
  return issues;
}

/** Go net.ParseCIDR acceptance: an IPv4/IPv6 address, `/`, a decimal prefix within the address size. */
export function isValidCIDR(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash < 0) return false;
  const address = text.slice(0, slash);
  const prefix = text.slice(slash + 1);
  const family = isIP(address);
  if (family === 0 || address.includes('%') || !/^[0-9]{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

export function validateServiceIPRange(config: ClusterConfig): ConfigIssue[] {
  const range = config.services?.['kube-api']?.service_cluster_ip_range ?? '';
  return range
    .split(',')
    .filter((part) => !isValidCIDR(part))
    .map((part) => ({
      message: `Failed to get Kubernetes Service IP: Failed to get kubernetes service IP from Kube API option [service_cluster_ip_range]: invalid CIDR address: ${part}`,
      path: 'services.kube-api.service_cluster_ip_range',
    }));
}
