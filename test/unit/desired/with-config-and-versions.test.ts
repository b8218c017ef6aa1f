/**
 * The desired-state builder fed the way `rke up` will feed it: src/config's effective (defaulted)
 * ClusterConfig and src/versions' built-in table. Defaults applied twice must not change anything.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { effectiveClusterConfig, parseClusterConfig, type ClusterConfig } from '../../../src/config/index.js';
import { buildDesiredCluster, type DesiredConfigInput, type DesiredStateInput } from '../../../src/desired/index.js';
import { loadVersionTable } from '../../../src/versions/load.js';
import { serviceOptionsFor } from '../../../src/versions/lookups.js';
import { DEFAULT_FACTS } from './fixtures.js';

const table = loadVersionTable({});
const RKE1_INIT = new URL('../../fixtures/rke1/init/', import.meta.url);

function inputFrom(config: DesiredConfigInput): DesiredStateInput {
  const version = config.kubernetes_version ?? table.defaultVersion;
  const info = table.versions[version];
  if (!info) throw new Error(`no version ${version}`);
  const nodeFacts = Object.fromEntries((config.nodes ?? []).map((n) => [n.address ?? '', DEFAULT_FACTS]));
  return {
    config,
    version: { ...info, serviceOptions: serviceOptionsFor(table, version, config.system_images?.kubernetes) },
    nodeFacts,
    defaultRkeToolsImage: table.versions[table.defaultVersion]?.systemImages.alpine,
  };
}

describe('desired state from src/config + src/versions', () => {
  it('accepts ClusterConfig as its input type', () => {
    expectTypeOf<ClusterConfig>().toMatchTypeOf<DesiredConfigInput>();
  });

  for (const name of ['single-node', 'split-3', 'ha-3', 'serving-encryption']) {
    it(`${name}: effective config and raw config give the same containers`, () => {
      const text = readFileSync(new URL(`${name}/cluster.yml`, RKE1_INIT), 'utf8');
      const parsed = parseClusterConfig(text, { file: `${name}/cluster.yml` });
      const { config } = effectiveClusterConfig(parsed.config, { table });
      const fromEffective = buildDesiredCluster(inputFrom(config));
      const fromRaw = buildDesiredCluster(inputFrom({ ...parsed.config, kubernetes_version: config.kubernetes_version }));
      expect(fromEffective).toEqual(fromRaw);
      const first = fromEffective.hosts[0];
      expect(first?.containers.kubelet?.image).toBe(table.versions[config.kubernetes_version ?? '']?.systemImages.kubernetes);
      // KDM's kubelet options made it through the real table (cgroups-per-qos=True is KDM-only).
      expect(first?.containers.kubelet?.entrypoint).toContain('--cgroups-per-qos=True');
    });
  }
});
