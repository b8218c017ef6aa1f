/** `ingress`, `dns` and `monitoring` (RKE1 types IngressConfig, DNSConfig, Nodelocal, MonitoringConfig). */
import { f, struct, str, bool, int, float, list, map, k8sObject } from '../schema-dsl.js';
import { daemonSetUpdateStrategy, deploymentStrategy, toleration } from './k8s.js';

export const ingressConfig = struct('types.IngressConfig', {
  provider: f(str('nginx (default) or none'), 'provider,omitempty'),
  options: f(map(str()), 'options,omitempty'),
  node_selector: f(map(str()), 'nodeSelector,omitempty'),
  extra_args: f(map(str()), 'extraArgs,omitempty'),
  dns_policy: f(str('ClusterFirst, ClusterFirstWithHostNet, None or Default'), 'dnsPolicy,omitempty'),
  extra_envs: f(list(k8sObject('types.ExtraEnv', 'Kubernetes EnvVar (JSON keys)')), 'extraEnvs,omitempty'),
  extra_volumes: f(list(k8sObject('types.ExtraVolume', 'Kubernetes Volume (JSON keys)')), 'extraVolumes,omitempty'),
  extra_volume_mounts: f(
    list(k8sObject('types.ExtraVolumeMount', 'Kubernetes VolumeMount (JSON keys)')),
    'extraVolumeMounts,omitempty',
  ),
  update_strategy: f(daemonSetUpdateStrategy, 'updateStrategy,omitempty', { pointer: true }),
  http_port: f(int(), 'httpPort,omitempty'),
  https_port: f(int(), 'httpsPort,omitempty'),
  network_mode: f(str('hostNetwork, hostPort or none'), 'networkMode,omitempty'),
  tolerations: f(list(toleration), 'tolerations,omitempty'),
  default_backend: f(bool(), 'defaultBackend,omitempty', { pointer: true }),
  default_http_backend_priority_class_name: f(str(), 'defaultHttpBackendPriorityClassName,omitempty'),
  nginx_ingress_controller_priority_class_name: f(str(), 'nginxIngressControllerPriorityClassName,omitempty'),
  default_ingress_class: f(bool(), 'defaultIngressClass,omitempty', { pointer: true }),
});

export const nodelocal = struct('types.Nodelocal', {
  ip_address: f(str('link-local IP of node-local DNS; enables it'), 'ipAddress,omitempty'),
  update_strategy: f(daemonSetUpdateStrategy, 'updateStrategy,omitempty', { pointer: true }),
  node_selector: f(map(str()), 'nodeSelector,omitempty'),
  node_local_dns_priority_class_name: f(str(), 'nodeLocalDnsPriorityClassName,omitempty'),
});

export const linearAutoscalerParams = struct('types.LinearAutoscalerParams', {
  cores_per_replica: f(float(), 'coresPerReplica,omitempty'),
  nodes_per_replica: f(float(), 'nodesPerReplica,omitempty'),
  min: f(int(), 'min,omitempty'),
  max: f(int(), 'max,omitempty'),
  prevent_single_point_failure: f(bool(), 'preventSinglePointFailure,omitempty'),
});

export const dnsConfig = struct('types.DNSConfig', {
  provider: f(str('coredns (default), kube-dns or none'), 'provider,omitempty'),
  options: f(map(str()), 'options,omitempty'),
  upstreamnameservers: f(list(str()), 'upstreamnameservers,omitempty'),
  reversecidrs: f(list(str()), 'reversecidrs,omitempty'),
  stubdomains: f(map(list(str())), 'stubdomains,omitempty'),
  node_selector: f(map(str()), 'nodeSelector,omitempty'),
  nodelocal: f(nodelocal, 'nodelocal,omitempty', { pointer: true }),
  update_strategy: f(deploymentStrategy, 'updateStrategy,omitempty', { pointer: true }),
  linear_autoscaler_params: f(linearAutoscalerParams, 'linearAutoscalerParams,omitempty', { pointer: true }),
  tolerations: f(list(toleration), 'tolerations,omitempty'),
});

export const monitoringConfig = struct('types.MonitoringConfig', {
  provider: f(str('metrics-server (default) or none'), 'provider,omitempty'),
  options: f(map(str()), 'options,omitempty'),
  node_selector: f(map(str()), 'nodeSelector,omitempty'),
  update_strategy: f(deploymentStrategy, 'updateStrategy,omitempty', { pointer: true }),
  replicas: f(int(undefined, 32), 'replicas,omitempty', { pointer: true }),
  tolerations: f(list(toleration), 'tolerations,omitempty'),
  metrics_server_priority_class_name: f(str(), 'metricsServerPriorityClassName,omitempty'),
});
