import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { marshalYamlV2 } from '../../../src/gotemplate/goyaml.js';
import { FIXTURES } from './fixtures.js';

const oracle = JSON.parse(readFileSync(`${FIXTURES}goyaml-oracle.json`, 'utf8')) as { cases: { json: string; yaml: string }[] };

describe('marshalYamlV2', () => {
  it('matches sigs.k8s.io/yaml v1.4.0 output byte for byte on every recorded case', () => {
    expect(oracle.cases.length).toBeGreaterThan(200);
    const mismatches = oracle.cases.filter((c) => marshalYamlV2(JSON.parse(c.json)) !== c.yaml);
    expect(mismatches.map((m) => m.json)).toEqual([]);
  });

  it('does not indent sequences under their key and sorts keys naturally', () => {
    expect(marshalYamlV2({ b: [1, { y: 'v', x: 'u' }], a10: 1, a9: 2 })).toBe('a9: 2\na10: 1\nb:\n- 1\n- x: u\n  "y": v\n');
  });

  it('quotes strings that would read back as another type', () => {
    expect(marshalYamlV2({ p: '', t: 'true', n: '5000', d: '2024-01-02', s: 'kube-system' })).toBe(
      'd: "2024-01-02"\n"n": "5000"\np: ""\ns: kube-system\nt: "true"\n',
    );
  });
});
