/**
 * Golden tests: each test/fixtures/config/golden/*.yml → the effective config (RKE1 defaults applied
 * as the CLI does, with no flags given), the warnings, and the cluster.rkestate form, compared with the
 * committed .json next to it. Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/unit/config/golden.test.ts`
 * and review the diff against RKE1's defaults before committing.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../src/config/defaults.js';
import { parseClusterConfig } from '../../../src/config/parse.js';
import { toRkeStateJson } from '../../../src/config/state-json.js';
import { canonicalClusterConfig } from '../../../src/config/canonical.js';
import { configWarnings, validateClusterConfig } from '../../../src/config/validate.js';
import { fixtureTable } from './fixture-table.js';

const dir = join(import.meta.dirname, '../../fixtures/config/golden');
const update = process.env.UPDATE_GOLDEN === '1';
const files = readdirSync(dir).filter((name) => name.endsWith('.yml')).sort();

function render(file: string): unknown {
  const text = readFileSync(join(dir, file), 'utf8');
  const parsed = parseClusterConfig(text, { file });
  const table = fixtureTable();
  const effective = applyDefaults(parsed.config, table, { flags: {} });
  const lines = { lines: parsed.lines };
  return {
    issues: validateClusterConfig(effective, table, lines),
    warnings: [...parsed.warnings, ...configWarnings(effective, lines)],
    effective: canonicalClusterConfig(effective),
    rkeState: toRkeStateJson(effective),
  };
}

describe('golden cluster.yml variants', () => {
  it('has at least 20 variants', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  for (const file of files) {
    it(file, () => {
      const actual = render(file);
      const goldenPath = join(dir, file.replace(/\.yml$/, '.json'));
      if (update || !existsSync(goldenPath)) writeFileSync(goldenPath, `${JSON.stringify(actual, null, 2)}\n`);
      expect((actual as { issues: unknown[] }).issues).toEqual([]);
      expect(actual).toEqual(JSON.parse(readFileSync(goldenPath, 'utf8')));
    });
  }
});
