/**
 * The Kubernetes version table's shape (KDM's data.json, as RKE1 reads it: shared/reference/rke1.md §3.6, §3.7).
 * Keys are cluster.yml `system_images` keys (snake_case), the form users write and RKE1 stores in state.
 */
export const SYSTEM_IMAGE_KEYS = [
  'etcd', 'alpine', 'nginx_proxy', 'cert_downloader', 'kubernetes_services_sidecar',
  'kubedns', 'dnsmasq', 'kubedns_sidecar', 'kubedns_autoscaler',
  'coredns', 'coredns_autoscaler', 'nodelocal',
  'kubernetes',
  'flannel', 'flannel_cni',
  'calico_node', 'calico_cni', 'calico_controllers', 'calico_ctl', 'calico_flexvol',
  'canal_node', 'canal_cni', 'canal_controllers', 'canal_flannel', 'canal_flexvol',
  'weave_node', 'weave_cni',
  'pod_infra_container',
  'ingress', 'ingress_backend', 'ingress_webhook',
  'metrics_server',
  'windows_pod_infra_container',
  'aci_cni_deploy_container', 'aci_host_container', 'aci_opflex_container', 'aci_mcast_container',
  'aci_ovs_container', 'aci_controller_container', 'aci_gbp_server_container', 'aci_opflex_server_container',
] as const;

export type SystemImageKey = (typeof SYSTEM_IMAGE_KEYS)[number];
export type SystemImages = Partial<Record<SystemImageKey, string>>;

/** KDM K8sVersionServiceOptions: per-service default flags (flag name without `--` → value). */
export interface ServiceOptions {
  etcd?: Record<string, string>;
  kubeapi?: Record<string, string>;
  kubelet?: Record<string, string>;
  kubeproxy?: Record<string, string>;
  kubeController?: Record<string, string>;
  scheduler?: Record<string, string>;
}

/** Addon names as KDM's K8sVersionedTemplates keys them. */
export type AddonName =
  | 'calico' | 'canal' | 'flannel' | 'weave' | 'aci'
  | 'coreDNS' | 'kubeDNS' | 'metricsServer' | 'nginxIngress' | 'nodelocal';

export interface KubernetesVersionInfo {
  /** Full RKE version string, e.g. `v1.32.13-rancher1-3`. */
  version: string;
  systemImages: SystemImages;
  serviceOptions: ServiceOptions;
  /** Addon → template key selected for this version (by KDM semver ranges). */
  templates: Partial<Record<AddonName, string>>;
  /** Addon → Go text/template source of the selected template, when the KDM data carries the texts. */
  templateTexts?: Partial<Record<AddonName, string>>;
  /**
   * Supported Docker versions as KDM lists them for this minor, e.g. ["20.10.x", "27.2.x"]
   * (RKE prints this list verbatim; only major.minor is compared, see isSupportedDockerVersion).
   */
  dockerVersions: string[];
  /**
   * Which K8sVersionServiceOptions key `serviceOptions` came from: the exact version, else
   * `vMAJOR.MINOR` of the hyperkube image tag; undefined when KDM has neither.
   */
  serviceOptionsKey?: string;
  /** True for rke-ts's own versions (data/rke-ts-extensions.json), not part of RKE1's metadata. */
  extension?: boolean;
}
