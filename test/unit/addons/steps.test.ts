import { describe, expect, it } from 'vitest';
import { addonSteps, type AddonStep } from '../../../src/addons/index.js';
import { NODES, defaultedInput, renderInput } from './fixtures.js';

const summary = (steps: AddonStep[]) =>
  steps.map((s) => (s.action === 'log' ? `log` : s.action === 'deploy' ? `deploy ${s.resource}${s.critical ? '!' : ''}` : `${s.action} ${s.resource}`));

describe('addonSteps (RKE1 ConfigureCluster order)', () => {
  it('deploys the network plugin, CoreDNS, metrics-server and ingress in order, and removes what is not configured', () => {
    const steps = addonSteps(renderInput(`${NODES}network:\n  plugin: flannel\n`));
    expect(summary(steps)).toEqual([
      'deploy rke-network-plugin!',
      'remove rke-kube-dns-addon',
      'deploy rke-coredns-addon!',
      'remove rke-nodelocal-addon',
      'deploy rke-metrics-addon!',
      'deploy rke-ingress-controller!',
      'log',
      'remove rke-user-addon',
      'remove rke-user-includes-addons',
      'log',
    ]);
  });

  it('logs and deploys nothing for network plugin none', () => {
    const [first] = addonSteps(renderInput(`${NODES}network:\n  plugin: none\n`));
    expect(first).toEqual({ action: 'log', kind: 'network', message: '[network] Not deploying a cluster network, expecting custom CNI' });
  });

  it('removes both DNS providers and skips nodelocal handling with dns provider none', () => {
    const steps = addonSteps(renderInput(`${NODES}network:\n  plugin: flannel\ndns:\n  provider: none\n`));
    expect(summary(steps).slice(0, 3)).toEqual(['deploy rke-network-plugin!', 'remove rke-kube-dns-addon', 'remove rke-coredns-addon']);
    expect(summary(steps)).not.toContain('remove rke-nodelocal-addon');
  });

  it('removes metrics-server and ingress when their provider is none, and deploys nodelocal when it has an IP', () => {
    const yaml = `${NODES}network:\n  plugin: flannel\nmonitoring:\n  provider: none\ningress:\n  provider: none\ndns:\n  nodelocal:\n    ip_address: 169.254.20.10\n`;
    const steps = addonSteps(renderInput(yaml));
    expect(summary(steps).slice(0, 6)).toEqual([
      'deploy rke-network-plugin!',
      'remove rke-kube-dns-addon',
      'deploy rke-coredns-addon!',
      'deploy rke-nodelocal-addon!',
      'remove rke-metrics-addon',
      'remove rke-ingress-controller',
    ]);
    const metrics = steps.find((s) => s.action === 'remove' && s.kind === 'metrics');
    expect(metrics).toMatchObject({ absentMessage: '[ingress] Metrics Server is disabled, skipping Metrics server installation' });
  });

  it('deletes the admission jobs before and the default backend after deploying ingress', () => {
    const ingress = addonSteps(renderInput(`${NODES}network:\n  plugin: flannel\n`)).find((s) => s.action === 'deploy' && s.kind === 'ingress');
    expect(ingress).toMatchObject({
      deleteBefore: [
        { kind: 'Job', namespace: 'ingress-nginx', name: 'ingress-nginx-admission-create' },
        { kind: 'Job', namespace: 'ingress-nginx', name: 'ingress-nginx-admission-patch' },
      ],
      deleteAfter: [
        { kind: 'Service', namespace: 'ingress-nginx', name: 'default-http-backend' },
        { kind: 'Deployment', namespace: 'ingress-nginx', name: 'default-http-backend' },
      ],
    });
    const withBackend = addonSteps(renderInput(`${NODES}network:\n  plugin: flannel\ningress:\n  default_backend: true\n`));
    expect(withBackend.find((s) => s.action === 'deploy' && s.kind === 'ingress')).toMatchObject({ deleteAfter: [] });
  });

  it('deploys user addons as non-critical and always-rerun resources', () => {
    const yaml = `${NODES}network:\n  plugin: flannel\naddons: |\n  apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: a\n`;
    const user = addonSteps(renderInput(yaml)).find((s) => s.action === 'deploy' && s.kind === 'user');
    expect(user).toMatchObject({ resource: 'rke-user-addon', critical: false, manifest: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n' });
  });

  it('joins addons_include contents as RKE1 does', () => {
    const yaml = `${NODES}network:\n  plugin: flannel\naddons_include:\n  - ./a.yaml\n  - https://example.invalid/b.yaml\n`;
    const steps = addonSteps(renderInput(yaml), {
      includedAddons: [
        { source: './a.yaml', text: 'kind: A' },
        { source: 'https://example.invalid/b.yaml', text: '---\nkind: B\n' },
      ],
    });
    const includes = steps.find((s) => s.action === 'deploy' && s.kind === 'userIncludes');
    expect(includes).toMatchObject({ resource: 'rke-user-includes-addons', manifest: '---\nkind: A\n---\nkind: B\n' });
  });

  it('reports a network plugin rke-ts cannot render as a critical render error', () => {
    const steps = addonSteps(defaultedInput(`${NODES}network:\n  plugin: weave\n`));
    expect(steps[0]).toMatchObject({ action: 'renderError', resource: 'rke-network-plugin', critical: true });
    expect((steps[0] as { warning: string }).warning).toMatch(/^Failed to deploy addon execute job \[rke-network-plugin\]: /);
  });

  it('rejects a bad flannel option value the way strconv.Atoi does', () => {
    const steps = addonSteps(renderInput(`${NODES}network:\n  plugin: flannel\n  options:\n    flannel_backend_vni: "x1"\n`));
    // A bad option is an ordinary template error, which RKE1 only warns about.
    expect(steps[0]).toMatchObject({ action: 'renderError', critical: false });
    expect((steps[0] as { error: Error }).error.message).toBe('strconv.Atoi: parsing "x1": invalid syntax');
  });
});
