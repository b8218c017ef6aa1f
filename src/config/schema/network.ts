/** `network` (RKE1 types NetworkConfig and the per-plugin provider structs). */
import type { z } from 'zod';
import { ACI_LIST_FIELDS, ACI_STRING_FIELDS } from '../aci.js';
import { f, struct, str, int, list, map, type Field } from '../schema-dsl.js';
import { daemonSetUpdateStrategy, toleration } from './k8s.js';

// Calico/Flannel provider structs only have json tags: yaml.v2 reads the lower-cased Go field names.
export const calicoNetworkProvider = struct('types.CalicoNetworkProvider', {
  cloudprovider: f(str('copied to network.options.calico_cloud_provider (default none)'), 'cloudProvider'),
});

export const flannelNetworkProvider = struct('types.FlannelNetworkProvider', {
  iface: f(str('copied to network.options.flannel_iface'), 'iface'),
});

export const canalNetworkProvider = struct('types.CanalNetworkProvider', {
  iface: f(str('copied to network.options.canal_iface'), 'iface'),
});

export const weaveNetworkProvider = struct('types.WeaveNetworkProvider', {
  password: f(str('copied to network.options.WeavePassword'), 'password,omitempty'),
});

type AciStringKey = (typeof ACI_STRING_FIELDS)[number][0];
type AciListKey = (typeof ACI_LIST_FIELDS)[number][0];
type AciFields = { [K in AciStringKey]: Field<ReturnType<typeof str>> } & {
  [K in AciListKey]: Field<z.ZodArray<z.ZodType<string | Record<string, string>>>>;
};

function aciFields(): AciFields {
  const fields: Record<string, Field> = {};
  for (const [yamlKey, jsonKey] of ACI_STRING_FIELDS) fields[yamlKey] = f(str(), `${jsonKey},omitempty`);
  for (const [yamlKey, jsonKey, element] of ACI_LIST_FIELDS) {
    fields[yamlKey] = f(element === 'string' ? list(str()) : list(map(str())), `${jsonKey},omitempty`);
  }
  return fields as AciFields;
}

export const aciNetworkProvider = struct('types.AciNetworkProvider', aciFields());

export const networkConfig = struct('types.NetworkConfig', {
  plugin: f(str('canal (default), flannel, calico, weave, aci or none'), 'plugin,omitempty'),
  options: f(map(str()), 'options,omitempty'),
  mtu: f(int('MTU for the CNI provider (not for flannel)'), 'mtu,omitempty'),
  calico_network_provider: f(calicoNetworkProvider, 'calicoNetworkProvider,omitempty', { pointer: true }),
  canal_network_provider: f(canalNetworkProvider, 'canalNetworkProvider,omitempty', { pointer: true }),
  flannel_network_provider: f(flannelNetworkProvider, 'flannelNetworkProvider,omitempty', { pointer: true }),
  weave_network_provider: f(weaveNetworkProvider, 'weaveNetworkProvider,omitempty', { pointer: true }),
  aci_network_provider: f(aciNetworkProvider, 'aciNetworkProvider,omitempty', { pointer: true }),
  node_selector: f(map(str()), 'nodeSelector,omitempty'),
  update_strategy: f(daemonSetUpdateStrategy, 'updateStrategy,omitempty', { pointer: true }),
  tolerations: f(list(toleration), 'tolerations,omitempty'),
});
