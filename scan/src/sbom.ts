/** CycloneDX 1.5 SBOMs of lab images: Go binaries (modules from their build info) and Debian packages. Pure. */
import type { DebPackage, GoBinary } from './parse.js';

interface Component {
  'bom-ref': string;
  type: 'application' | 'library' | 'operating-system';
  name: string;
  version: string;
  purl?: string;
  properties?: Array<{ name: string; value: string }>;
}

export interface CycloneDx {
  bomFormat: 'CycloneDX';
  specVersion: '1.5';
  version: 1;
  metadata: { timestamp: string; tools: { components: Array<{ type: 'application'; name: string; version: string }> }; component: Component };
  components: Component[];
  dependencies: Array<{ ref: string; dependsOn: string[] }>;
}

const goPurl = (path: string, version: string) => `pkg:golang/${path.split('/').map(encodeURIComponent).join('/')}@${encodeURIComponent(version)}`;
const debPurl = (p: DebPackage) => `pkg:deb/debian/${encodeURIComponent(p.name)}@${encodeURIComponent(p.version)}?arch=${p.architecture}&distro=debian-12`;

export function imageSbom(image: string, imageId: string, binaries: readonly GoBinary[], packages: readonly DebPackage[], timestamp: string, tool: string): CycloneDx {
  const components = new Map<string, Component>();
  const dependencies: CycloneDx['dependencies'] = [];
  for (const b of binaries) {
    const ref = `file:${b.path}`;
    components.set(ref, {
      'bom-ref': ref,
      type: 'application',
      name: b.path,
      version: b.main.version || '(devel)',
      properties: [
        { name: 'rke-ts:go-version', value: b.goVersion },
        { name: 'rke-ts:main-module', value: b.main.path },
        ...Object.entries(b.settings)
          .filter(([k]) => ['GOFIPS140', 'DefaultGODEBUG', 'CGO_ENABLED', 'GOOS', 'GOARCH'].includes(k))
          .map(([k, v]) => ({ name: `rke-ts:go-build:${k}`, value: v })),
      ],
    });
    const stdlib = goPurl('stdlib', b.goVersion.replace(/^go/, 'v'));
    const deps = [stdlib, ...b.deps.map((d) => goPurl(d.path, d.version))];
    components.set(stdlib, { 'bom-ref': stdlib, type: 'library', name: 'stdlib', version: b.goVersion, purl: stdlib });
    for (const d of b.deps) {
      const purl = goPurl(d.path, d.version);
      components.set(purl, { 'bom-ref': purl, type: 'library', name: d.path, version: d.version, purl });
    }
    dependencies.push({ ref, dependsOn: [...new Set(deps)].sort() });
  }
  for (const p of packages) {
    const purl = debPurl(p);
    components.set(purl, {
      'bom-ref': purl,
      type: 'library',
      name: p.name,
      version: p.version,
      purl,
      ...(p.source !== p.name ? { properties: [{ name: 'rke-ts:deb-source', value: p.source }] } : {}),
    });
  }
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    version: 1,
    metadata: {
      timestamp,
      tools: { components: [{ type: 'application', name: 'rke-ts scan', version: tool }] },
      component: { 'bom-ref': image, type: 'application', name: image, version: imageId },
    },
    components: [...components.values()].sort((a, b) => a['bom-ref'].localeCompare(b['bom-ref'])),
    dependencies: dependencies.sort((a, b) => a.ref.localeCompare(b.ref)),
  };
}
