/**
 * A KDM data.json that carries template texts (K8sVersionedTemplates.templateKeys), named the
 * way RANCHER_METADATA_URL names it, makes `rke up` render the network plugin from that text
 * with RKE1's data map. The template here is our own small one, written in KDM's style.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyDefaults, parseClusterConfig } from '../../../../src/config/index.js';
import { addonSteps } from '../../../../src/addons/index.js';
import { loadVersionTable } from '../../../../src/versions/index.js';
import { NODES } from '../fixtures.js';

const BUILTIN = join(import.meta.dirname, '../../../../src/versions/data/rke-v1.8.json');

const CANAL_TEMPLATE = `---
apiVersion: v1
kind: ConfigMap
metadata:
  name: canal-config
  namespace: kube-system
data:
  veth_mtu: "{{- if ne .MTU 0 }}{{.MTU}}{{- else }}1450{{- end}}"
  masquerade: "true"
  canal_iface: "{{.CanalInterface}}"
  net-conf.json: |
    {
      "Network": "{{.ClusterCIDR}}",
      "Backend": {
        "Type": "{{.FlannelBackend.Type}}",
        "VNI": {{.FlannelBackend.VNI}}
      }
    }
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: canal
  namespace: kube-system
spec:
  selector:
    matchLabels:
      k8s-app: canal
  template:
    metadata:
      labels:
        k8s-app: canal
    spec:
{{- if .NodeSelector }}
      nodeSelector:
      {{- range $k, $v := .NodeSelector }}
        {{ $k }}: "{{ $v }}"
      {{- end }}
{{- end }}
      tolerations:
      - operator: Exists
{{- if .Tolerations }}
{{ toYaml .Tolerations | indent 6 }}
{{- end }}
      containers:
      - name: calico-node
        image: {{.NodeImage}}
  updateStrategy:
{{ toYaml .UpdateStrategy | indent 4 }}
`;

function dataJsonWithTexts(): string {
  const data = JSON.parse(readFileSync(BUILTIN, 'utf8')) as { K8sVersionedTemplates: Record<string, Record<string, string>> };
  data.K8sVersionedTemplates.canal = { '>=1.30.0-rancher1-1': 'canal-test' };
  data.K8sVersionedTemplates.templateKeys = { 'canal-test': CANAL_TEMPLATE };
  const dir = mkdtempSync(join(tmpdir(), 'rke-ts-kdm-'));
  const file = join(dir, 'data.json');
  writeFileSync(file, JSON.stringify(data));
  return file;
}

describe('network plugin from a data.json carrying template texts', () => {
  it('renders canal from the text with the configured values', () => {
    const table = loadVersionTable({ metadataFile: dataJsonWithTexts(), env: {} });
    const config = applyDefaults(
      parseClusterConfig(`${NODES}
network:
  plugin: canal
  mtu: 1400
  node_selector: { zone: b }
  tolerations: [{ key: dedicated, operator: Equal, value: "true", effect: NoSchedule }]
  options: { canal_iface: eth1 }
`).config,
      table,
    );
    const version = table.versions[config.kubernetes_version!]!;
    expect(version.templateTexts?.canal).toBe(CANAL_TEMPLATE);
    const step = addonSteps({ config, version }).find((s) => s.kind === 'network');
    expect(step?.action).toBe('deploy');
    const manifest = step?.action === 'deploy' ? step.manifest : '';
    expect(manifest).toContain('veth_mtu: "1400"');
    expect(manifest).toContain('canal_iface: "eth1"');
    expect(manifest).toContain('"Network": "10.42.0.0/16"');
    expect(manifest).toContain('"VNI": 1\n');
    expect(manifest).toContain('      nodeSelector:\n        zone: "b"\n');
    expect(manifest).toContain('      - operator: Exists\n      - effect: NoSchedule\n        key: dedicated\n        operator: Equal\n        value: "true"\n');
    expect(manifest).toContain(`image: ${version.systemImages.canal_node}\n`);
    expect(manifest).toMatch(/updateStrategy:\n {4}rollingUpdate:\n {6}maxUnavailable: 1\n {4}type: RollingUpdate\n$/);
  });
});
