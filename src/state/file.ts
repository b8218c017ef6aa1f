/**
 * Reading and writing cluster.rkestate (and other secrets such as the admin kubeconfig) safely:
 * a write goes to a temp file in the same directory, is fsynced, renamed over the target, and the
 * directory is fsynced — a crash leaves the old file or the new one, never a torn one. Mode is
 * RKE1's 0600 for a new file; an existing file keeps its mode (as with RKE1's os.WriteFile).
 */
import { randomBytes } from 'node:crypto';
import { chown, open, readFile, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { StateFileError } from '../errors.js';
import { parseState, serializeState } from './json.js';
import type { FullState } from './types.js';

export const STATE_FILE_MODE = 0o600;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Temp files left by writers that were killed (their pid is gone) are removed. */
async function removeStaleTemps(dir: string, base: string): Promise<void> {
  const prefix = `.${base}.tmp-`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)-[0-9a-f]{8}$/.exec(name.slice(prefix.length));
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && !processAlive(pid)) await unlink(join(dir, name)).catch(() => undefined);
  }
}

export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = STATE_FILE_MODE): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  let keep: { mode: number; uid: number; gid: number } | undefined;
  try {
    const st = await stat(path);
    keep = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
  } catch {
    keep = undefined;
  }
  const fileMode = keep?.mode ?? mode;
  await removeStaleTemps(dir, basename(path));
  try {
    const fh = await open(tmp, 'wx', fileMode);
    try {
      await fh.writeFile(data);
      await fh.chmod(fileMode); // umask must not widen or narrow RKE1's mode
      if (keep && process.getuid?.() === 0) await chown(tmp, keep.uid, keep.gid).catch(() => undefined);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new StateFileError(`[state] Failed to write ${path}: ${(e as Error).message}`, { file: path }, { cause: e });
  }
  try {
    const dh = await open(dir, 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
  } catch {
    // some file systems refuse fsync on directories; the rename itself is still atomic
  }
}

export async function writeStateFile(path: string, state: FullState): Promise<void> {
  await writeFileAtomic(path, serializeState(state), STATE_FILE_MODE);
}

/** Read and validate a state file; a missing file is an error too (see readStateFileIfExists). */
export async function readStateFile(path: string): Promise<FullState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new StateFileError(
      code === 'ENOENT' ? `[state] Can not find RKE state file: ${path}` : `[state] failed to read state file ${path}: ${(e as Error).message}`,
      { file: path },
      { cause: e },
    );
  }
  return parseState(text, path);
}

/** undefined when the file does not exist (a new cluster); corrupt files still throw. */
export async function readStateFileIfExists(path: string): Promise<FullState | undefined> {
  try {
    await stat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  }
  return readStateFile(path);
}
