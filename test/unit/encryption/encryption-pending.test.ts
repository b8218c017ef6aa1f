import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  clearRewritePending,
  markRewritePending,
  readRewritePending,
  rewritePendingPath,
  secretRewriteReason,
} from '../../../src/cluster/encryption-pending.js';

describe('secret rewrite marker', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rke-pending-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('sits next to the state file, outside cluster.rkestate', () => {
    expect(rewritePendingPath('/x/cluster.rkestate')).toBe('/x/cluster.rke-rewrite-pending');
    expect(rewritePendingPath('/x/prod.rkestate')).toBe('/x/prod.rke-rewrite-pending');
  });

  it('is absent until marked, keeps the reason, and is gone after clearing (twice is fine)', async () => {
    const p = rewritePendingPath(path.join(dir, 'cluster.rkestate'));
    expect(await readRewritePending(p)).toBeUndefined();
    await markRewritePending(p, 'Secrets encryption enabled');
    expect(await readRewritePending(p)).toBe('Secrets encryption enabled');
    await clearRewritePending(p);
    await clearRewritePending(p);
    expect(await readRewritePending(p)).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
  });

  it('an unreadable marker path is an error, not "nothing pending"', async () => {
    await expect(readRewritePending(dir)).rejects.toThrow(/EISDIR/);
  });
});

describe('secretRewriteReason', () => {
  it('rewrites after encryption is enabled or its provider file changes', () => {
    expect(secretRewriteReason('enable', undefined, true)).toBe('Secrets encryption enabled');
    expect(secretRewriteReason('change', undefined, true)).toBe('Secrets encryption provider config changed');
  });

  it('finishes a rewrite an earlier run left pending while encryption is still on', () => {
    expect(secretRewriteReason('none', 'Secrets encryption enabled', true)).toMatch(/previous run stopped .*\(Secrets encryption enabled\)/);
  });

  it('does nothing when no rewrite is due or encryption was turned off since', () => {
    expect(secretRewriteReason('none', undefined, true)).toBeUndefined();
    expect(secretRewriteReason('none', 'Secrets encryption enabled', false)).toBeUndefined();
    expect(secretRewriteReason('disable', 'Secrets encryption enabled', false)).toBeUndefined();
  });
});
