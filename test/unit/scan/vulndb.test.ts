/** The v1 database index built from OSV entries (what govulncheck -db file:// reads). */
import { describe, expect, it } from 'vitest';
import { buildIndex, compareSemver, pseudoVersionTime } from '../../../scan/src/vulndb.js';

describe('Go vulnerability database index', () => {
  it('orders semver with prereleases below releases', () => {
    expect(['1.10.0', '1.2.0', '1.2.0-rc.1', '0.9.9'].sort(compareSemver)).toEqual(['0.9.9', '1.2.0-rc.1', '1.2.0', '1.10.0']);
  });

  it('indexes modules with their latest fix, and none while a range is still open', () => {
    const idx = buildIndex(
      [
        { id: 'GO-1', modified: '0001-01-01T00:00:00Z', aliases: ['CVE-1'], affected: [{ package: { name: 'example.com/a' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.2.0' }, { introduced: '1.3.0' }, { fixed: '1.3.4' }] }] }] },
        { id: 'GO-2', modified: '0001-01-01T00:00:00Z', affected: [{ package: { name: 'example.com/a' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.0' }, { introduced: '2.0.0' }] }] }, { package: { name: 'stdlib' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.26.9' }] }] }] },
      ],
      pseudoVersionTime('v0.0.0-20261105234957-e22db6528018'),
    );
    expect(idx.db).toEqual({ modified: '2026-11-05T23:49:57Z' });
    expect(idx.modules).toEqual([
      { path: 'example.com/a', vulns: [{ id: 'GO-1', modified: '0001-01-01T00:00:00Z', fixed: '1.3.4' }, { id: 'GO-2', modified: '0001-01-01T00:00:00Z' }] },
      { path: 'stdlib', vulns: [{ id: 'GO-2', modified: '0001-01-01T00:00:00Z', fixed: '1.26.9' }] },
    ]);
    expect(idx.vulns).toEqual([{ id: 'GO-1', modified: '0001-01-01T00:00:00Z', aliases: ['CVE-1'] }, { id: 'GO-2', modified: '0001-01-01T00:00:00Z' }]);
  });
});
