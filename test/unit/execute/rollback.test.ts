import type { ContainerCreateOptions, ContainerInspectInfo } from 'dockerode';
import { describe, expect, it } from 'vitest';
import { createOptionsFromInspect, leftCordoned, type JournalEntry } from '../../../src/cluster/journal.js';
import { restoreContainer, type RestoreDocker } from '../../../src/cluster/rollback.js';

/** An in-memory Docker engine with just what a restore uses. */
class FakeDocker implements RestoreDocker {
  containers = new Map<string, { config: ContainerCreateOptions; running: boolean }>();
  calls: string[] = [];
  async inspectContainer(name: string): Promise<ContainerInspectInfo | undefined> {
    const c = this.containers.get(name);
    if (!c) return undefined;
    return {
      Config: { Image: c.config.Image, Cmd: c.config.Cmd, Entrypoint: c.config.Entrypoint, Env: c.config.Env, Labels: c.config.Labels ?? {} },
      HostConfig: { Binds: c.config.HostConfig?.Binds ?? null, NetworkMode: c.config.HostConfig?.NetworkMode },
      State: { Running: c.running },
    } as unknown as ContainerInspectInfo;
  }
  async createContainer(name: string, config: ContainerCreateOptions): Promise<string> {
    this.calls.push(`create ${name}`);
    this.containers.set(name, { config, running: false });
    return name;
  }
  async startContainer(name: string): Promise<void> {
    this.calls.push(`start ${name}`);
    this.containers.get(name)!.running = true;
  }
  async stopContainer(name: string): Promise<void> {
    const c = this.containers.get(name);
    if (c) c.running = false;
  }
  async removeContainer(name: string): Promise<boolean> {
    if (this.containers.has(name)) this.calls.push(`remove ${name}`);
    return this.containers.delete(name);
  }
}

const oldSpec: ContainerCreateOptions = { Image: 'hyperkube:v1', Cmd: ['kubelet', '--v=2'], Env: ['A=1'], HostConfig: { Binds: ['/etc/kubernetes:/etc/kubernetes'], NetworkMode: 'host' } };
const newSpec: ContainerCreateOptions = { ...oldSpec, Image: 'hyperkube:v2' };

describe('restoreContainer', () => {
  it('puts the journaled spec back, and a second run changes nothing', async () => {
    const d = new FakeDocker();
    d.containers.set('kubelet', { config: newSpec, running: true });
    const entry: JournalEntry = { host: 'w1', container: 'kubelet', previous: oldSpec, wasRunning: true };
    expect(await restoreContainer(d, entry)).toBe('recreated');
    expect(d.containers.get('kubelet')).toEqual({ config: oldSpec, running: true });
    d.calls = [];
    expect(await restoreContainer(d, entry)).toBe('unchanged');
    expect(d.calls).toEqual([]);
  });

  it('recreates a container a crash left missing, and clears a leftover old-<name>', async () => {
    const d = new FakeDocker();
    d.containers.set('old-kubelet', { config: oldSpec, running: false });
    expect(await restoreContainer(d, { host: 'w1', container: 'kubelet', previous: oldSpec, wasRunning: true })).toBe('recreated');
    expect([...d.containers.keys()]).toEqual(['kubelet']);
  });

  it('removes a container that did not exist before the batch; idempotent too', async () => {
    const d = new FakeDocker();
    d.containers.set('kube-proxy', { config: newSpec, running: true });
    const entry: JournalEntry = { host: 'w1', container: 'kube-proxy', previous: null, wasRunning: false };
    expect(await restoreContainer(d, entry)).toBe('removed');
    expect(await restoreContainer(d, entry)).toBe('absent');
  });
});

describe('journal helpers', () => {
  it('rebuilds create options from docker inspect', () => {
    const info = {
      Config: { Image: 'img', Cmd: ['a'], Entrypoint: null, Env: ['X=1'], Labels: { l: 'v' }, User: '', Tty: false },
      HostConfig: { Binds: ['/a:/b'], VolumesFrom: null, NetworkMode: 'host', PidMode: 'host', Privileged: true, SecurityOpt: null, RestartPolicy: { Name: 'always', MaximumRetryCount: 0 } },
      State: { Running: true },
    } as unknown as ContainerInspectInfo;
    expect(createOptionsFromInspect(info)).toEqual({
      Image: 'img',
      Cmd: ['a'],
      Env: ['X=1'],
      Labels: { l: 'v' },
      HostConfig: { Binds: ['/a:/b'], NetworkMode: 'host', PidMode: 'host', Privileged: true, RestartPolicy: { Name: 'always' } },
    });
  });
  it('names the nodes an interrupted batch left cordoned', () => {
    const batch = (status: 'running' | 'done', cordoned: string[]) => ({ phase: 'worker' as const, index: 0, hosts: [], cordoned, status, startedAt: '', entries: [] });
    expect(leftCordoned({ version: 1, batches: [batch('done', ['a']), batch('running', ['b'])] })).toEqual(['b']);
    expect(leftCordoned(undefined)).toEqual([]);
  });
});
