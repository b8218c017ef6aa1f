import * as k8s from '@kubernetes/client-node';

/** API clients built from one kubeconfig (the admin kube_config_<cluster>.yml or an in-memory copy). */
export interface KubeClients {
  config: k8s.KubeConfig;
  core: k8s.CoreV1Api;
  objects: k8s.KubernetesObjectApi;
}

export function kubeClientsFromKubeconfig(kubeconfigYaml: string): KubeClients {
  const config = new k8s.KubeConfig();
  config.loadFromString(kubeconfigYaml);
  return {
    config,
    core: config.makeApiClient(k8s.CoreV1Api),
    objects: k8s.KubernetesObjectApi.makeApiClient(config),
  };
}

/** HTTP status of a client-node ApiException, or undefined for transport errors. */
export function apiStatus(err: unknown): number | undefined {
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'number') {
    return (err as { code: number }).code;
  }
  return undefined;
}

export function isNotFound(err: unknown): boolean {
  return apiStatus(err) === 404;
}
