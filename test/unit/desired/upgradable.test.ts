import { describe, expect, it } from 'vitest';
import { buildDesiredCluster, isContainerUpgradable, toDockerCreateOptions, type ContainerSpec, type ObservedContainer } from '../../../src/desired/index.js';
import { inputFor } from './fixtures.js';

const desired = buildDesiredCluster(inputFor({ nodes: [{ address: '10.0.0.1', role: ['etcd', 'controlplane', 'worker'] }] }));
const kubelet = desired.hosts[0]?.containers.kubelet as ContainerSpec;
const IMAGE_ENV = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'];

/** What `docker inspect` shows for a container RKE1 created from this spec: flags reordered, image env merged. */
function observedFrom(spec: ContainerSpec): ObservedContainer {
  return {
    Config: { Image: spec.image, Entrypoint: [...spec.entrypoint].reverse(), Cmd: spec.cmd.length ? spec.cmd : null, Env: [...spec.env, ...IMAGE_ENV] },
    HostConfig: { Binds: [...spec.binds].reverse(), SecurityOpt: spec.securityOpt.length ? spec.securityOpt : null },
  };
}

describe('isContainerUpgradable', () => {
  it('an identical container (any order, image env merged) is kept', () => {
    expect(isContainerUpgradable(kubelet, observedFrom(kubelet), IMAGE_ENV)).toEqual({ upgradable: false, diffs: [] });
  });

  it('a missing image always means replace', () => {
    const r = isContainerUpgradable(kubelet, observedFrom(kubelet), null);
    expect(r.upgradable).toBe(true);
    expect(r.diffs[0]?.field).toBe('imageMissing');
  });

  it('names each differing field with added/removed members', () => {
    const actual = observedFrom(kubelet);
    actual.Config.Image = 'rancher/hyperkube:v1.31.1-rancher1';
    actual.Config.Entrypoint = (actual.Config.Entrypoint as string[]).map((a) => (a === '--v=2' ? '--v=4' : a));
    actual.HostConfig.Binds = [...(actual.HostConfig.Binds ?? []), '/old:/old'];
    const r = isContainerUpgradable(kubelet, actual, IMAGE_ENV);
    expect(r.upgradable).toBe(true);
    expect(r.diffs.map((d) => d.field)).toEqual(['image', 'entrypoint', 'binds']);
    const ep = r.diffs.find((d) => d.field === 'entrypoint');
    expect(ep?.added).toEqual(['--v=2']);
    expect(ep?.removed).toEqual(['--v=4']);
    expect(r.diffs.find((d) => d.field === 'binds')?.removed).toEqual(['/old:/old']);
  });

  it('env is compared against desired ∪ image env', () => {
    const actual = observedFrom(kubelet);
    actual.Config.Env = [...(actual.Config.Env ?? []), 'EXTRA=1'];
    const r = isContainerUpgradable(kubelet, actual, IMAGE_ENV);
    expect(r.diffs).toEqual([expect.objectContaining({ field: 'env', removed: ['EXTRA=1'], added: [] })]);
    // The image's own env is not a difference.
    expect(isContainerUpgradable(kubelet, observedFrom(kubelet), [...IMAGE_ENV, 'HOME=/root']).diffs.map((d) => d.field)).toEqual(['env']);
  });

  it('ignores exactly a label=disable SecurityOpt Docker added, nothing more', () => {
    const actual = observedFrom(kubelet);
    actual.HostConfig.SecurityOpt = ['label=disable'];
    expect(isContainerUpgradable(kubelet, actual, IMAGE_ENV).upgradable).toBe(false);
    actual.HostConfig.SecurityOpt = ['label=disable', 'seccomp=unconfined'];
    expect(isContainerUpgradable(kubelet, actual, IMAGE_ENV).diffs.map((d) => d.field)).toEqual(['securityOpt']);
    const wantsLabel = { ...kubelet, securityOpt: ['label=type:rke_container_t'] };
    expect(isContainerUpgradable(wantsLabel, observedFrom(kubelet), IMAGE_ENV).diffs.map((d) => d.field)).toEqual(['securityOpt']);
  });

  it('network mode, privileged, restart policy and labels are not compared (as in RKE1)', () => {
    const changed = { ...kubelet, networkMode: 'bridge', privileged: false, restartPolicy: 'no' as const, labels: {} };
    expect(isContainerUpgradable(changed, observedFrom(kubelet), IMAGE_ENV).upgradable).toBe(false);
  });
});

describe('toDockerCreateOptions', () => {
  it('maps a process the way GetProcessConfig does', () => {
    const o = toDockerCreateOptions(kubelet);
    expect(o).toMatchObject({
      name: 'kubelet',
      Image: kubelet.image,
      Entrypoint: kubelet.entrypoint,
      Env: kubelet.env,
      Labels: { 'io.rancher.rke.container.name': 'kubelet' },
      HostConfig: {
        Binds: kubelet.binds,
        VolumesFrom: ['service-sidekick'],
        NetworkMode: 'host',
        PidMode: 'host',
        Privileged: true,
        RestartPolicy: { Name: 'always' },
      },
    });
    expect('Cmd' in o).toBe(false);
    expect('SecurityOpt' in (o.HostConfig ?? {})).toBe(false);
  });

  it('service-sidekick has no restart policy and network none; etcd keeps the image entrypoint', () => {
    const sidekick = toDockerCreateOptions(desired.hosts[0]?.containers['service-sidekick'] as ContainerSpec);
    expect(sidekick.HostConfig).toEqual({ NetworkMode: 'none', Privileged: false });
    expect(sidekick.Entrypoint).toEqual(['/bin/bash']);
    const etcd = toDockerCreateOptions(desired.hosts[0]?.containers.etcd as ContainerSpec);
    expect('Entrypoint' in etcd).toBe(false);
    expect(etcd.Cmd?.[0]).toBe('/usr/local/bin/etcd');
  });
});
