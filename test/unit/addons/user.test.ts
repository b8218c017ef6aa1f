import { describe, expect, it } from 'vitest';
import { formatAddonYaml, includedAddonsManifest, isAddonUrl, validateIncludedAddon } from '../../../src/addons/index.js';

describe('user addons', () => {
  it('classifies entries starting with http as URLs (as RKE1 does, even without ://)', () => {
    expect(isAddonUrl('https://example.invalid/a.yaml')).toBe(true);
    expect(isAddonUrl('httpfoo.yaml')).toBe(true);
    expect(isAddonUrl('./manifests/a.yaml')).toBe(false);
  });

  it('formats each file with a leading --- and a trailing newline', () => {
    expect(formatAddonYaml('kind: A')).toBe('---\nkind: A\n');
    expect(formatAddonYaml('---\nkind: A\n')).toBe('---\nkind: A\n');
    expect(includedAddonsManifest([{ source: 'a', text: 'kind: A' }, { source: 'b', text: 'kind: B\n' }])).toBe('---\nkind: A\n---\nkind: B\n');
  });

  it('accepts mappings and empty files, rejects broken YAML and non-mapping first documents', () => {
    expect(() => validateIncludedAddon({ source: 'a', text: 'kind: A\n---\nkind: B\n' })).not.toThrow();
    expect(() => validateIncludedAddon({ source: 'e', text: '' })).not.toThrow();
    expect(() => validateIncludedAddon({ source: 'b.yaml', text: 'kind: [' })).toThrow(/b\.yaml/);
    expect(() => validateIncludedAddon({ source: 'c.yaml', text: '- a\n- b\n' })).toThrow(/not a mapping/);
  });
});
