/**
 * Oracle test: the effective config, in its cluster.rkestate form, must equal the
 * `desiredState.rkeConfig` a real RKE1 (v1.7.0 build, see test/fixtures/rke1/README.md) wrote with
 * `rke up --init` for the same cluster.yml. The version table is built from RKE1's own output: the
 * system images it stored for a variant without a default registry.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConfigVersionTable } from '../../../src/config/defaults.js';
import { applyDefaults } from '../../../src/config/defaults.js';
import { parseClusterConfig } from '../../../src/config/parse.js';
import { fromRkeStateJson, toRkeStateJson } from '../../../src/config/state-json.js';
import { validateClusterConfig } from '../../../src/config/validate.js';
import type { SystemImages } from '../../../src/versions/types.js';

const root = join(import.meta.dirname, '../../fixtures/rke1/init');
const variants = existsSync(root) ? readdirSync(root).filter((name) => !name.startsWith('_')).sort() : [];

interface State {
  desiredState: { rkeConfig: Record<string, unknown> };
}
const stateOf = (variant: string): State => JSON.parse(readFileSync(join(root, variant, 'cluster.rkestate'), 'utf8')) as State;

/** KDM images per version as RKE1 stored them, from variants that use no default registry. */
function oracleTable(): ConfigVersionTable {
  const versions: ConfigVersionTable['versions'] = {};
  for (const variant of variants) {
    const config = fromRkeStateJson(stateOf(variant).desiredState.rkeConfig);
    const version = config.kubernetes_version ?? '';
    if (config.private_registries?.some((registry) => registry.is_default) || versions[version]) continue;
    versions[version] = { version, systemImages: (config.system_images ?? {}) as SystemImages, serviceOptions: {}, templates: {}, dockerVersions: [] };
  }
  return { defaultVersion: 'v1.31.1-rancher1-1', versions, deprecated: [] };
}

describe('effective config equals what RKE1 stores (rke up --init)', () => {
  it('has recorded variants', () => {
    expect(variants.length).toBeGreaterThanOrEqual(5);
  });
  for (const variant of variants) {
    it(variant, () => {
      const table = oracleTable();
      const parsed = parseClusterConfig(readFileSync(join(root, variant, 'cluster.yml'), 'utf8'));
      const effective = applyDefaults(parsed.config, table, { flags: {} });
      expect(validateClusterConfig(effective, table)).toEqual([]);
      expect(toRkeStateJson(effective)).toEqual(stateOf(variant).desiredState.rkeConfig);
    });
  }
});
