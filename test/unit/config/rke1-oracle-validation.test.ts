/**
 * Oracle test for messages: every case recorded from the real RKE1 under test/fixtures/rke1/validation
 * (see its README). For a case RKE1 rejected before contacting hosts, the first issue must read exactly
 * like RKE1's FATA line; for the checks RKE1 makes only with reachable hosts, the issue must carry the
 * message RKE1 gives then (taken from the README's table).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConfigVersionTable } from '../../../src/config/defaults.js';
import { applyDefaults } from '../../../src/config/defaults.js';
import { rkeMessage } from '../../../src/config/issues.js';
import { ConfigIssuesError, parseClusterConfig } from '../../../src/config/parse.js';
import { fromRkeStateJson } from '../../../src/config/state-json.js';
import { validateClusterConfig } from '../../../src/config/validate.js';
import { ConfigError } from '../../../src/errors.js';
import type { SystemImages } from '../../../src/versions/types.js';

const root = join(import.meta.dirname, '../../fixtures/rke1');
const cases = existsSync(join(root, 'validation'))
  ? readdirSync(join(root, 'validation')).filter((name) => name.endsWith('.yml')).map((name) => name.slice(0, -4)).sort()
  : [];

/** RKE 1.7's KDM (as recorded): v1.31.1 and v1.30.5 images from its states; older versions it also ships. */
function rke17Table(): ConfigVersionTable {
  const imagesOf = (variant: string): SystemImages => {
    const state = JSON.parse(readFileSync(join(root, 'init', variant, 'cluster.rkestate'), 'utf8')) as {
      desiredState: { rkeConfig: unknown };
    };
    return (fromRkeStateJson(state.desiredState.rkeConfig).system_images ?? {}) as SystemImages;
  };
  const info = (version: string, systemImages: SystemImages) => ({ version, systemImages, serviceOptions: {}, templates: {}, dockerVersions: [] });
  const v131 = imagesOf('single-node');
  return {
    defaultVersion: 'v1.31.1-rancher1-1',
    versions: {
      'v1.31.1-rancher1-1': info('v1.31.1-rancher1-1', v131),
      'v1.30.5-rancher1-1': info('v1.30.5-rancher1-1', imagesOf('k8s-1-30-calico')),
      // In RKE 1.7's KDM too; their image names do not matter for these checks.
      'v1.22.17-rancher1-1': info('v1.22.17-rancher1-1', v131),
      'v1.20.15-rancher2-2': info('v1.20.15-rancher2-2', v131),
    },
    deprecated: [],
  };
}

/** What RKE1 reports for checks that need reachable hosts (validation/README.md). */
const AFTER_SSH: Record<string, string> = {
  'no-etcd-host': 'Cluster must have at least one etcd plane host: please specify one or more etcd in cluster config',
  'internal-and-external-etcd': "Cluster can't have both internal and external etcd",
  'max-unavailable-worker-zero': 'invalid input for max_unavailable_worker: 0, value must be > 0',
  'max-unavailable-controlplane-negative': 'invalid input for max_unavailable_controlplane: -1, value must be > 0',
};

function firstMessages(text: string): string[] {
  const table = rke17Table();
  try {
    const parsed = parseClusterConfig(text, { file: 'cluster.yml' });
    return validateClusterConfig(applyDefaults(parsed.config, table, { flags: {} }), table).map(rkeMessage);
  } catch (error) {
    if (error instanceof ConfigIssuesError) return error.issues.map(rkeMessage);
    if (error instanceof ConfigError) return [error.message];
    throw error;
  }
}

describe('messages equal the ones recorded from RKE1', () => {
  it('has recorded cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });
  for (const name of cases) {
    it(name, () => {
      const read = (suffix: string) => readFileSync(join(root, 'validation', `${name}${suffix}`), 'utf8');
      const stage = /stage: (\S+)/.exec(read('.status.txt'))?.[1];
      const messages = firstMessages(read('.yml'));
      if (stage !== 'before-ssh') {
        expect(messages).toContain(AFTER_SSH[name]);
        return;
      }
      const expected = read('.expected.txt').replace(/^FATA\[\d+\] /, '').trimEnd();
      if (name === 'yaml-syntax-error') {
        // Same wording up to the YAML parser's own description of the problem.
        expect(messages[0]).toMatch(/^Failed to parse cluster file: error unmarshalling clusterfile: error converting YAML to JSON: yaml: line \d+: /);
        return;
      }
      expect(messages[0]).toBe(expected);
    });
  }
});
