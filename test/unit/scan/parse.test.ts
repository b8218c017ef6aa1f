/** Parsers of the scan's tool output, on output captured from the real tools (fixtures/). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { debFindings, govulncheckFindings, npmAuditFindings, parseAptSimulation, parseDpkgStatus, parseGoVersionM } from '../../../scan/src/parse.js';
import { imageSbom } from '../../../scan/src/sbom.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('go version -m', () => {
  const bins = parseGoVersionM(fixture('go-version-m.txt'), '/var/cache/rke-ts');
  it('reads each binary with its Go version, main module, deps and build settings', () => {
    expect(bins.map((b) => [b.path, b.goVersion, b.main.path])).toEqual([
      ['/fips/build/fips-probe', 'go1.26.8', 'rke-ts.test/fips-probe'],
      ['/build/etcd-v3.5.16', 'go1.26.8', 'go.etcd.io/etcd/server/v3'],
    ]);
    expect(bins[0]!.settings.GOFIPS140).toBe('v1.0.0-c2097c7c');
    expect(bins[1]!.main.version).toBe('v3.5.16');
    expect(bins[1]!.deps[0]).toEqual({ path: 'github.com/beorn7/perks', version: 'v1.0.1' });
  });

  it('a `=>` line replaces the dependency before it', () => {
    const [b] = parseGoVersionM('/x: go1.26.8\n\tdep\ta.example/m\tv1.0.0\th1:x\n\t=>\tb.example/m\tv1.2.0\th1:y\n');
    expect(b!.deps).toEqual([{ path: 'b.example/m', version: 'v1.2.0' }]);
  });

  it('becomes a CycloneDX 1.5 SBOM with purls for modules, stdlib and Debian packages', () => {
    const debs = parseDpkgStatus('Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\nSource: openssl\nVersion: 3.0.22-1~deb12u2\n\nPackage: gone\nStatus: deinstall ok config-files\nVersion: 1\n');
    const sbom = imageSbom('img:1', 'sha256:abc', bins, debs, '2026-01-01T00:00:00Z', 't');
    expect(sbom.specVersion).toBe('1.5');
    const purls = sbom.components.map((c) => c.purl).filter(Boolean);
    expect(purls).toContain('pkg:golang/stdlib@v1.26.8');
    expect(purls).toContain('pkg:golang/github.com/beorn7/perks@v1.0.1');
    expect(purls).toContain('pkg:deb/debian/libssl3@3.0.22-1~deb12u2?arch=amd64&distro=debian-12');
    expect(purls.some((p) => p!.includes('gone'))).toBe(false);
    const probe = sbom.components.find((c) => c.name === '/fips/build/fips-probe')!;
    expect(probe.properties).toContainEqual({ name: 'rke-ts:go-build:GOFIPS140', value: 'v1.0.0-c2097c7c' });
    expect(sbom.dependencies.find((d) => d.ref === 'file:/build/etcd-v3.5.16')!.dependsOn).toContain('pkg:golang/github.com/beorn7/perks@v1.0.1');
  });
});

describe('govulncheck -json (binary mode)', () => {
  const findings = govulncheckFindings('etcd /usr/local/bin/etcd', fixture('govulncheck-etcd.json'));
  it('one finding per OSV and module at its most precise level: symbol → critical, else moderate', () => {
    expect(findings.map((f) => [f.id, f.package, f.installed, f.fixed, f.severity])).toEqual([
      ['GO-2024-3250', 'github.com/golang-jwt/jwt/v4', 'v4.4.2', 'v4.5.1', 'critical'],
      ['GO-2026-6612', 'golang.org/x/net', 'v0.23.0', 'v0.60.0', 'moderate'],
      ['GO-2026-6612', 'stdlib', 'v1.26.8', 'v1.26.9', 'moderate'],
    ]);
    expect(findings[0]!.aliases).toContain('CVE-2024-51744');
    expect(findings[0]!.summary).toMatch(/\(github\.com\/golang-jwt\/jwt\/v4\.(Parser\.)?Parse\w* linked in\)$/);
  });
});

describe('apt-get -s upgrade', () => {
  // Captured from apt-get -s -o Dir::State::status=<image status with an older libssl3> upgrade.
  const text = [
    'Reading package lists...',
    'Inst libssl3 [3.0.20-1~deb12u2] (3.0.22-1~deb12u2 Debian-Security:12/oldstable-security [amd64])',
    'Inst tzdata [2025b-0+deb12u2] (2026f-0+deb12u1 Debian:12.13/oldstable [all])',
    'Conf libssl3 (3.0.22-1~deb12u2 Debian-Security:12/oldstable-security [amd64])',
  ].join('\n');
  it('reads pending upgrades and keeps only security-suite ones as findings', () => {
    expect(parseAptSimulation(text)).toEqual([
      { name: 'libssl3', installed: '3.0.20-1~deb12u2', candidate: '3.0.22-1~deb12u2', origin: 'Debian-Security:12/oldstable-security' },
      { name: 'tzdata', installed: '2025b-0+deb12u2', candidate: '2026f-0+deb12u1', origin: 'Debian:12.13/oldstable' },
    ]);
    expect(debFindings('rke-ts-lab/node:bookworm', parseAptSimulation(text)).map((f) => [f.id, f.severity, f.component])).toEqual([
      ['DEB-libssl3-3.0.22-1~deb12u2', 'high', 'rke-ts-lab/node:bookworm'],
    ]);
  });
});

describe('npm audit --json', () => {
  it('reports the endpoint error as a coverage gap, not as zero findings', () => {
    const r = npmAuditFindings(JSON.stringify({ message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk' }));
    expect(r.findings).toEqual([]);
    expect(r.error).toMatch(/^405 Method Not Allowed/);
  });

  it('turns advisories into findings with npm severities', () => {
    const r = npmAuditFindings(
      JSON.stringify({ vulnerabilities: { foo: { name: 'foo', severity: 'critical', range: '<1.2.3', via: [{ source: 1, title: 'RCE in foo', url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc' }, 'bar'] } } }),
    );
    expect(r.findings).toEqual([
      { id: 'GHSA-aaaa-bbbb-cccc', aliases: [], ecosystem: 'npm', component: 'npm:foo', package: 'foo', installed: '<1.2.3', fixed: '', severity: 'critical', summary: 'RCE in foo' },
    ]);
  });
});
