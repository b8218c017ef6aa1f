import { describe, expect, it } from 'vitest';
import {
  ADDON_RESOURCES,
  addonDeleteJob,
  addonJobObjects,
  parseManifestDocuments,
  toYamlDocument,
} from '../../../src/addons/index.js';

const OPTIONS = { nodeName: 'cp-1', image: 'rancher/hyperkube:v1.32.13-rancher1', kubernetesVersion: 'v1.32.13-rancher1-2' };

type Job = {
  metadata: { name: string; namespace: string };
  spec: {
    backoffLimit: number;
    template: {
      metadata: { name: string };
      spec: {
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: Array<{ matchExpressions: Array<{ key: string; operator: string; values: string[] }> }> } } };
        tolerations: unknown[];
        hostNetwork: boolean;
        serviceAccountName: string;
        nodeName: string;
        containers: Array<{ name: string; image: string; command: string[]; args?: string[]; volumeMounts: unknown[] }>;
        volumes: Array<{ name: string; configMap: { name: string; items: Array<{ key: string; path: string }> } }>;
        restartPolicy: string;
      };
    };
  };
};

describe('addonJobObjects', () => {
  const manifest = '---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n';
  const { configMap, job } = addonJobObjects(ADDON_RESOURCES.network, manifest, OPTIONS);

  it('stores the manifest in kube-system/<resource> under the data key <resource>', () => {
    expect(configMap).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'rke-network-plugin', namespace: 'kube-system' },
      data: { 'rke-network-plugin': manifest },
    });
  });

  it('builds RKE1’s deploy job: kubectl apply of the mounted ConfigMap on the first control plane node', () => {
    const j = job as unknown as Job;
    expect(job.apiVersion).toBe('batch/v1');
    expect(j.metadata).toEqual({ name: 'rke-network-plugin-deploy-job', namespace: 'kube-system' });
    expect(j.spec.backoffLimit).toBe(10);
    const pod = j.spec.template.spec;
    expect(j.spec.template.metadata.name).toBe('rke-deploy');
    expect(pod.serviceAccountName).toBe('rke-job-deployer');
    expect(pod.nodeName).toBe('cp-1');
    expect(pod.hostNetwork).toBe(true);
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]!.matchExpressions).toEqual([
      { key: 'kubernetes.io/os', operator: 'NotIn', values: ['windows'] },
    ]);
    expect(pod.containers).toHaveLength(1);
    expect(pod.containers[0]!.name).toBe('rke-network-plugin-pod');
    expect(pod.containers[0]!.image).toBe(OPTIONS.image);
    expect(pod.containers[0]!.command).toEqual(['kubectl', 'apply', '-f', '/etc/config/rke-network-plugin.yaml']);
    expect(pod.volumes).toEqual([
      {
        name: 'config-volume',
        configMap: { name: 'rke-network-plugin', items: [{ key: 'rke-network-plugin', path: 'rke-network-plugin.yaml' }] },
      },
    ]);
  });

  it('uses the beta OS label below Kubernetes 1.22', () => {
    const old = addonJobObjects('rke-user-addon', manifest, { ...OPTIONS, kubernetesVersion: 'v1.21.14-rancher1-1' }).job as unknown as Job;
    const term = old.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]!;
    expect(term.matchExpressions[0]!.key).toBe('beta.kubernetes.io/os');
  });

  it('rejects a version that is not semver, naming it', () => {
    expect(() => addonJobObjects('rke-user-addon', manifest, { ...OPTIONS, kubernetesVersion: 'latest' })).toThrow(/Cluster version \[latest\]/);
  });

  it('builds the delete job running the kubectl get | delete loop over the stored manifest', () => {
    const j = addonDeleteJob('rke-ingress-controller', OPTIONS) as unknown as Job;
    expect(j.metadata.name).toBe('rke-ingress-controller-delete-job');
    const container = j.spec.template.spec.containers[0]!;
    expect(container.name).toBe('rke-ingress-controller-delete-pod');
    expect(container.command).toEqual(['/bin/sh']);
    expect(container.args![0]).toBe('-c');
    expect(container.args![1]).toContain('kubectl get --ignore-not-found=true -f /etc/config/rke-ingress-controller.yaml');
    expect(container.args![1]).toContain('if [ "x${namespace}" = "x<none>" ]; then kubectl delete $kind $name;');
  });

  it('serializes to YAML that reads back to the same objects', () => {
    for (const object of [configMap, job]) {
      expect(parseManifestDocuments(toYamlDocument(object))).toEqual([object]);
    }
  });
});
