/** The look-ups RKE1 makes against its metadata (cluster/plan.go, templates, docker checks). Pure. */
import { RkeError } from '../errors.js';
import { parseSemVer, SemVerError } from './semver.js';
import { serviceOptionsKeyFor, templateKeyFor, type VersionTable } from './table.js';
import { SYSTEM_IMAGE_KEYS, type AddonName, type ServiceOptions, type SystemImages } from './types.js';

/**
 * Default service flags for a cluster version: exact version key, else `vMAJOR.MINOR` of the
 * hyperkube image tag (or of the version). Throws RKE1's error when neither exists.
 */
export function serviceOptionsFor(table: VersionTable, version: string, kubernetesImage?: string): ServiceOptions {
  const { key, minorKey } = serviceOptionsKeyFor(table.serviceOptions, version, kubernetesImage);
  const options = key === undefined ? undefined : table.serviceOptions[key];
  if (!options) {
    throw new RkeError(
      `getDefaultKubernetesServicesOptions: No serviceOptions found for cluster version [${version}] or cluster major version [${minorKey}]`,
      { key: 'kubernetes_version' },
    );
  }
  return options;
}

/** Template key KDM selects for an addon at a version; throws RKE1's error when no range matches. */
export function templateFor(table: VersionTable, addon: AddonName, version: string): string {
  const key = templateKeyFor(table.templateRanges[addon], version);
  if (key === undefined) throw new RkeError(`no ${addon} template found for k8sVersion ${version}`, { key: 'kubernetes_version' });
  return key;
}

/** System images of a known, non-deprecated version; RKE1's message otherwise. */
export function systemImagesFor(table: VersionTable, version: string): SystemImages {
  const info = table.versions[version];
  if (!info || table.deprecated.includes(version)) {
    throw new RkeError(`k8s version is not supported, supported versions are: [${table.current.join(' ')}]`, { key: 'kubernetes_version' });
  }
  return info.systemImages;
}

/**
 * The image list `rke config --system-images` prints: system_images in struct order, the Windows
 * pause image and empty entries left out, duplicates removed (first occurrence wins).
 */
export function uniqueSystemImages(images: SystemImages): string[] {
  const seen = new Set<string>();
  for (const key of SYSTEM_IMAGE_KEYS) {
    if (key === 'windows_pod_infra_container') continue;
    const image = images[key];
    if (image) seen.add(image);
  }
  return [...seen];
}

/** RKE1's Docker check: the server version's major.minor equals one of KDM's entries (`27.2.x`). */
export function isSupportedDockerVersion(serverVersion: string, supported: string[]): boolean {
  let server;
  try {
    server = parseSemVer(serverVersion.replace(/^v/, ''));
  } catch (err) {
    if (err instanceof SemVerError) return false;
    throw err;
  }
  return supported.some((entry) => {
    const [major, minor] = entry.split('.');
    return Number(major) === server.major && Number(minor) === server.minor;
  });
}
