/** Parsers for what the scan's tools print. Pure. */
import type { Finding } from './types.js';

export interface GoModule {
  path: string;
  version: string;
}

export interface GoBinary {
  /** Path inside the image (or on disk). */
  path: string;
  goVersion: string;
  main: GoModule;
  deps: GoModule[];
  settings: Record<string, string>;
}

/**
 * `go version -m <dir>` output: a `<file>: go1.x` line per Go binary, then tab-indented
 * `path`/`mod`/`dep`/`=>`/`build` lines. A `=>` line replaces the dep before it.
 */
export function parseGoVersionM(text: string, stripPrefix = ''): GoBinary[] {
  const out: GoBinary[] = [];
  let cur: GoBinary | undefined;
  for (const line of text.split('\n')) {
    const head = /^(.+): (go[0-9][^\s]*)$/.exec(line);
    if (head) {
      cur = { path: head[1]!.startsWith(stripPrefix) ? head[1]!.slice(stripPrefix.length) || '/' : head[1]!, goVersion: head[2]!, main: { path: '', version: '' }, deps: [], settings: {} };
      out.push(cur);
      continue;
    }
    if (!cur || !line.startsWith('\t')) continue;
    const [kind, a = '', b = ''] = line.slice(1).split('\t');
    if (kind === 'mod') cur.main = { path: a, version: b };
    else if (kind === 'dep') cur.deps.push({ path: a, version: b });
    else if (kind === '=>' && cur.deps.length > 0) cur.deps[cur.deps.length - 1] = { path: a, version: b };
    else if (kind === 'build') {
      const eq = a.indexOf('=');
      if (eq > 0) cur.settings[a.slice(0, eq)] = a.slice(eq + 1);
    }
  }
  return out;
}

export interface DebPackage {
  name: string;
  version: string;
  architecture: string;
  source: string;
}

/** /var/lib/dpkg/status: installed packages (Status: install ok installed). */
export function parseDpkgStatus(text: string): DebPackage[] {
  const out: DebPackage[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const field = (name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(stanza)?.[1]?.trim() ?? '';
    if (!/ installed$/.test(field('Status'))) continue;
    const name = field('Package');
    if (!name) continue;
    out.push({ name, version: field('Version'), architecture: field('Architecture'), source: field('Source').split(' ')[0] || name });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export interface AptUpgrade {
  name: string;
  installed: string;
  candidate: string;
  /** Release the candidate comes from, e.g. `Debian-Security:12/stable-security`. */
  origin: string;
}

/** `apt-get -s upgrade` lines: `Inst libssl3 [3.0.15-1~deb12u1] (3.0.17-1~deb12u2 Debian-Security:12/stable-security [amd64])`. */
export function parseAptSimulation(text: string): AptUpgrade[] {
  const out: AptUpgrade[] = [];
  for (const m of text.matchAll(/^Inst (\S+) \[([^\]]+)\] \((\S+) ([^[)]+?)(?: \[[^\]]*\])?\)/gm)) {
    out.push({ name: m[1]!, installed: m[2]!, candidate: m[3]!, origin: m[4]!.trim() });
  }
  return out;
}

/** Pending updates that come from the security suite, as findings against the image. */
export function debFindings(image: string, upgrades: readonly AptUpgrade[]): Finding[] {
  return upgrades
    .filter((u) => /security/i.test(u.origin))
    .map((u) => ({
      id: `DEB-${u.name}-${u.candidate}`,
      aliases: [],
      ecosystem: 'deb' as const,
      component: image,
      package: u.name,
      installed: u.installed,
      fixed: u.candidate,
      severity: 'high' as const,
      summary: `security update ${u.candidate} (${u.origin}) not installed; rebuild the image`,
    }));
}

interface GovulncheckFrame {
  module?: string;
  version?: string;
  package?: string;
  function?: string;
  receiver?: string;
}
interface GovulncheckMessage {
  osv?: { id: string; aliases?: string[]; summary?: string; details?: string };
  finding?: { osv: string; fixed_version?: string; trace?: GovulncheckFrame[] };
}

/** Splits govulncheck's -json stream (pretty-printed objects one after another) into messages. */
export function splitJsonStream(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === '}') {
      depth--;
      if (depth === 0 && start >= 0) out.push(JSON.parse(text.slice(start, i + 1)));
    }
  }
  return out;
}

/**
 * Findings of one binary from `govulncheck -mode=binary -json`: one per OSV id and module at its
 * most precise level (symbol → critical, package/module → moderate).
 */
export function govulncheckFindings(component: string, text: string): Finding[] {
  const osvs = new Map<string, NonNullable<GovulncheckMessage['osv']>>();
  const best = new Map<string, { level: number; f: NonNullable<GovulncheckMessage['finding']> }>();
  for (const m of splitJsonStream(text) as GovulncheckMessage[]) {
    if (m.osv) osvs.set(m.osv.id, m.osv);
    if (m.finding) {
      const top = m.finding.trace?.[0] ?? {};
      const level = top.function ? 3 : top.package ? 2 : 1;
      // One OSV can name several modules (stdlib and golang.org/x/net for the same HTTP/2 bug).
      const key = `${m.finding.osv}\t${top.module ?? ''}`;
      const prev = best.get(key);
      if (!prev || level > prev.level) best.set(key, { level, f: m.finding });
    }
  }
  return [...best.entries()]
    .map(([key, { level, f }]) => {
      const id = key.split('\t')[0]!;
      const top = f.trace?.[0] ?? {};
      const osv = osvs.get(id);
      const symbol = top.function ? ` (${top.package}.${top.receiver ? `${top.receiver}.` : ''}${top.function} linked in)` : '';
      return {
        id,
        aliases: osv?.aliases ?? [],
        ecosystem: 'go' as const,
        component,
        package: top.module ?? '',
        installed: top.version ?? '',
        fixed: f.fixed_version ?? '',
        severity: level === 3 ? ('critical' as const) : ('moderate' as const),
        summary: `${osv?.summary ?? osv?.details?.slice(0, 120) ?? ''}${symbol}`,
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id) || a.package.localeCompare(b.package));
}

interface NpmAuditJson {
  vulnerabilities?: Record<string, { name: string; severity: string; range?: string; via?: Array<string | { source?: number; title?: string; url?: string }>; fixAvailable?: unknown }>;
  error?: { summary?: string };
  message?: string;
}

/** `npm audit --json` → findings, or the reason it gave none (an endpoint error). */
export function npmAuditFindings(text: string): { findings: Finding[]; error?: string } {
  let data: NpmAuditJson;
  try {
    data = JSON.parse(text) as NpmAuditJson;
  } catch {
    return { findings: [], error: `unreadable npm audit output: ${text.slice(0, 200)}` };
  }
  if (!data.vulnerabilities) return { findings: [], error: data.message ?? data.error?.summary ?? 'npm audit gave no vulnerabilities section' };
  const findings: Finding[] = [];
  for (const v of Object.values(data.vulnerabilities)) {
    const advisories = (v.via ?? []).filter((x): x is { source?: number; title?: string; url?: string } => typeof x === 'object');
    for (const a of advisories) {
      const sev = v.severity === 'critical' ? 'critical' : v.severity === 'high' ? 'high' : v.severity === 'moderate' ? 'moderate' : 'low';
      findings.push({
        id: a.url?.split('/').pop() ?? `npm-${a.source ?? '?'}`,
        aliases: [],
        ecosystem: 'npm',
        component: `npm:${v.name}`,
        package: v.name,
        installed: v.range ?? '',
        fixed: '',
        severity: sev,
        summary: a.title ?? '',
      });
    }
  }
  return { findings };
}
