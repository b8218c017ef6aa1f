/**
 * What every addon renderer reads: the effective cluster config (RKE1 defaults applied, cluster.yml
 * keys) and the version's table entry. The accessors name the RKE1 `Cluster` fields they stand for.
 */
import type { ClusterConfig } from '../config/index.js';
import { RkeError } from '../errors.js';
import type { AddonName, KubernetesVersionInfo, SystemImageKey } from '../versions/types.js';

export interface AddonRenderInput {
  /** Effective config (src/config applyDefaults / effectiveClusterConfig output). */
  config: ClusterConfig;
  version: KubernetesVersionInfo;
}

/** An addon cannot be rendered (no template for the version, bad option value). */
export class AddonTemplateError extends RkeError {}

/**
 * RKE1 has a template for this addon/version but rke-ts cannot render it yet. Unlike RKE1's
 * template errors this is not downgraded to a warning for the network plugin: a cluster silently
 * left without its CNI is worse than a failed `rke up`.
 */
export class AddonNotImplementedError extends AddonTemplateError {}

/** c.SystemImages.X: the effective config's image (registry prefix applied), else the table's. */
export function systemImage(input: AddonRenderInput, key: SystemImageKey): string {
  const image = input.config.system_images?.[key] || input.version.systemImages[key];
  if (!image) throw new AddonTemplateError(`system image ${key} is not set for ${input.version.version}`, { key: `system_images.${key}` });
  return image;
}

/** The KDM template key selected for this version, e.g. `flannel-v0.28.1`. */
export function templateKey(input: AddonRenderInput, addon: AddonName): string {
  const key = input.version.templates[addon];
  if (!key) throw new AddonTemplateError(`no ${addon} template found for k8sVersion ${input.version.version}`, { key: 'kubernetes_version' });
  return key;
}

export function unsupportedTemplate(addon: AddonName, key: string, supported: readonly string[]): AddonNotImplementedError {
  return new AddonNotImplementedError(
    `${addon} template ${key} is not implemented by rke-ts (implemented: ${supported.join(', ')})`,
    { key: 'kubernetes_version' },
  );
}

/** c.ClusterCIDR = services.kube-controller.cluster_cidr. */
export const clusterCidr = (c: ClusterConfig): string => c.services?.['kube-controller']?.cluster_cidr ?? '';
/** c.ClusterDomain = services.kubelet.cluster_domain. */
export const clusterDomain = (c: ClusterConfig): string => c.services?.kubelet?.cluster_domain ?? '';
/** c.ClusterDNSServer = services.kubelet.cluster_dns_server. */
export const clusterDnsServer = (c: ClusterConfig): string => c.services?.kubelet?.cluster_dns_server ?? '';
/** c.Authorization.Mode: `rbac` renders the addons' ServiceAccounts and RBAC objects. */
export const rbacEnabled = (c: ClusterConfig): boolean => c.authorization?.mode === 'rbac';

/** RKE1's util.GetTagMajorVersion: `v1.32.13-rancher1-2` → `v1.32`. */
export function tagMajorVersion(tag: string): string {
  const parts = tag.split('.');
  return parts.length < 2 ? '' : `${parts[0]}.${parts[1]}`;
}

/** Go strconv.Atoi with RKE1's atoiWithDefault: empty → default; anything but a decimal int is an error. */
export function atoiWithDefault(value: string | undefined, fallback: number, key: string): number {
  if (value === undefined || value === '') return fallback;
  if (!/^[+-]?\d+$/.test(value)) {
    throw new AddonTemplateError(`strconv.Atoi: parsing "${value}": invalid syntax`, { key });
  }
  return Number(value);
}
