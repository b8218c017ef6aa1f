/**
 * A Secret rewrite that has to happen, remembered across runs. Enabling encryption (or changing its
 * provider file) is saved in cluster.rkestate before every Secret is rewritten; a run killed during
 * the rewrite would leave Secrets stored in plaintext that no later run revisits, since applied and
 * desired encryption then agree. The marker `<name>.rke-rewrite-pending` next to the state file
 * says "rewrite every Secret" until a rewrite finishes; it is outside cluster.rkestate so the state
 * stays what RKE1 reads and writes.
 */
import { readFile, rm } from 'node:fs/promises';
import { writeFileAtomic } from '../state/file.js';
import type { UpResult } from './up.js';

export function rewritePendingPath(statePath: string): string {
  return `${statePath.replace(/\.rkestate$/, '')}.rke-rewrite-pending`;
}

/** The reason recorded by the run that left the rewrite unfinished, or undefined when none is pending. */
export async function readRewritePending(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).trim() || 'unknown';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function markRewritePending(path: string, reason: string): Promise<void> {
  await writeFileAtomic(path, `${reason}\n`);
}

export async function clearRewritePending(path: string): Promise<void> {
  await rm(path, { force: true });
}

/**
 * Why this run must rewrite every Secret after `up`, or undefined. A pending rewrite is finished
 * only while encryption is still on: once it is off, the disabling path rewrites in plaintext itself.
 */
export function secretRewriteReason(encryption: UpResult['encryption'], pending: string | undefined, encryptionOn: boolean): string | undefined {
  if (encryption === 'enable') return 'Secrets encryption enabled';
  if (encryption === 'change') return 'Secrets encryption provider config changed';
  if (pending !== undefined && encryptionOn) return `a previous run stopped before it rewrote every Secret (${pending})`;
  return undefined;
}
