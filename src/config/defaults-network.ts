/** `network` defaults (cluster/defaults.go setClusterNetworkDefaults). Mutates the given config. */
import { ACI_PLUGIN_OPTION_DEFAULTS, ACI_STRING_FIELDS } from './aci.js';
import { DEFAULTS } from './constants.js';
import type { ClusterConfig } from './schema/cluster.js';

function pluginOptionDefaults(plugin: string): Record<string, string> {
  switch (plugin) {
    case 'calico':
      return {
        calico_cloud_provider: DEFAULTS.networkCloudProvider,
        calico_flex_volume_plugin_dir: DEFAULTS.flexVolumePluginDir,
      };
    case 'flannel':
      return {
        flannel_backend_type: DEFAULTS.flannelBackendType,
        flannel_backend_port: DEFAULTS.flannelBackendPort,
        flannel_backend_vni: DEFAULTS.flannelBackendVni,
      };
    case 'canal':
      return {
        canal_flannel_backend_type: DEFAULTS.flannelBackendType,
        canal_flannel_backend_port: DEFAULTS.flannelBackendPort,
        canal_flannel_backend_vni: DEFAULTS.flannelBackendVni,
        canal_flex_volume_plugin_dir: DEFAULTS.flexVolumePluginDir,
      };
    case 'aci':
      return { ...ACI_PLUGIN_OPTION_DEFAULTS };
    default:
      return {};
  }
}

export function setNetworkDefaults(config: ClusterConfig): void {
  const network = (config.network ??= {});
  if (!network.plugin) network.plugin = DEFAULTS.networkPlugin;
  const options = (network.options ??= {});
  const defaults = pluginOptionDefaults(network.plugin);

  // The provider structs (a Rancher API shape) are copied into options, which is what RKE1 reads.
  if (network.calico_network_provider) {
    if (!network.calico_network_provider.cloudprovider) network.calico_network_provider.cloudprovider = DEFAULTS.networkCloudProvider;
    defaults.calico_cloud_provider = network.calico_network_provider.cloudprovider;
  }
  if (network.flannel_network_provider) defaults.flannel_iface = network.flannel_network_provider.iface ?? '';
  if (network.canal_network_provider) defaults.canal_iface = network.canal_network_provider.iface ?? '';
  // RKE1's option key for the weave password really is `WeavePassword`.
  if (network.weave_network_provider) defaults.WeavePassword = network.weave_network_provider.password ?? '';
  const aci = network.aci_network_provider as Record<string, unknown> | undefined;
  if (aci) {
    for (const [yamlKey, , optionKey, fallback] of ACI_STRING_FIELDS) {
      if (fallback !== null && !aci[yamlKey]) aci[yamlKey] = fallback;
      if (optionKey !== null) defaults[optionKey] = typeof aci[yamlKey] === 'string' ? aci[yamlKey] : '';
    }
  }
  for (const [key, value] of Object.entries(defaults)) {
    if (!(key in options)) options[key] = value;
  }
}
