/** The lab's SSH key pair (ed25519, OpenSSH format: readable by ssh2, OpenSSH and RKE1). */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { StatePaths } from './layout.js';

const run = promisify(execFile);

/** Creates the key pair unless it exists; returns the public key line. */
export async function ensureKeyPair(paths: StatePaths): Promise<string> {
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  if (!existsSync(paths.sshKey)) {
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'rke-ts-lab', '-f', paths.sshKey]);
  }
  return (await readFile(paths.sshPublicKey, 'utf8')).trim();
}
