/** Effective configs for the addon tests: cluster.yml text → RKE1 defaults (built-in v1.32 table). */
import { fileURLToPath } from 'node:url';
import { applyDefaults, effectiveClusterConfig, parseClusterConfig, type ClusterConfig } from '../../../src/config/index.js';
import { loadVersionTable, type VersionTable } from '../../../src/versions/index.js';
import type { AddonRenderInput } from '../../../src/addons/index.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/addons/', import.meta.url));

let table: VersionTable | undefined;
export function versionTable(): VersionTable {
  table ??= loadVersionTable({ env: {} });
  return table;
}

/** Parses, defaults and validates a cluster.yml (throws on validation errors, as `rke up` would). */
export function effectiveConfig(yaml: string): ClusterConfig {
  const parsed = parseClusterConfig(yaml);
  return effectiveClusterConfig(parsed.config, { table: versionTable() }).config;
}

export function renderInput(yaml: string): AddonRenderInput {
  const config = effectiveConfig(yaml);
  const version = versionTable().versions[config.kubernetes_version ?? ''];
  if (!version) throw new Error(`no version ${config.kubernetes_version}`);
  return { config, version };
}

/** Defaults only (no validation), for configs RKE1 would reject but renderers must still handle. */
export function defaultedInput(yaml: string): AddonRenderInput {
  const config = applyDefaults(parseClusterConfig(yaml).config, versionTable());
  const version = versionTable().versions[config.kubernetes_version ?? ''];
  if (!version) throw new Error(`no version ${config.kubernetes_version}`);
  return { config, version };
}

export const NODES = `nodes:
  - address: 10.0.0.1
    user: rke
    role: [controlplane, etcd]
  - address: 10.0.0.2
    user: rke
    role: [worker]
`;
