/**
 * rke-ts's renderer against Go on KDM's own templates. KDM's template texts are Rancher's and
 * are not part of this repository, so this runs only where a recording exists: set
 * RKE_TS_KDM_GOLDEN (default .cache/gotemplate-kdm) to the output dir of
 *   (cd test/fixtures/gotemplate/render && go run . kdm <KDM checkout>/pkg/rke/templates \
 *      ../kdm/keys.json ../kdm/data <dir>)
 * which holds templates.json (key → text) and <key>__<case>.out|.err for every data file in
 * test/fixtures/gotemplate/kdm/data. Every output must be byte-identical.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileTemplateFromMap } from '../../../src/addons/templates.js';
import { fromTypedJson } from './typed-json.js';

const ROOT = join(import.meta.dirname, '../../..');
const GOLDEN = process.env.RKE_TS_KDM_GOLDEN ?? join(ROOT, '.cache/gotemplate-kdm');
const DATA = join(ROOT, 'test/fixtures/gotemplate/kdm/data');
const recorded = existsSync(join(GOLDEN, 'templates.json'));

describe.skipIf(!recorded)(`KDM templates rendered like Go (${GOLDEN})`, () => {
  const texts = recorded ? (JSON.parse(readFileSync(join(GOLDEN, 'templates.json'), 'utf8')) as Record<string, string>) : {};
  const outputs = recorded ? readdirSync(GOLDEN).filter((f) => /\.(out|err)$/.test(f)) : [];
  for (const file of outputs) {
    const [key, dataCase] = file.replace(/\.(out|err)$/, '').split('__') as [string, string];
    it(`${key} with ${dataCase} data`, () => {
      const addon = Object.keys(JSON.parse(readFileSync(join(ROOT, 'test/fixtures/gotemplate/kdm/keys.json'), 'utf8')) as object).find((a) =>
        existsSync(join(DATA, `${a}__${dataCase}.json`)) && key.toLowerCase().startsWith(a.toLowerCase().replace('dns', '')),
      );
      const data = fromTypedJson(JSON.parse(readFileSync(join(DATA, `${addon}__${dataCase}.json`), 'utf8')));
      const text = texts[key]!;
      if (file.endsWith('.err')) {
        expect(() => compileTemplateFromMap(text, data)).toThrow();
        return;
      }
      expect(compileTemplateFromMap(text, data)).toBe(readFileSync(join(GOLDEN, file), 'utf8'));
    });
  }
});
