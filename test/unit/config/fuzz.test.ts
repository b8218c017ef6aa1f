/**
 * Property tests: random mutations of valid cluster.yml files never crash the config layer; the
 * result is either a config (valid, or with validation issues) or a ConfigError.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { applyDefaults } from '../../../src/config/defaults.js';
import { parseClusterConfig } from '../../../src/config/parse.js';
import { fromRkeStateJson, toRkeStateJson } from '../../../src/config/state-json.js';
import { configWarnings, validateClusterConfig } from '../../../src/config/validate.js';
import { ConfigError } from '../../../src/errors.js';
import { fixtureTable } from './fixture-table.js';

const dir = join(import.meta.dirname, '../../fixtures/config/golden');
/** CONFIG_FUZZ_RUNS=5000 for a longer search. */
const RUNS = Number(process.env.CONFIG_FUZZ_RUNS ?? 200);
const sources = readdirSync(dir)
  .filter((name) => name.endsWith('.yml'))
  .map((name) => readFileSync(join(dir, name), 'utf8'));

/** The whole pipeline the CLI runs; returns 'error' for a ConfigError and rethrows anything else. */
function runPipeline(text: string): 'ok' | 'error' {
  try {
    const parsed = parseClusterConfig(text, { file: 'fuzz.yml' });
    const table = fixtureTable();
    const effective = applyDefaults(parsed.config, table, { flags: {} });
    const issues = validateClusterConfig(effective, table, { lines: parsed.lines });
    for (const issue of issues) {
      expect(typeof issue.message).toBe('string');
      expect(typeof issue.path).toBe('string');
    }
    configWarnings(effective);
    const state = toRkeStateJson(effective);
    expect(toRkeStateJson(fromRkeStateJson(JSON.parse(JSON.stringify(state))))).toEqual(state);
    return 'ok';
  } catch (error) {
    if (error instanceof ConfigError) {
      expect(error.message.length).toBeGreaterThan(0);
      expect(error.subject.file).toBe('fuzz.yml');
      return 'error';
    }
    throw error;
  }
}

const SPICY = ['', ':', '-', ' ', '\n', '\t', '[', ']', '{', '}', '"', "'", '&a', '*a', '!!str', '#', '|', '>', '~', 'null', '0x1F', '1e3', 'yes', '%', '<<: *a', ',', '?'];

const textMutation = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...SPICY), fc.string({ maxLength: 8 })) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('duplicateLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swapLines' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
);
type TextMutation = typeof textMutation extends fc.Arbitrary<infer T> ? T : never;

function applyText(text: string, mutation: TextMutation): string {
  const lines = text.split('\n');
  switch (mutation.kind) {
    case 'insert': {
      const at = mutation.at % (text.length + 1);
      return text.slice(0, at) + mutation.text + text.slice(at);
    }
    case 'delete': {
      const at = mutation.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + mutation.length);
    }
    case 'duplicateLine': {
      const at = mutation.at % lines.length;
      lines.splice(at, 0, lines[at] ?? '');
      return lines.join('\n');
    }
    case 'swapLines': {
      const a = mutation.at % lines.length;
      const b = mutation.other % lines.length;
      [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
      return lines.join('\n');
    }
    case 'indent': {
      const at = mutation.at % lines.length;
      const line = lines[at] ?? '';
      lines[at] = mutation.by >= 0 ? ' '.repeat(mutation.by) + line : line.replace(new RegExp(`^ {0,${-mutation.by}}`), '');
      return lines.join('\n');
    }
  }
}

/** Replaces or deletes the value at a random path of the parsed document. */
function mutateTree(root: unknown, choices: number[], replacement: unknown, remove: boolean): unknown {
  if (root === null || typeof root !== 'object') return replacement;
  const copy: Record<string, unknown> | unknown[] = structuredClone(root) as Record<string, unknown>;
  let node: Record<string, unknown> | unknown[] = copy;
  for (const choice of choices) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[choice % keys.length] as string;
    const child = (node as Record<string, unknown>)[key];
    if (child !== null && typeof child === 'object' && choice % 3 !== 0) {
      node = child as Record<string, unknown>;
      continue;
    }
    if (remove && !Array.isArray(node)) delete (node as Record<string, unknown>)[key];
    else (node as Record<string, unknown>)[key] = replacement;
    return copy;
  }
  return copy;
}

describe('config fuzzing', () => {
  it('survives random text mutations of valid files', { timeout: 600_000 }, () => {
    fc.assert(
      fc.property(fc.constantFrom(...sources), fc.array(textMutation, { minLength: 1, maxLength: 4 }), (source, mutations) => {
        const text = mutations.reduce(applyText, source);
        expect(['ok', 'error']).toContain(runPipeline(text));
      }),
      { numRuns: RUNS },
    );
  });

  it('survives random value replacements in valid files', { timeout: 600_000 }, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...sources),
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        fc.jsonValue({ maxDepth: 3 }),
        fc.boolean(),
        (source, choices, replacement, remove) => {
          const mutated = mutateTree(parse(source, { merge: true }), choices, replacement, remove);
          expect(['ok', 'error']).toContain(runPipeline(stringify(mutated)));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('fails fast on alias bombs', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`), 'nodes: [*h]'].join('\n');
    expect(runPipeline(bomb)).toBe('error');
  });

  it('a valid file stays valid', () => {
    for (const source of sources) expect(runPipeline(source)).toBe('ok');
  });
});
