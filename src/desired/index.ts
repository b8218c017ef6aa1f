/** Desired state (issue 7 §1): the exact containers, files and certificates RKE1 puts on each host. */
export type * from './types.js';
export type * from './input.js';
export { buildDesiredCluster, desiredContainersForHost, desiredHost } from './cluster.js';
export { buildClusterContext, hostPrefixPath, type ClusterContext, type DesiredStateInput, type HostContext } from './context.js';
export { buildClusterFiles, filesForHost, type ClusterFiles, type GeneratedFile } from './cluster-files.js';
export { certificatesForHost } from './certificates.js';
export { toDockerCreateOptions } from './docker-options.js';
export { isContainerUpgradable, type ObservedContainer, type FieldDiff, type UpgradeCheck, type ComparedField } from './upgradable.js';
export { crtNameForHost, certPath, keyPath, kubeconfigPath, CONTAINER_NAME_LABEL, SELINUX_LABEL, MCS_LABEL } from './common.js';
export { marshalYamlV2 as goYamlMarshal, type JsonValue } from '../gotemplate/goyaml.js';
export { kubeletDockerConfig } from './registry.js';
export { buildEtcd, etcdInitialCluster, ETCD } from './containers/etcd.js';
export { buildKubeApiserver, etcdConnString, KUBE_APISERVER } from './containers/kube-apiserver.js';
export { buildKubeControllerManager, KUBE_CONTROLLER_MANAGER } from './containers/kube-controller-manager.js';
export { buildKubeScheduler, KUBE_SCHEDULER } from './containers/kube-scheduler.js';
export { buildKubelet, KUBELET } from './containers/kubelet.js';
export { buildKubeProxy, KUBE_PROXY } from './containers/kube-proxy.js';
export { buildNginxProxy, NGINX_PROXY } from './containers/nginx-proxy.js';
export { buildServiceSidekick, SERVICE_SIDEKICK } from './containers/service-sidekick.js';
export {
  buildEtcdRollingSnapshots,
  buildEtcdSnapshot,
  snapshotImage,
  ETCD_ROLLING_SNAPSHOTS,
  ETCD_SNAPSHOT_ONCE,
  ETCD_SNAPSHOT_PATH,
} from './containers/etcd-rolling-snapshots.js';
export { buildCertDeployer, CERT_DEPLOYER } from './helpers/cert-deployer.js';
export { buildFileDeployer, fileDeployerOnDisk, FILE_DEPLOYER } from './helpers/file-deployer.js';
export { buildEtcdFixPerm, ETCD_FIX_PERM } from './helpers/etcd-fix-perm.js';
export { buildLogLinker, buildLogCleaner, RKE_LOG_LINKER, RKE_LOG_CLEANER, RKE_LOGS_PATH } from './helpers/log-link.js';
export { buildPortListener, buildPortChecker, PORT_LISTENERS, RKE_PORT_CHECKER } from './helpers/network-check.js';
export {
  buildKubeCleaner,
  buildSelinuxChecker,
  buildBundleCert,
  buildClusterStateDeployer,
  cleanupPaths,
  KUBE_CLEANER,
  RKE_SELINUX_CHECKER,
  RKE_BUNDLE_CERT,
  CLUSTER_STATE_DEPLOYER,
} from './helpers/misc.js';
export { admissionConfigYaml, admissionConfiguration } from './files/admission.js';
export { auditPolicyYaml } from './files/audit-policy.js';
export { normalizeAuditPolicy } from '../config/audit-policy.js';
export { encryptionConfigWithKeys, encryptionConfigIdentityFirst, encryptionConfigFromCustom, type EncryptionKey } from './files/encryption.js';
export { resolveCloudProvider, cloudProviderFlagValue } from './files/cloud-config.js';
export { DEFAULT_AUTHN_WEBHOOK_CONFIG } from './files/authn-webhook.js';
export { md5Hex } from './files/checksum.js';
export { currentStateRkeConfig } from './current-state-config.js';
