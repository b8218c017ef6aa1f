/**
 * Network plugin manifests rendered from the version table's Go template, as RKE1 does
 * (getNetworkPluginManifest → templates.CompileTemplateFromMap), when the KDM data in use
 * carries the template texts (`K8sVersionedTemplates.templateKeys`, e.g. a KDM data.json named
 * by RANCHER_METADATA_URL).
 */
import { TemplateExecError, TemplateSyntaxError } from '../../gotemplate/index.js';
import { AddonTemplateError, templateKey, type AddonRenderInput } from '../input.js';
import { compileTemplateFromMap } from '../templates.js';
import { NETWORK_TEMPLATE_DATA, type TemplatedNetworkPlugin } from './template-data.js';

export const isTemplatedNetworkPlugin = (plugin: string): plugin is TemplatedNetworkPlugin => Object.hasOwn(NETWORK_TEMPLATE_DATA, plugin);

/** The template source for the configured plugin and version, if the version table has it. */
export function networkTemplateText(input: AddonRenderInput, plugin: TemplatedNetworkPlugin): string | undefined {
  return input.version.templateTexts?.[plugin];
}

/** The plugin's manifest text, exactly as RKE1 renders it; undefined when the table has no text. */
export function renderNetworkTemplate(input: AddonRenderInput, plugin: TemplatedNetworkPlugin): string | undefined {
  const text = networkTemplateText(input, plugin);
  if (text === undefined) return undefined;
  const key = templateKey(input, plugin);
  const data = NETWORK_TEMPLATE_DATA[plugin](input);
  try {
    return compileTemplateFromMap(text, data);
  } catch (err) {
    if (err instanceof TemplateSyntaxError || err instanceof TemplateExecError) {
      throw new AddonTemplateError(`[network] ${plugin} template ${key}: ${err.message}`, { key: 'network.plugin' }, { cause: err });
    }
    throw err;
  }
}
