import { describe, expect, it } from 'vitest';
import { executePlan, orderHostSteps, PhaseFailedError, type StepRunner } from '../../../src/execute/executor.js';
import type { ExecEvent } from '../../../src/execute/events.js';
import type { Plan, PlanStep } from '../../../src/plan/types.js';

const step = (phase: PlanStep['phase'], host: string | undefined, action: PlanStep['action'], target: string): PlanStep => ({
  phase, host, action, target, reason: 'test', changes: [],
});

const plan: Plan = {
  clusterName: 'local',
  kubernetesVersion: 'v1.32.13-rancher1-2',
  unreachableHosts: [],
  phases: [
    { name: 'certificates', steps: [step('certificates', 'a', 'deploy-certs', 'cert-deployer'), step('certificates', 'b', 'deploy-certs', 'cert-deployer')] },
    { name: 'controlplane', steps: [step('controlplane', 'a', 'create', 'kube-apiserver'), step('controlplane', 'a', 'create', 'service-sidekick')] },
    { name: 'addons', steps: [step('addons', undefined, 'apply-addon', 'rke-network-plugin')] },
  ],
};

class Recorder implements StepRunner {
  log: string[] = [];
  constructor(private readonly failOn?: (s: PlanStep) => boolean) {}
  async run(s: PlanStep): Promise<void> {
    await new Promise((r) => setTimeout(r, 1));
    if (this.failOn?.(s)) throw new Error(`cannot ${s.action} ${s.target}`);
    this.log.push(`${s.phase}:${s.host ?? '-'}:${s.target}`);
  }
  async gate(phase: PlanStep['phase'], host: string | undefined): Promise<void> {
    this.log.push(`gate ${phase}:${host ?? '-'}`);
  }
  async afterPhase(phase: PlanStep['phase']): Promise<void> {
    this.log.push(`after ${phase}`);
  }
}

describe('executePlan', () => {
  it('runs phases in order, gates each host, and puts the sidekick before what mounts it', async () => {
    const runner = new Recorder();
    const events: ExecEvent[] = [];
    await executePlan(plan, runner, { parallelism: 1, listener: (e) => events.push(e) });
    expect(runner.log).toEqual([
      'certificates:a:cert-deployer', 'gate certificates:a',
      'certificates:b:cert-deployer', 'gate certificates:b',
      'after certificates',
      'controlplane:a:service-sidekick', 'controlplane:a:kube-apiserver', 'gate controlplane:a',
      'after controlplane',
      'addons:-:rke-network-plugin', 'gate addons:-',
      'after addons',
    ]);
    expect(events.filter((e) => e.type === 'phase-done').map((e) => e.type === 'phase-done' && e.phase)).toEqual(['certificates', 'controlplane', 'addons']);
  });

  it('finishes every host of a failing phase, reports all failures, and stops before the next phase', async () => {
    const runner = new Recorder((s) => s.phase === 'certificates');
    const err = await executePlan(plan, runner, { parallelism: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PhaseFailedError);
    expect((err as PhaseFailedError).failures.map((f) => f.host)).toEqual(['a', 'b']);
    expect((err as Error).message).toBe('[certificates] host [a]: cannot deploy-certs cert-deployer; host [b]: cannot deploy-certs cert-deployer');
    expect(runner.log).toEqual([]);
  });

  it('orders a host: certificates, files, removals, then containers in dependency order', () => {
    const ordered = orderHostSteps([
      step('etcd', 'a', 'create', 'etcd-rolling-snapshots'),
      step('etcd', 'a', 'replace', 'etcd'),
      step('etcd', 'a', 'remove', 'nginx-proxy'),
      step('etcd', 'a', 'deploy-file', '/etc/kubernetes/admission.yaml'),
    ]);
    expect(ordered.map((s) => s.target)).toEqual(['/etc/kubernetes/admission.yaml', 'nginx-proxy', 'etcd', 'etcd-rolling-snapshots']);
  });
});
