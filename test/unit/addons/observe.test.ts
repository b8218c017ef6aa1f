import { describe, expect, it } from 'vitest';
import { addonSteps, observeAddonChanges, type AddonClusterState, type DeployStep } from '../../../src/addons/index.js';
import { NODES, renderInput } from './fixtures.js';

const DONE = { created: true, completed: true, removing: false };

function deployed(steps: ReturnType<typeof addonSteps>): AddonClusterState {
  const state: AddonClusterState = { configMaps: {}, jobs: {} };
  for (const s of steps) {
    if (s.action !== 'deploy') continue;
    state.configMaps[s.resource] = { [s.resource]: s.manifest };
    state.jobs[`${s.resource}-deploy-job`] = DONE;
  }
  return state;
}

describe('observeAddonChanges (for rke plan)', () => {
  const input = renderInput(`${NODES}network:\n  plugin: flannel\n`);
  const steps = addonSteps(input);

  it('reports every system addon as new on an empty cluster', () => {
    const changes = observeAddonChanges(steps, { configMaps: {}, jobs: {} });
    expect(changes.map((c) => [c.resource, c.action, c.configMap, c.job])).toEqual([
      ['rke-network-plugin', 'deploy', 'create', 'create'],
      ['rke-coredns-addon', 'deploy', 'create', 'create'],
      ['rke-metrics-addon', 'deploy', 'create', 'create'],
      ['rke-ingress-controller', 'deploy', 'create', 'create'],
    ]);
  });

  it('reports nothing when every manifest is stored and its job completed', () => {
    expect(observeAddonChanges(steps, deployed(steps))).toEqual([]);
  });

  it('names the addon whose manifest changed', () => {
    const changed = addonSteps(renderInput(`${NODES}network:\n  plugin: flannel\n  options:\n    flannel_iface: eth1\n`));
    const changes = observeAddonChanges(changed, deployed(steps));
    expect(changes).toEqual([
      { kind: 'network', resource: 'rke-network-plugin', action: 'deploy', configMap: 'update', job: 'replace', applies: true, reason: 'manifest changed' },
    ]);
  });

  it('re-runs a deploy job that did not complete', () => {
    const state = deployed(steps);
    state.jobs['rke-coredns-addon-deploy-job'] = { created: true, completed: false, removing: false };
    expect(observeAddonChanges(steps, state).map((c) => [c.resource, c.job, c.reason])).toEqual([
      ['rke-coredns-addon', 'replace', 'previous deploy job did not complete'],
    ]);
  });

  it('reports removals only where a deploy job exists, and user addons every time', () => {
    const withUser = addonSteps(renderInput(`${NODES}network:\n  plugin: flannel\naddons: |\n  kind: X\n  apiVersion: v1\n  metadata:\n    name: x\n`));
    const state = deployed(withUser);
    state.jobs['rke-kube-dns-addon-deploy-job'] = DONE;
    const changes = observeAddonChanges(withUser, state);
    expect(changes.map((c) => [c.resource, c.action, c.reason])).toEqual([
      ['rke-kube-dns-addon', 'remove', 'addon disabled: deployed objects are deleted'],
      ['rke-user-addon', 'deploy', 'user addons are re-applied on every run'],
    ]);
    const user = withUser.find((s): s is DeployStep => s.action === 'deploy' && s.kind === 'user');
    expect(user?.critical).toBe(false);
  });
});
