/** Parsers for what the audit's shell commands print on a node (pure; the commands are in src/cluster/audit.ts). */
import type { FileFact, NodeFacts } from './facts.js';

/** `stat -c` format: name, octal mode, uid, gid, user, group, type. */
export const STAT_FORMAT = '%n|%a|%u|%g|%U|%G|%F';

export function parseStatOutput(output: string): Record<string, FileFact> {
  const files: Record<string, FileFact> = {};
  for (const line of output.split('\n')) {
    const parts = line.split('|');
    if (parts.length !== 7) continue;
    const [path = '', mode = '', uid = '', gid = '', user = '', group = '', type = ''] = parts;
    files[path] = {
      path,
      mode: parseInt(mode, 8),
      uid: Number(uid),
      gid: Number(gid),
      user,
      group,
      directory: type === 'directory',
    };
  }
  return files;
}

/** `grep -H . /proc/sys/a/b ...` → { 'a.b': value }. */
export function parseSysctlOutput(output: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of output.split('\n')) {
    const m = /^\/proc\/sys\/([^:]+):(.*)$/.exec(line.trim());
    if (m?.[1]) values[m[1].replace(/\//g, '.')] = (m[2] ?? '').trim();
  }
  return values;
}

/** `getent passwd NAME...; getent group NAME...` lines → uid per user, gid per group. */
export function parseAccounts(output: string): NodeFacts['accounts'] {
  const users: Record<string, number> = {};
  const groups: Record<string, number> = {};
  for (const line of output.split('\n')) {
    const fields = line.trim().split(':');
    if (fields.length === 7) users[fields[0] ?? ''] = Number(fields[2]);
    else if (fields.length === 4) groups[fields[0] ?? ''] = Number(fields[2]);
  }
  return { users, groups };
}
