/**
 * The Go template engine against outputs recorded from Go's text/template with RKE1's function
 * map (test/fixtures/gotemplate/render, `go run . cases ...`): byte-identical output, and an
 * error exactly where Go fails, at the same template line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileTemplateFromMap } from '../../../src/addons/templates.js';
import { fromTypedJson } from './typed-json.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/gotemplate');

interface Case {
  name: string;
  template?: string;
  text?: string;
  data: unknown;
}

const cases = JSON.parse(readFileSync(join(FIXTURES, 'cases/cases.json'), 'utf8')) as Case[];

describe('Go template engine matches Go text/template + sprig (recorded goldens)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const text = c.template ? readFileSync(join(FIXTURES, 'cases', c.template), 'utf8') : (c.text ?? '');
      const data = fromTypedJson(c.data);
      const outFile = join(FIXTURES, 'expected', `${c.name}.out`);
      if (existsSync(outFile)) {
        expect(compileTemplateFromMap(text, data)).toBe(readFileSync(outFile, 'utf8'));
        return;
      }
      const goError = readFileSync(join(FIXTURES, 'expected', `${c.name}.err`), 'utf8').trim();
      const where = /^template: compiled_template:\d+/.exec(goError)![0];
      expect(() => compileTemplateFromMap(text, data)).toThrow(where);
    });
  }
});
