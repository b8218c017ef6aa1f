/**
 * The data map each network plugin template receives, key for key and type for type as RKE1's
 * cluster/network.go builds it (doFlannelDeploy, doCalicoDeploy, doCanalDeploy, doWeaveDeploy):
 * strings from the effective config and system images, ints for MTU/VNI/port, the update
 * strategy as a non-nil *appsv1.DaemonSetUpdateStrategy, tolerations as []v1.Toleration and the
 * node selector as map[string]string.
 */
import { GoStruct, goMap } from '../../gotemplate/index.js';
import type { SystemImageKey } from '../../versions/types.js';
import { atoiWithDefault, clusterCidr, tagMajorVersion, type AddonRenderInput } from '../input.js';
import { k8sTolerations, k8sUpdateStrategy } from '../k8s-values.js';

/** pki.CertPathPrefix and the kube-node / kube-ca file names RKE1 passes to calico and canal. */
const CERT_PATH_PREFIX = '/etc/kubernetes/ssl/';
const KUBE_NODE_KUBECONFIG = `${CERT_PATH_PREFIX}kubecfg-kube-node.yaml`;
const KUBE_NODE_CERT = `${CERT_PATH_PREFIX}kube-node.pem`;
const KUBE_NODE_KEY = `${CERT_PATH_PREFIX}kube-node-key.pem`;
const KUBE_CA_CERT = `${CERT_PATH_PREFIX}kube-ca.pem`;
const CANAL_API_ROOT = 'https://127.0.0.1:6443';
const FLANNEL_VXLAN_PORT = 8472;
const FLANNEL_VXLAN_VNI = 1;

export type TemplateData = Record<string, unknown>;

/** c.SystemImages.X: "" when neither the config nor the version sets it (RKE1 does not fail here). */
function image(input: AddonRenderInput, key: SystemImageKey): string {
  return input.config.system_images?.[key] || input.version.systemImages[key] || '';
}

/** c.Network.Options[key]: Go's map lookup gives "" for a missing key. */
function option(input: AddonRenderInput, key: string): string {
  return input.config.network?.options?.[key] ?? '';
}

function nodeSelector(input: AddonRenderInput): Record<string, string> {
  return goMap({ ...(input.config.network?.node_selector ?? {}) }, '');
}

function updateStrategy(input: AddonRenderInput): GoStruct {
  const strategy = k8sUpdateStrategy(input.config.network?.update_strategy);
  return new GoStruct('*v1.DaemonSetUpdateStrategy', { Type: strategy.type ?? '', RollingUpdate: strategy.rollingUpdate ?? null }, strategy);
}

function tolerations(input: AddonRenderInput): GoStruct[] {
  return k8sTolerations(input.config.network?.tolerations).map((t) => new GoStruct('v1.Toleration', {}, t));
}

function flannelBackend(input: AddonRenderInput, prefix: 'flannel' | 'canal_flannel'): Record<string, unknown> {
  const options = input.config.network?.options;
  return {
    Type: option(input, `${prefix}_backend_type`),
    VNI: atoiWithDefault(options?.[`${prefix}_backend_vni`], FLANNEL_VXLAN_VNI, `network.options.${prefix}_backend_vni`),
    Port: atoiWithDefault(options?.[`${prefix}_backend_port`], FLANNEL_VXLAN_PORT, `network.options.${prefix}_backend_port`),
  };
}

const mtu = (input: AddonRenderInput): number => input.config.network?.mtu ?? 0;
const rbacConfig = (input: AddonRenderInput): string => input.config.authorization?.mode ?? '';

export function flannelTemplateData(input: AddonRenderInput): TemplateData {
  return {
    ClusterCIDR: clusterCidr(input.config),
    Image: image(input, 'flannel'),
    CNIImage: image(input, 'flannel_cni'),
    FlannelInterface: option(input, 'flannel_iface'),
    FlannelBackend: flannelBackend(input, 'flannel'),
    RBACConfig: rbacConfig(input),
    ClusterVersion: tagMajorVersion(input.version.version),
    NodeSelector: nodeSelector(input),
    UpdateStrategy: updateStrategy(input),
    KubeFlannelPriorityClassName: option(input, 'kube_flannel_priority_class_name'),
  };
}

export function calicoTemplateData(input: AddonRenderInput): TemplateData {
  return {
    KubeCfg: KUBE_NODE_KUBECONFIG,
    ClusterCIDR: clusterCidr(input.config),
    CNIImage: image(input, 'calico_cni'),
    NodeImage: image(input, 'calico_node'),
    Calicoctl: image(input, 'calico_ctl'),
    ControllersImage: image(input, 'calico_controllers'),
    CloudProvider: option(input, 'calico_cloud_provider'),
    FlexVolImg: image(input, 'calico_flexvol'),
    RBACConfig: rbacConfig(input),
    NodeSelector: nodeSelector(input),
    MTU: mtu(input),
    UpdateStrategy: updateStrategy(input),
    Tolerations: tolerations(input),
    FlexVolPluginDir: option(input, 'calico_flex_volume_plugin_dir'),
    CalicoNodePriorityClassName: option(input, 'calico_node_priority_class_name'),
    CalicoKubeControllersPriorityClassName: option(input, 'calico_kube_controllers_priority_class_name'),
  };
}

export function canalTemplateData(input: AddonRenderInput): TemplateData {
  return {
    ClientCertPath: KUBE_NODE_CERT,
    APIRoot: CANAL_API_ROOT,
    ClientKeyPath: KUBE_NODE_KEY,
    ClientCAPath: KUBE_CA_CERT,
    KubeCfg: KUBE_NODE_KUBECONFIG,
    ClusterCIDR: clusterCidr(input.config),
    NodeImage: image(input, 'canal_node'),
    CNIImage: image(input, 'canal_cni'),
    ControllersImage: image(input, 'canal_controllers'),
    CanalFlannelImg: image(input, 'canal_flannel'),
    RBACConfig: rbacConfig(input),
    CanalInterface: option(input, 'canal_iface'),
    FlexVolImg: image(input, 'canal_flexvol'),
    FlannelBackend: flannelBackend(input, 'canal_flannel'),
    NodeSelector: nodeSelector(input),
    MTU: mtu(input),
    UpdateStrategy: updateStrategy(input),
    Tolerations: tolerations(input),
    FlexVolPluginDir: option(input, 'canal_flex_volume_plugin_dir'),
    CanalPriorityClassName: option(input, 'canal_priority_class_name'),
    CalicoKubeControllersPriorityClassName: option(input, 'calico_kube_controllers_priority_class_name'),
  };
}

export function weaveTemplateData(input: AddonRenderInput): TemplateData {
  return {
    ClusterCIDR: clusterCidr(input.config),
    // RKE1 reads the password from options under the key `WeavePassword` (set from weave_network_provider).
    WeavePassword: option(input, 'WeavePassword'),
    Image: image(input, 'weave_node'),
    CNIImage: image(input, 'weave_cni'),
    WeaveLoopbackImage: image(input, 'alpine'),
    RBACConfig: rbacConfig(input),
    NodeSelector: nodeSelector(input),
    MTU: mtu(input),
    UpdateStrategy: updateStrategy(input),
    WeaveNetPriorityClassName: option(input, 'weave_net_priority_class_name'),
  };
}

export const NETWORK_TEMPLATE_DATA = {
  flannel: flannelTemplateData,
  calico: calicoTemplateData,
  canal: canalTemplateData,
  weave: weaveTemplateData,
} as const;

export type TemplatedNetworkPlugin = keyof typeof NETWORK_TEMPLATE_DATA;
