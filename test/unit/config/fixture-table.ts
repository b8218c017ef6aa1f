/**
 * The version table config tests run against: two real RKE 1.8 versions from the built-in data
 * (pinned keys, so goldens do not move when the default version changes) plus a synthetic v1.27
 * entry with Weave images for the "weave on an older version" case, and a deprecated version.
 */
import type { ConfigVersionTable } from '../../../src/config/defaults.js';
import { loadVersionTable } from '../../../src/versions/load.js';
import type { KubernetesVersionInfo, SystemImages } from '../../../src/versions/types.js';

export const FIXTURE_DEFAULT_VERSION = 'v1.32.13-rancher1-2';
export const FIXTURE_OLDER_VERSION = 'v1.31.14-rancher1-1';
export const FIXTURE_WEAVE_VERSION = 'v1.27.16-rancher1-1';
export const FIXTURE_DEPRECATED_VERSION = 'v1.30.99-rancher9-9';

function synthetic(version: string, images: SystemImages): KubernetesVersionInfo {
  return { version, systemImages: images, serviceOptions: {}, templates: {}, dockerVersions: ['20.10', '23.0', '24.0'] };
}

let cached: ConfigVersionTable | undefined;

export function fixtureTable(): ConfigVersionTable {
  if (cached) return cached;
  const real = loadVersionTable({ env: {} });
  const pick = (version: string): KubernetesVersionInfo => {
    const info = real.versions[version];
    if (!info) throw new Error(`the built-in version table no longer has ${version}; update the config test fixture`);
    return info;
  };
  const base = pick(FIXTURE_DEFAULT_VERSION).systemImages;
  cached = {
    defaultVersion: FIXTURE_DEFAULT_VERSION,
    versions: {
      [FIXTURE_DEFAULT_VERSION]: pick(FIXTURE_DEFAULT_VERSION),
      [FIXTURE_OLDER_VERSION]: pick(FIXTURE_OLDER_VERSION),
      [FIXTURE_WEAVE_VERSION]: synthetic(FIXTURE_WEAVE_VERSION, {
        ...base,
        kubernetes: 'rancher/hyperkube:v1.27.16-rancher1',
        weave_node: 'weaveworks/weave-kube:2.8.1',
        weave_cni: 'weaveworks/weave-npc:2.8.1',
      }),
      [FIXTURE_DEPRECATED_VERSION]: synthetic(FIXTURE_DEPRECATED_VERSION, base),
    },
    deprecated: [FIXTURE_DEPRECATED_VERSION],
  };
  return cached;
}
