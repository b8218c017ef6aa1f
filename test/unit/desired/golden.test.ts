/**
 * Golden desired state: every config under test/fixtures/desired/configs/ builds to the committed
 * JSON under golden/. Regenerate with UPDATE_GOLDEN=1 and review the diff against
 * shared/reference/rke1.md §3 before committing.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildDesiredCluster, toDockerCreateOptions, type NodeFacts } from '../../../src/desired/index.js';
import { DEFAULT_FACTS, FIXTURES, inputFor } from './fixtures.js';

const CONFIGS = `${FIXTURES}configs/`;
const GOLDEN = `${FIXTURES}golden/`;
const update = process.env.UPDATE_GOLDEN === '1';

interface Case {
  cluster: Parameters<typeof inputFor>[0];
  facts?: { default?: Partial<NodeFacts> };
  input?: Record<string, unknown>;
}

function build(file: string) {
  const c = parse(readFileSync(`${CONFIGS}${file}`, 'utf8')) as Case;
  const facts = { ...DEFAULT_FACTS, ...(c.facts?.default ?? {}) };
  const desired = buildDesiredCluster(inputFor(c.cluster, c.input ?? {}, facts));
  const dockerCreate = Object.fromEntries(
    desired.hosts.map((h) => [h.address, Object.fromEntries(Object.values(h.containers).map((s) => [s.name, toDockerCreateOptions(s)]))]),
  );
  return { desired, dockerCreate };
}

const files = readdirSync(CONFIGS).filter((f) => f.endsWith('.yaml')).sort();

describe('desired state goldens', () => {
  it('has at least 10 configs', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });
  for (const file of files) {
    it(file, () => {
      const actual = JSON.stringify(build(file), null, 2) + '\n';
      const goldenPath = `${GOLDEN}${file.replace(/\.yaml$/, '.json')}`;
      if (update || !existsSync(goldenPath)) {
        if (!update) throw new Error(`missing golden ${goldenPath}: run with UPDATE_GOLDEN=1`);
        writeFileSync(goldenPath, actual);
      }
      expect(actual).toBe(readFileSync(goldenPath, 'utf8'));
    });
  }
});
