/** The network plugin addon (RKE1 cluster/network.go deployNetworkPlugin). */
import { AddonNotImplementedError, AddonTemplateError, type AddonRenderInput } from '../input.js';
import { parseManifestDocuments, toManifest, type K8sObject } from '../manifest.js';
import { flannelObjects } from './flannel.js';
import { isTemplatedNetworkPlugin, renderNetworkTemplate } from './render.js';

export { flannelBackend, flannelNetConf, flannelObjects } from './flannel.js';
export { isTemplatedNetworkPlugin, networkTemplateText, renderNetworkTemplate } from './render.js';
export { calicoTemplateData, canalTemplateData, flannelTemplateData, NETWORK_TEMPLATE_DATA, weaveTemplateData } from './template-data.js';
export type { TemplateData, TemplatedNetworkPlugin } from './template-data.js';

function notRendered(plugin: string, input: AddonRenderInput): AddonNotImplementedError {
  const key = input.version.templates[plugin as 'canal'] ?? 'none';
  return new AddonNotImplementedError(
    `[network] network plugin ${plugin} is rendered from its KDM template (${key}), and the version table in use has no template texts: ` +
      'set RANCHER_METADATA_URL to a KDM data.json that carries K8sVersionedTemplates.templateKeys',
    { key: 'network.plugin' },
  );
}

/**
 * The manifest RKE1 deploys for the configured plugin; undefined for `none` (RKE1 deploys
 * nothing and expects a custom CNI). Rendered from the version table's template when the table
 * carries its text; otherwise flannel falls back to rke-ts's built-in equivalent (same objects)
 * and the other plugins raise AddonNotImplementedError.
 */
export function networkPluginManifest(input: AddonRenderInput): string | undefined {
  const plugin = input.config.network?.plugin ?? '';
  if (plugin === 'none') return undefined;
  if (plugin === 'aci') throw new AddonNotImplementedError('[network] network plugin aci is not implemented by rke-ts yet', { key: 'network.plugin' });
  if (!isTemplatedNetworkPlugin(plugin)) throw new AddonTemplateError(`[network] Unsupported network plugin: ${plugin}`, { key: 'network.plugin' });
  const rendered = renderNetworkTemplate(input, plugin);
  if (rendered !== undefined) return rendered;
  if (plugin === 'flannel') return toManifest(flannelObjects(input));
  throw notRendered(plugin, input);
}

/** The plugin's objects (parsed from the rendered manifest); undefined for `none`. */
export function networkPluginObjects(input: AddonRenderInput): K8sObject[] | undefined {
  const manifest = networkPluginManifest(input);
  return manifest === undefined ? undefined : (parseManifestDocuments(manifest) as K8sObject[]);
}
