/** The network plugin addon (RKE1 cluster/network.go deployNetworkPlugin). */
import { AddonNotImplementedError, AddonTemplateError, type AddonRenderInput } from '../input.js';
import type { K8sObject } from '../manifest.js';
import { flannelObjects } from './flannel.js';

export { flannelBackend, flannelNetConf, flannelObjects } from './flannel.js';

/**
 * Objects of the configured plugin; undefined for `none` (RKE1 deploys nothing and expects a
 * custom CNI). Plugins rke-ts does not render yet raise AddonTemplateError.
 */
export function networkPluginObjects(input: AddonRenderInput): K8sObject[] | undefined {
  const plugin = input.config.network?.plugin ?? '';
  switch (plugin) {
    case 'flannel':
      return flannelObjects(input);
    case 'none':
      return undefined;
    case 'canal':
    case 'calico':
    case 'weave':
    case 'aci':
      throw new AddonNotImplementedError(`[network] network plugin ${plugin} is not implemented by rke-ts yet`, { key: 'network.plugin' });
    default:
      throw new AddonTemplateError(`[network] Unsupported network plugin: ${plugin}`, { key: 'network.plugin' });
  }
}
