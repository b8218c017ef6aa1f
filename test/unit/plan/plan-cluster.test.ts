import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildDesiredCluster, certPath, keyPath, fileDeployerOnDisk, md5Hex, type DesiredCluster, type DesiredHost } from '../../../src/desired/index.js';
import type { DesiredConfigInput } from '../../../src/desired/input.js';
import type { ObservedCluster, ReachableHost } from '../../../src/observe/types.js';
import { planCluster, type PlanInput } from '../../../src/plan/plan-cluster.js';
import { planHasChanges, planSteps } from '../../../src/plan/types.js';
import { formatPlanJson, formatPlanText } from '../../../src/cli/format/plan.js';
import { FIXTURES, inputFor } from '../desired/fixtures.js';

const IMAGE_ENV = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'];

function loadConfig(name: string): DesiredConfigInput {
  return (parse(readFileSync(`${FIXTURES}configs/${name}`, 'utf8')) as { cluster: DesiredConfigInput }).cluster;
}

const certFiles = (host: DesiredHost, name: string) => [certPath(name), keyPath(name)].map((p) => `${host.prefixPath.replace(/\/$/, '')}${p}`);

/** A host exactly as RKE1 (or a previous rke-ts run) left it: every desired container running, every file deployed. */
function convergedHost(host: DesiredHost): ReachableHost {
  const containers: ReachableHost['containers'] = {};
  const imageEnv: ReachableHost['imageEnv'] = {};
  for (const spec of Object.values(host.containers)) {
    imageEnv[spec.image] = IMAGE_ENV;
    containers[spec.name] = {
      Id: `id-${spec.name}`,
      // Docker reports the union of the image env and the container's own env, in any order.
      Config: { Image: spec.image, Entrypoint: [...spec.entrypoint].reverse(), Cmd: spec.cmd, Env: [...IMAGE_ENV, ...spec.env] },
      HostConfig: { Binds: [...spec.binds].reverse(), SecurityOpt: spec.securityOpt },
      State: { Running: spec.start, Restarting: false, Status: spec.start ? 'running' : 'created' },
    };
  }
  const files: Record<string, string> = {};
  for (const name of host.certificates) for (const f of certFiles(host, name)) files[f] = 'x';
  for (const f of host.files) files[f.hostPath] = md5Hex(fileDeployerOnDisk(f.content));
  return {
    address: host.address,
    reachable: true,
    facts: { dockerRootDir: '/var/lib/docker', architecture: 'x86_64', selinuxEnabled: false, dockerVersion: '20.10.24' },
    containers,
    imageEnv,
    files,
  };
}

function planInput(desired: DesiredCluster, observed: ObservedCluster, extra: Partial<PlanInput> = {}): PlanInput {
  return {
    desired,
    observed,
    certificateFiles: certFiles,
    changedCertificates: [],
    removedHosts: [],
    addonChanges: [],
    nodeMeta: [],
    stateChanged: false,
    stateFile: 'cluster.rkestate',
    ...extra,
  };
}

function observedFrom(desired: DesiredCluster): ObservedCluster {
  return { hosts: Object.fromEntries(desired.hosts.map((h) => [h.address, convergedHost(h)])) };
}

describe('planCluster', () => {
  const config = loadConfig('02-three-node-split.yaml');
  const desired = buildDesiredCluster(inputFor(config));

  it('is empty for a cluster that already matches (argument and bind order do not matter)', () => {
    const plan = planCluster(planInput(desired, observedFrom(desired)));
    expect(planSteps(plan)).toEqual([]);
    expect(planHasChanges(plan)).toBe(false);
    expect(formatPlanText(plan)).toMatch(/^No changes\./);
  });

  it('creates everything on fresh hosts, phase by phase', () => {
    const fresh: ObservedCluster = {
      hosts: Object.fromEntries(desired.hosts.map((h) => [h.address, { ...convergedHost(h), containers: {}, files: {}, imageEnv: {} }])),
    };
    const plan = planCluster(planInput(desired, fresh));
    expect(plan.phases.map((p) => p.name)).toEqual(['certificates', 'etcd', 'controlplane', 'worker']);
    const created = planSteps(plan).filter((s) => s.action === 'create').map((s) => `${s.host}/${s.target}`);
    for (const h of desired.hosts) for (const name of Object.keys(h.containers)) expect(created).toContain(`${h.address}/${name}`);
  });

  it('names exactly the kubelets whose extra_args changed, with the flag diff', () => {
    const changed = structuredClone(config);
    changed.services = { ...(changed.services ?? {}), kubelet: { ...(changed.services?.kubelet ?? {}), extra_args: { 'max-pods': '150' } } };
    const next = buildDesiredCluster(inputFor(changed));
    const plan = planCluster(planInput(next, observedFrom(desired)));
    const steps = planSteps(plan);
    expect(steps.every((s) => s.action === 'replace' && s.target === 'kubelet')).toBe(true);
    expect(steps.map((s) => s.host).sort()).toEqual(desired.hosts.map((h) => h.address).sort());
    const entry = steps[0]!.changes.find((c) => c.field === 'entrypoint')!;
    expect(entry.added).toEqual(['--max-pods=150']);
    expect(formatPlanText(plan)).toContain('+ --max-pods=150');
    expect(JSON.parse(formatPlanJson(plan)).changes).toBe(steps.length);
  });

  it('restarts the containers that load a changed certificate', () => {
    const plan = planCluster(planInput(desired, observedFrom(desired), { changedCertificates: ['kube-node'] }));
    const restarts = planSteps(plan).filter((s) => s.action === 'restart');
    expect(restarts.map((s) => s.target)).toEqual(desired.hosts.map(() => 'kubelet'));
    const deploys = planSteps(plan).filter((s) => s.action === 'deploy-certs');
    expect(deploys.length).toBe(desired.hosts.filter((h) => h.certificates.includes('kube-node')).length);
  });

  it('removes containers a host no longer wants and reports unreachable hosts', () => {
    const observed = observedFrom(desired);
    const worker = desired.hosts.find((h) => !h.roles.includes('controlplane'))!;
    const cp = desired.hosts.find((h) => h.roles.includes('controlplane'))!;
    const stray = convergedHost(cp).containers['kube-apiserver']!;
    (observed.hosts[worker.address] as ReachableHost).containers['kube-apiserver'] = stray;
    observed.hosts[cp.address] = { address: cp.address, reachable: false, error: 'dial tcp: connection refused' };
    const plan = planCluster(planInput(desired, observed));
    expect(planSteps(plan)).toEqual([
      expect.objectContaining({ host: worker.address, action: 'remove', target: 'kube-apiserver', phase: 'controlplane' }),
    ]);
    expect(plan.unreachableHosts).toEqual([{ address: cp.address, error: 'dial tcp: connection refused' }]);
  });

  it('replaces a stopped container whose spec changed instead of starting the old one (a run killed mid-replace)', () => {
    const observed = observedFrom(desired);
    const host = desired.hosts.find((h) => h.containers.kubelet)!;
    const obs = observed.hosts[host.address] as ReachableHost;
    const kubelet = obs.containers.kubelet!;
    kubelet.State = { Running: false, Restarting: false, Status: 'exited' };
    const entrypoint = [...(kubelet.Config.Entrypoint as string[])];
    kubelet.Config.Entrypoint = [...entrypoint, '--max-pods=111'];
    const steps = planSteps(planCluster(planInput(desired, observed))).filter((s) => s.host === host.address);
    expect(steps.map((s) => `${s.action} ${s.target}`)).toEqual(['replace kubelet']);
    expect(steps[0]!.reason).toBe('entrypoint changed (container is exited)');
  });

  it('starts a stopped container and redeploys a changed file', () => {
    const observed = observedFrom(desired);
    const host = desired.hosts[0]!;
    const obs = observed.hosts[host.address] as ReachableHost;
    const running = Object.values(host.containers).find((c) => c.start)!;
    obs.containers[running.name]!.State = { Running: false, Restarting: false, Status: 'exited' };
    const file = desired.hosts.flatMap((h) => h.files.map((f) => ({ h, f }))).find((x) => x.f.deployer === 'file-deployer');
    if (file) (observed.hosts[file.h.address] as ReachableHost).files[file.f.hostPath] = 'stale';
    const actions = planSteps(planCluster(planInput(desired, observed))).map((s) => `${s.action} ${s.target}`);
    expect(actions).toContain(`start ${running.name}`);
    if (file) expect(actions).toContain(`deploy-file ${file.f.hostPath}`);
  });
});
