/**
 * The network addon rendered from KDM templates. Template texts are Rancher's and not in this
 * repository: the template-backed checks run where a recording exists (see
 * test/unit/gotemplate/kdm-templates.test.ts; RKE_TS_KDM_GOLDEN, default .cache/gotemplate-kdm).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AddonNotImplementedError, parseManifestDocuments, toManifest } from '../../../../src/addons/index.js';
import { flannelObjects, flannelTemplateData, networkPluginManifest, networkPluginObjects } from '../../../../src/addons/network/index.js';
import { compileTemplateFromMap } from '../../../../src/addons/templates.js';
import type { AddonRenderInput } from '../../../../src/addons/index.js';
import { defaultedInput, NODES } from '../fixtures.js';

const ROOT = join(import.meta.dirname, '../../../..');
const GOLDEN = process.env.RKE_TS_KDM_GOLDEN ?? join(ROOT, '.cache/gotemplate-kdm');
const texts: Record<string, string> = existsSync(join(GOLDEN, 'templates.json')) ? (JSON.parse(readFileSync(join(GOLDEN, 'templates.json'), 'utf8')) as Record<string, string>) : {};

const FLANNEL_OPTIONS = `${NODES}
network:
  plugin: flannel
  node_selector: { zone: b }
  update_strategy: { strategy: RollingUpdate, rollingUpdate: { maxUnavailable: 3 } }
  options: { flannel_iface: eth1, flannel_backend_vni: "4096", kube_flannel_priority_class_name: pc }
`;

/** The input with the version's template texts, as a KDM data.json with templateKeys gives it. */
function withTexts(input: AddonRenderInput): AddonRenderInput {
  const templateTexts = Object.fromEntries(Object.entries(input.version.templates).flatMap(([addon, key]) => (texts[key] ? [[addon, texts[key]]] : [])));
  return { ...input, version: { ...input.version, templateTexts } };
}

describe('network plugin manifest without template texts (built-in version table)', () => {
  it('flannel falls back to the built-in renderer, unchanged', () => {
    const input = defaultedInput(`${NODES}\nnetwork:\n  plugin: flannel\n`);
    expect(networkPluginManifest(input)).toBe(toManifest(flannelObjects(input)));
  });

  it('canal, calico and weave say they need KDM template texts', () => {
    for (const plugin of ['canal', 'calico', 'weave']) {
      const input = defaultedInput(`${NODES}\nnetwork:\n  plugin: ${plugin}\n`);
      expect(() => networkPluginManifest(input)).toThrow(AddonNotImplementedError);
      expect(() => networkPluginManifest(input)).toThrow(/RANCHER_METADATA_URL/);
    }
  });

  it('none deploys nothing', () => {
    expect(networkPluginManifest(defaultedInput(`${NODES}\nnetwork:\n  plugin: none\n`))).toBeUndefined();
  });
});

describe.skipIf(!texts['flannel-v0.28.1'])('flannel from its KDM template (flannel-v0.28.1)', () => {
  for (const [name, yaml] of [
    ['default', `${NODES}\nnetwork:\n  plugin: flannel\n`],
    ['options', FLANNEL_OPTIONS],
  ] as const) {
    it(`${name}: the template's objects equal the built-in renderer's`, () => {
      const input = defaultedInput(yaml);
      expect(input.version.templates.flannel).toBe('flannel-v0.28.1');
      const fromTemplate = compileTemplateFromMap(texts['flannel-v0.28.1']!, flannelTemplateData(input));
      expect(parseManifestDocuments(fromTemplate)).toEqual(flannelObjects(input));
      expect(networkPluginManifest(withTexts(input))).toBe(fromTemplate);
    });
  }
});

describe.skipIf(!texts['canal-v3.28.1'])('canal from its KDM template', () => {
  it('renders a parseable manifest with the configured values (v1.30 version using canal-v3.28.1)', () => {
    const input = withTexts(defaultedInput(`${NODES}\nkubernetes_version: v1.30.14-rancher1-1\nnetwork:\n  plugin: canal\n  mtu: 1400\n`));
    expect(input.version.templates.canal).toBe('canal-v3.28.1');
    const objects = networkPluginObjects(input)!;
    const ds = objects.find((o) => o.kind === 'DaemonSet' && o.metadata.name === 'canal') as { spec: { template: { spec: { containers: { name: string; image: string }[] } } } } | undefined;
    expect(ds).toBeDefined();
    const images = ds!.spec.template.spec.containers.map((c) => c.image);
    expect(images).toContain(input.version.systemImages.canal_node);
    expect(images).toContain(input.version.systemImages.canal_flannel);
    const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'canal-config') as { data: Record<string, string> } | undefined;
    expect(config?.data.veth_mtu).toBe('1400');
  });
});
