/**
 * A Go vulnerability database in the v1 layout govulncheck reads (`-db file://DIR`: index/db.json,
 * index/modules.json, index/vulns.json, ID/<id>.json), built from the OSV files of the
 * golang.org/x/vulndb module (data/osv/*.json) as the Go module proxy serves it. This is what the
 * module's own cmd/indexdb does; doing it here spares CI a build of that tool.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

interface OsvEntry {
  id: string;
  modified: string;
  aliases?: string[];
  affected?: Array<{ package?: { name?: string }; ranges?: Array<{ type?: string; events?: Array<{ introduced?: string; fixed?: string }> }> }>;
}

/** Semver order for vulndb versions (no leading v, optional -pre): enough to pick the latest fix. */
export function compareSemver(a: string, b: string): number {
  const parse = (v: string) => {
    const [core = '', pre = ''] = v.replace(/^v/, '').split('-', 2);
    return { nums: core.split('.').map((n) => Number.parseInt(n, 10) || 0), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return d;
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === '') return 1;
  if (y.pre === '') return -1;
  return x.pre < y.pre ? -1 : 1;
}

export interface VulnDbIndex {
  db: { modified: string };
  modules: Array<{ path: string; vulns: Array<{ id: string; modified: string; fixed?: string }> }>;
  vulns: Array<{ id: string; modified: string; aliases?: string[] }>;
}

/** The three index files for a set of OSV entries. Pure. */
export function buildIndex(entries: readonly OsvEntry[], dbModified?: string): VulnDbIndex {
  const modules = new Map<string, Map<string, { id: string; modified: string; fixed?: string }>>();
  let latest = '';
  for (const e of entries) {
    if (e.modified > latest) latest = e.modified;
    for (const a of e.affected ?? []) {
      const mod = a.package?.name;
      if (!mod) continue;
      // A range whose last event is `introduced` is still open: no fixed version for the module then.
      const events = (a.ranges ?? []).filter((r) => r.type === 'SEMVER').map((r) => r.events ?? []);
      const open = events.some((ev) => ev.length === 0 || ev[ev.length - 1]!.fixed === undefined);
      const best = open ? undefined : events.map((ev) => ev[ev.length - 1]!.fixed!).sort(compareSemver).at(-1);
      const byId = modules.get(mod) ?? new Map<string, { id: string; modified: string; fixed?: string }>();
      const prev = byId.get(e.id);
      const fixed = prev && !prev.fixed ? undefined : prev?.fixed && best ? (compareSemver(prev.fixed, best) > 0 ? prev.fixed : best) : best;
      byId.set(e.id, { id: e.id, modified: e.modified, ...(fixed ? { fixed } : {}) });
      modules.set(mod, byId);
    }
  }
  return {
    db: { modified: dbModified ?? (latest || new Date(0).toISOString()) },
    modules: [...modules.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([p, byId]) => ({ path: p, vulns: [...byId.values()].sort((a, b) => a.id.localeCompare(b.id)) })),
    vulns: [...entries].sort((a, b) => a.id.localeCompare(b.id)).map((e) => ({ id: e.id, modified: e.modified, ...(e.aliases?.length ? { aliases: e.aliases } : {}) })),
  };
}

/** Writes the database for the OSV folder `osvDir` into `outDir`; returns the number of entries. */
export async function writeVulnDb(osvDir: string, outDir: string, dbModified?: string): Promise<number> {
  const files = (await readdir(osvDir)).filter((f) => f.endsWith('.json')).sort();
  const entries: OsvEntry[] = [];
  await mkdir(path.join(outDir, 'ID'), { recursive: true });
  await mkdir(path.join(outDir, 'index'), { recursive: true });
  for (const f of files) {
    const text = await readFile(path.join(osvDir, f), 'utf8');
    const entry = JSON.parse(text) as OsvEntry;
    entries.push(entry);
    await writeFile(path.join(outDir, 'ID', `${entry.id}.json`), JSON.stringify(entry));
  }
  const index = buildIndex(entries, dbModified);
  await writeFile(path.join(outDir, 'index', 'db.json'), JSON.stringify(index.db));
  await writeFile(path.join(outDir, 'index', 'modules.json'), JSON.stringify(index.modules));
  await writeFile(path.join(outDir, 'index', 'vulns.json'), JSON.stringify(index.vulns));
  return entries.length;
}

/** The commit time of a pseudo-version (v0.0.0-20261105234957-e22db6528018 → 2026-11-05T23:49:57Z). */
export function pseudoVersionTime(version: string): string | undefined {
  const m = /-(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})-[0-9a-f]{12}$/.exec(version);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : undefined;
}
