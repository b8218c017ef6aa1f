/**
 * RKE1's addon job mechanism as objects (templates/addonjob.go, k8s/configmap.go): each addon's
 * manifest lives in ConfigMap `kube-system/<resource>` under the data key `<resource>`, and Job
 * `<resource>-deploy-job` runs `kubectl apply` on it from the first control plane node.
 * Removal uses `<resource>-delete-job`, which deletes every object the stored manifest names.
 */
import { RkeError } from '../errors.js';
import { versionInRange } from '../versions/index.js';
import type { K8sObject } from './manifest.js';

export const ADDON_NAMESPACE = 'kube-system';
export const JOB_DEPLOYER_SERVICE_ACCOUNT = 'rke-job-deployer';

/** ConfigMap / resource names RKE1 uses (cluster/addons.go, cluster/network.go). */
export const ADDON_RESOURCES = {
  network: 'rke-network-plugin',
  coredns: 'rke-coredns-addon',
  kubeDns: 'rke-kube-dns-addon',
  nodelocal: 'rke-nodelocal-addon',
  metrics: 'rke-metrics-addon',
  ingress: 'rke-ingress-controller',
  user: 'rke-user-addon',
  userIncludes: 'rke-user-includes-addons',
} as const;

export type AddonResourceName = (typeof ADDON_RESOURCES)[keyof typeof ADDON_RESOURCES];

/** RKE1 re-runs these jobs on every `rke up`, whether or not the manifest changed. */
export const ALWAYS_RERUN_RESOURCES: readonly string[] = [ADDON_RESOURCES.user, ADDON_RESOURCES.userIncludes];

export const deployJobName = (resource: string): string => `${resource}-deploy-job`;
export const deleteJobName = (resource: string): string => `${resource}-delete-job`;

export interface AddonJobOptions {
  /** Kubernetes Node name of the first control plane host (k8s.GetNode). */
  nodeName: string;
  /** The `kubernetes` system image (RKE1: services.kube-api image = hyperkube, which has kubectl). */
  image: string;
  /** Cluster version, e.g. v1.32.13-rancher1-2: the OS label is `kubernetes.io/os` from 1.22 on. */
  kubernetesVersion: string;
}

export function addonConfigMap(resource: string, manifest: string): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: resource, namespace: ADDON_NAMESPACE },
    data: { [resource]: manifest },
  };
}

function osLabel(kubernetesVersion: string): string {
  let atLeast122: boolean;
  try {
    atLeast122 = versionInRange(kubernetesVersion, '>=1.22.0-rancher0');
  } catch (err) {
    throw new RkeError(`Cluster version [${kubernetesVersion}] can not be parsed as semver: ${(err as Error).message}`, {
      key: 'kubernetes_version',
    });
  }
  return atLeast122 ? 'kubernetes.io/os' : 'beta.kubernetes.io/os';
}

/** The shell loop RKE1's delete job runs: delete each object of the stored manifest that still exists. */
export function deleteJobScript(resource: string): string {
  return (
    `kubectl get --ignore-not-found=true -f /etc/config/${resource}.yaml ` +
    '-o custom-columns=NAME:.metadata.name,NAMESPACE:.metadata.namespace,KIND:.kind --no-headers ' +
    '| while read name namespace kind; do if [ "x${namespace}" = "x<none>" ]; then kubectl delete $kind $name; ' +
    'else kubectl -n $namespace delete $kind $name; fi; done'
  );
}

function addonJob(resource: string, options: AddonJobOptions, isDelete: boolean): K8sObject {
  const container: Record<string, unknown> = isDelete
    ? { name: `${resource}-delete-pod`, image: options.image, command: ['/bin/sh'], args: ['-c', deleteJobScript(resource)] }
    : { name: `${resource}-pod`, image: options.image, command: ['kubectl', 'apply', '-f', `/etc/config/${resource}.yaml`] };
  container.volumeMounts = [{ name: 'config-volume', mountPath: '/etc/config' }];
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: isDelete ? deleteJobName(resource) : deployJobName(resource), namespace: ADDON_NAMESPACE },
    spec: {
      backoffLimit: 10,
      template: {
        metadata: { name: 'rke-deploy' },
        spec: {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchExpressions: [{ key: osLabel(options.kubernetesVersion), operator: 'NotIn', values: ['windows'] }] }],
              },
            },
          },
          tolerations: [{ operator: 'Exists' }],
          hostNetwork: true,
          serviceAccountName: JOB_DEPLOYER_SERVICE_ACCOUNT,
          nodeName: options.nodeName,
          containers: [container],
          volumes: [
            {
              name: 'config-volume',
              configMap: { name: resource, items: [{ key: resource, path: `${resource}.yaml` }] },
            },
          ],
          restartPolicy: 'Never',
        },
      },
    },
  };
}

export function addonDeployJob(resource: string, options: AddonJobOptions): K8sObject {
  return addonJob(resource, options, false);
}

export function addonDeleteJob(resource: string, options: AddonJobOptions): K8sObject {
  return addonJob(resource, options, true);
}

/** The ConfigMap holding an addon's manifest and the Job that applies it. */
export function addonJobObjects(resource: string, manifest: string, options: AddonJobOptions): { configMap: K8sObject; job: K8sObject } {
  return { configMap: addonConfigMap(resource, manifest), job: addonDeployJob(resource, options) };
}
