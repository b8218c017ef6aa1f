/**
 * The data maps handed to the network plugin templates, for representative cluster.yml files,
 * against committed typed-JSON fixtures (test/fixtures/gotemplate/kdm/data). The same files
 * feed the Go recorder (test/fixtures/gotemplate/render `kdm` mode), so what Go renders and
 * what rke-ts renders start from identical data. UPDATE_GOLDEN=1 rewrites them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NETWORK_TEMPLATE_DATA, type TemplatedNetworkPlugin } from '../../../../src/addons/network/index.js';
import { defaultedInput, NODES } from '../fixtures.js';
import { toTypedJson } from '../../gotemplate/typed-json.js';

const DATA_DIR = join(import.meta.dirname, '../../../fixtures/gotemplate/kdm/data');
const update = process.env.UPDATE_GOLDEN === '1';

const OPTIONS_YAML = (plugin: string): string => `${NODES}
authorization:
  mode: none
network:
  plugin: ${plugin}
  mtu: 1450
  node_selector:
    zone: b
    app: net
  tolerations:
    - key: dedicated
      operator: Equal
      value: "true"
      effect: NoSchedule
    - operator: Exists
      effect: NoExecute
      tolerationseconds: 300
  update_strategy:
    strategy: RollingUpdate
    rollingUpdate:
      maxUnavailable: 20%
  options:
    flannel_iface: eth1
    flannel_backend_type: vxlan
    flannel_backend_vni: "4096"
    flannel_backend_port: "4789"
    canal_iface: eth1
    canal_flannel_backend_type: vxlan
    canal_flannel_backend_vni: "4096"
    canal_flannel_backend_port: "4789"
    kube_flannel_priority_class_name: net-critical
    calico_node_priority_class_name: calico-node-critical
    calico_kube_controllers_priority_class_name: calico-ctl-critical
    canal_priority_class_name: canal-critical
    weave_net_priority_class_name: weave-critical
  weave_network_provider:
    password: s3cret
services:
  kube-controller:
    cluster_cidr: 10.244.0.0/16
`;

export const NETWORK_DATA_CASES: { name: string; plugin: TemplatedNetworkPlugin; yaml: string }[] = (['flannel', 'calico', 'canal', 'weave'] as const).flatMap((plugin) => [
  { name: `${plugin}__default`, plugin, yaml: `${NODES}\nnetwork:\n  plugin: ${plugin}\n` },
  { name: `${plugin}__options`, plugin, yaml: OPTIONS_YAML(plugin) },
]);

describe('network template data (RKE1 cluster/network.go data maps)', () => {
  for (const c of NETWORK_DATA_CASES) {
    it(c.name, () => {
      const data = toTypedJson(NETWORK_TEMPLATE_DATA[c.plugin](defaultedInput(c.yaml)));
      const text = `${JSON.stringify(data, null, 2)}\n`;
      const file = join(DATA_DIR, `${c.name}.json`);
      if (update || !existsSync(file)) {
        if (!update) throw new Error(`missing ${file}: run with UPDATE_GOLDEN=1`);
        writeFileSync(file, text);
      }
      expect(text).toBe(readFileSync(file, 'utf8'));
    });
  }

  it('passes the types RKE1 passes', () => {
    const canal = NETWORK_TEMPLATE_DATA.canal(defaultedInput(OPTIONS_YAML('canal')));
    expect(canal.MTU).toBe(1450);
    expect(canal.FlannelBackend).toEqual({ Type: 'vxlan', VNI: 4096, Port: 4789 });
    expect(canal.APIRoot).toBe('https://127.0.0.1:6443');
    expect(canal.KubeCfg).toBe('/etc/kubernetes/ssl/kubecfg-kube-node.yaml');
    const weave = NETWORK_TEMPLATE_DATA.weave(defaultedInput(OPTIONS_YAML('weave')));
    expect(weave.WeavePassword).toBe('s3cret');
    const flannel = NETWORK_TEMPLATE_DATA.flannel(defaultedInput(`${NODES}\nnetwork:\n  plugin: flannel\n`));
    expect(flannel.FlannelBackend).toEqual({ Type: 'vxlan', VNI: 1, Port: 8472 });
    expect(flannel.ClusterVersion).toMatch(/^v1\.\d+$/);
  });
});
