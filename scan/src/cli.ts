/**
 * `make scan` (scripts/scan runs this bundled): SBOMs of the npm package and of every lab image, a
 * vulnerability report from what this machine reaches, and the CI gate against scan/baseline.json.
 * Tools come in through the environment (scripts/scan builds and caches them):
 *   GOVULNCHECK   govulncheck binary          VULNDB_DIR   Go vulnerability DB (v1 layout)
 *   VULNDB_VERSION  its module version         SCAN_CACHE   per-image results cache
 * Exit: 0 no new critical finding, 1 new critical findings (or the scan itself failed).
 */
import { execFile as execFileCb, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { baselineFor, gate, parseBaseline } from './gate.js';
import { debFindings, govulncheckFindings, npmAuditFindings, parseAptSimulation, parseDpkgStatus, parseGoVersionM, type GoBinary } from './parse.js';
import { renderMarkdown } from './report.js';
import { imageSbom } from './sbom.js';
import type { Baseline, CoverageNote, Finding } from './types.js';
import { pseudoVersionTime, writeVulnDb } from './vulndb.js';

const execFile = promisify(execFileCb);
const SCAN_TOOL_VERSION = '1';

interface Options {
  out: string;
  baseline: string;
  writeBaseline: boolean;
  images: boolean;
  buildDb?: { osv: string; out: string; version: string };
}

function parseArgs(argv: string[]): Options {
  const o: Options = { out: '.cache/scan', baseline: 'scan/baseline.json', writeBaseline: false, images: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') o.out = argv[++i] ?? o.out;
    else if (a === '--baseline') o.baseline = argv[++i] ?? o.baseline;
    else if (a === '--write-baseline') o.writeBaseline = true;
    else if (a === '--no-images') o.images = false;
    else if (a === '--build-vulndb') o.buildDb = { osv: argv[++i] ?? '', out: argv[++i] ?? '', version: argv[++i] ?? '' };
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

const log = (m: string) => process.stderr.write(`[scan] ${m}\n`);

async function run(cmd: string, args: string[], opts: { allowFail?: boolean; cwd?: string } = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const r = await execFile(cmd, args, { maxBuffer: 512 << 20, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
    return { stdout: r.stdout, stderr: r.stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: number | string; message: string };
    if (!opts.allowFail) throw new Error(`${cmd} ${args.join(' ')} failed: ${e.stderr || e.message}`, { cause: err });
    return { stdout: e.stdout ?? '', stderr: e.stderr ?? e.message, code: typeof e.code === 'number' ? e.code : 1 };
  }
}

async function scanNpm(out: string, coverage: CoverageNote[]): Promise<Finding[]> {
  const sbom = await run('npm', ['sbom', '--sbom-format', 'cyclonedx', '--omit', 'dev']);
  await writeFile(path.join(out, 'sbom', 'npm-rke-ts.cdx.json'), sbom.stdout);
  const components = (JSON.parse(sbom.stdout) as { components?: unknown[] }).components?.length ?? 0;
  coverage.push({ scope: 'npm package SBOM', covered: true, detail: `npm sbom (CycloneDX 1.5): ${components} production dependencies` });
  const audit = await run('npm', ['audit', '--json', '--omit', 'dev'], { allowFail: true });
  const { findings, error } = npmAuditFindings(audit.stdout);
  coverage.push(
    error
      ? { scope: 'npm vulnerabilities', covered: false, detail: `npm audit: the registry's advisory endpoint did not answer (${error.split('\n')[0]}); no offline npm advisory database is reachable` }
      : { scope: 'npm vulnerabilities', covered: true, detail: `npm audit: ${findings.length} advisories` },
  );
  return findings;
}

interface ImageRef {
  id: string;
  names: string[];
}

/**
 * The images to scan: SCAN_IMAGES (one name per line; scripts/scan lists the lab's system images and
 * its node/registry/base images), grouped by image ID. A fixed list keeps CI deterministic: other lab
 * images on the machine (test leftovers, other labs' tags) do not change the result.
 */
async function labImages(): Promise<ImageRef[]> {
  const names = (process.env.SCAN_IMAGES ?? '').split('\n').map((n) => n.trim()).filter((n) => n && !n.startsWith('#'));
  if (names.length === 0) throw new Error('SCAN_IMAGES is empty (scripts/scan lists the lab images)');
  const byId = new Map<string, string[]>();
  for (const name of names) {
    const r = await run('docker', ['image', 'inspect', '-f', '{{.Id}}', name], { allowFail: true });
    if (r.code !== 0) throw new Error(`image ${name} is missing: run scripts/lab prepare`);
    const id = r.stdout.trim().replace(/^sha256:/, '').slice(0, 12);
    byId.set(id, [...(byId.get(id) ?? []), name].sort());
  }
  return [...byId.entries()].map(([id, names]) => ({ id, names })).sort((a, b) => (a.names[0] ?? '').localeCompare(b.names[0] ?? ''));
}

interface ImageResult {
  goVersionM: string;
  dpkgStatus: string;
  /** govulncheck -json output per binary path. */
  govulncheck: Record<string, string>;
}

/** Exports the image's file system once, reads Go build info and dpkg status, runs govulncheck on each Go binary. */
async function analyseImage(image: ImageRef, env: { govulncheck: string; vulndb: string }): Promise<ImageResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rke-ts-scan-'));
  try {
    const { stdout: cid } = await run('docker', ['create', image.id, 'scan']);
    try {
      await new Promise<void>((resolve, reject) => {
        const exp = spawn('docker', ['export', cid.trim()], { stdio: ['ignore', 'pipe', 'inherit'] });
        const tar = spawn('tar', ['-x', '-C', dir, '--exclude=dev/*', '--no-same-owner'], { stdio: ['pipe', 'ignore', 'inherit'] });
        exp.stdout.pipe(tar.stdin);
        tar.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`tar exited ${code} for ${image.names[0]}`))));
        exp.on('exit', (code) => code !== 0 && reject(new Error(`docker export exited ${code}`)));
      });
    } finally {
      await run('docker', ['rm', cid.trim()], { allowFail: true });
    }
    const goVersionM = (await run('go', ['version', '-m', dir], { allowFail: true })).stdout.split(dir).join('');
    const dpkgStatus = await readFile(path.join(dir, 'var/lib/dpkg/status'), 'utf8').catch(() => '');
    const govulncheck: Record<string, string> = {};
    for (const b of parseGoVersionM(goVersionM)) {
      const r = await run(env.govulncheck, ['-mode=binary', '-db', `file://${env.vulndb}`, '-json', path.join(dir, b.path)], { allowFail: true });
      if (r.code !== 0 && !r.stdout.includes('"finding"')) throw new Error(`govulncheck ${b.path} in ${image.names[0]}: ${r.stderr.slice(0, 500)}`);
      govulncheck[b.path] = r.stdout;
    }
    return { goVersionM, dpkgStatus, govulncheck };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function cachedImageResult(image: ImageRef, env: { govulncheck: string; vulndb: string; vulndbVersion: string; cache: string }): Promise<ImageResult> {
  const key = `${image.id}-${env.vulndbVersion}-${path.basename(env.govulncheck)}-${SCAN_TOOL_VERSION}`;
  const file = path.join(env.cache, `${key}.json`);
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as ImageResult;
  log(`analysing ${image.names.join(', ')} (${image.id})`);
  const result = await analyseImage(image, env);
  await mkdir(env.cache, { recursive: true });
  await writeFile(file, JSON.stringify(result));
  return result;
}

/** Newest modification time of apt's package lists: the apt comparison is redone only when they change. */
async function aptListsStamp(): Promise<string> {
  const dir = '/var/lib/apt/lists';
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('_Packages') || n.endsWith('InRelease'));
  const times = await Promise.all(names.map((n) => stat(path.join(dir, n)).then((st) => st.mtimeMs, () => 0)));
  return String(Math.max(0, ...times));
}

async function aptFindings(image: ImageRef, name: string, dpkgStatus: string, cache: string, listsStamp: string): Promise<Finding[]> {
  const cached = path.join(cache, `${image.id}-apt-${listsStamp}.txt`);
  let simulation = await readFile(cached, 'utf8').catch(() => undefined);
  if (simulation === undefined) {
    const dir = await mkdtemp(path.join(tmpdir(), 'rke-ts-scan-apt-'));
    try {
      await writeFile(path.join(dir, 'status'), dpkgStatus);
      const r = await run('apt-get', ['-s', '-o', `Dir::State::status=${path.join(dir, 'status')}`, 'upgrade'], { allowFail: true });
      if (r.code !== 0) throw new Error(`apt-get -s upgrade for ${name}: ${r.stderr.slice(0, 300)}`);
      simulation = r.stdout;
      await mkdir(cache, { recursive: true });
      await writeFile(cached, simulation);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return debFindings(name, parseAptSimulation(simulation));
}

async function scanImages(out: string, coverage: CoverageNote[]): Promise<Finding[]> {
  const env = {
    govulncheck: process.env.GOVULNCHECK ?? '',
    vulndb: process.env.VULNDB_DIR ?? '',
    vulndbVersion: process.env.VULNDB_VERSION ?? 'unknown',
    cache: process.env.SCAN_CACHE ?? '/var/cache/rke-ts/scan/images',
  };
  if (!env.govulncheck || !env.vulndb) throw new Error('GOVULNCHECK and VULNDB_DIR must be set (scripts/scan sets them)');
  const images = await labImages();
  const findings: Finding[] = [];
  let binaries = 0;
  let packages = 0;
  const timestamp = new Date().toISOString();
  const listsStamp = await aptListsStamp();
  for (const image of images) {
    const name = image.names[0] ?? image.id;
    const result = await cachedImageResult(image, env);
    const bins: GoBinary[] = parseGoVersionM(result.goVersionM);
    const debs = parseDpkgStatus(result.dpkgStatus);
    binaries += bins.length;
    packages += debs.length;
    const sbom = imageSbom(name, image.id, bins, debs, timestamp, `rke-ts-scan/${SCAN_TOOL_VERSION}`);
    await writeFile(path.join(out, 'sbom', `${name.replace(/[/:]/g, '_')}.cdx.json`), JSON.stringify(sbom, null, 1));
    for (const [binPath, text] of Object.entries(result.govulncheck)) findings.push(...govulncheckFindings(`${name} ${binPath}`, text));
    if (debs.length > 0) findings.push(...(await aptFindings(image, name, result.dpkgStatus, env.cache, listsStamp)));
  }
  coverage.push(
    { scope: 'lab image SBOMs', covered: true, detail: `${images.length} images: ${binaries} Go binaries (modules from their build info), ${packages} Debian packages (dpkg status)` },
    { scope: 'Go vulnerabilities', covered: true, detail: `govulncheck -mode=binary on every Go binary with golang.org/x/vulndb ${env.vulndbVersion} (symbol level where the binary keeps its symbol table)` },
    { scope: 'Debian vulnerabilities', covered: true, detail: 'installed versions vs. the bookworm-security suite in apt\'s lists (apt-get -s upgrade per image); no CVE ids or severities (the Debian security tracker is not reachable)' },
  );
  return findings;
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.buildDb) {
    const n = await writeVulnDb(opts.buildDb.osv, opts.buildDb.out, pseudoVersionTime(opts.buildDb.version));
    log(`vulnerability database: ${n} entries in ${opts.buildDb.out}`);
    return 0;
  }
  await mkdir(path.join(opts.out, 'sbom'), { recursive: true });
  const coverage: CoverageNote[] = [];
  const findings = [...(await scanNpm(opts.out, coverage)), ...(opts.images ? await scanImages(opts.out, coverage) : [])];
  coverage.push(
    { scope: 'C/C++ and other non-Go binaries in images (pause, nginx, CNI plugins from Debian)', covered: false, detail: 'only through their Debian package versions; statically linked non-Go code has no offline database here' },
    { scope: 'grype / syft', covered: false, detail: "grype's database is downloaded from its own site, unreachable here; syft builds from the Go proxy but is not needed for these SBOMs (docs/security/scanning.md)" },
  );
  const baselineText = await readFile(opts.baseline, 'utf8').catch(() => '{"version":1,"accepted":[]}');
  let baseline = opts.writeBaseline ? (JSON.parse(baselineText) as Baseline) : parseBaseline(baselineText, opts.baseline);
  if (opts.writeBaseline) {
    // New components get a TODO reason, which the next normal run refuses until someone writes one.
    baseline = baselineFor(findings, () => 'TODO: say why this is accepted', baseline);
    await writeFile(opts.baseline, JSON.stringify(baseline, null, 2) + '\n');
    log(`wrote ${opts.baseline}: ${baseline.accepted.length} entries (replace every TODO reason)`);
  }
  const result = gate(findings, baseline);
  const report = { generatedAt: new Date().toISOString(), coverage, findings, gate: result };
  await writeFile(path.join(opts.out, 'report.json'), JSON.stringify(report, null, 1));
  const md = renderMarkdown(report);
  await writeFile(path.join(opts.out, 'report.md'), md);
  process.stdout.write(md.split('\n## Findings')[0] + '\n');
  log(`report: ${path.join(opts.out, 'report.md')}, SBOMs: ${path.join(opts.out, 'sbom')}`);
  return result.newCritical.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`ERROR: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
