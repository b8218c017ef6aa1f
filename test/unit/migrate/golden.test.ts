/**
 * Golden bundles: each input renders exactly the committed expected bundle. Files under
 * server/tls (copies of the state's PEMs) are checked through FILES.txt (path, mode, sha256) and
 * by tls.test.ts; every other file is compared in full. UPDATE_GOLDEN=1 rewrites the expected files.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderBundle, type BundleFile } from '../../../src/migrate/index.js';
import { EXPECTED, goldenCases, inputOf } from './golden-cases.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const isTls = (f: BundleFile) => f.path.includes('/server/tls/');

function manifest(files: BundleFile[]): string {
  return files.map((f) => `${f.mode.toString(8).padStart(4, '0')} ${createHash('sha256').update(f.content).digest('hex')} ${f.path}`).join('\n') + '\n';
}

describe('golden RKE2 migration bundles', () => {
  const cases = goldenCases();
  it('has at least 10 inputs', () => expect(cases.length).toBeGreaterThanOrEqual(10));

  for (const c of cases) {
    it(`${c.name}: renders the expected bundle`, () => {
      const bundle = renderBundle(inputOf(c));
      const dir = join(EXPECTED, c.name);
      const expectedFiles = [...bundle.files.filter((f) => !isTls(f)).map((f) => ({ path: f.path, content: String(f.content) })), { path: 'FILES.txt', content: manifest(bundle.files) }];
      if (UPDATE) {
        rmSync(dir, { recursive: true, force: true });
        for (const f of expectedFiles) {
          mkdirSync(dirname(join(dir, f.path)), { recursive: true });
          writeFileSync(join(dir, f.path), f.content);
        }
      }
      for (const f of expectedFiles) expect(f.content, `${c.name}/${f.path}`).toBe(readFileSync(join(dir, f.path), 'utf8'));
      expect(bundle.assessment.counts.unknown, 'no key without a mapping rule').toBe(0);
    });
  }
});
