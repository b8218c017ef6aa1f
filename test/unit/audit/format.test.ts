import { describe, expect, it } from 'vitest';
import { formatAuditJson, formatAuditText } from '../../../src/cli/commands/audit.js';
import type { ClusterAudit } from '../../../src/cluster/audit.js';

const audit: ClusterAudit = {
  profile: 'cis',
  passed: false,
  counts: { pass: 1, fail: 1, warn: 0, skip: 0 },
  nodes: [],
  results: [
    { node: 'n1', address: '10.0.0.1', id: '1.2.1', cis: '1.2.1', title: 'API server --anonymous-auth=false', status: 'pass', detail: '--anonymous-auth=false' },
    { node: 'n1', address: '10.0.0.1', id: 'RKE-PSA', title: 'PodSecurity restricted', status: 'fail', detail: 'PodSecurity enforce: privileged' },
  ],
};

describe('rke audit output', () => {
  it('prints an aligned table and the counts', () => {
    expect(formatAuditText(audit).split('\n')).toEqual([
      'NODE  CHECK    STATUS  TITLE                              DETAIL',
      'n1    1.2.1    PASS    API server --anonymous-auth=false  --anonymous-auth=false',
      'n1    RKE-PSA  FAIL    PodSecurity restricted             PodSecurity enforce: privileged',
      '',
      'audit (profile cis): 1 pass, 1 fail, 0 warn, 0 skip',
      '',
    ]);
  });

  it('prints JSON without the raw node facts', () => {
    const json = JSON.parse(formatAuditJson(audit)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['profile', 'passed', 'counts', 'results']);
    expect(json.results).toEqual(audit.results);
  });
});
