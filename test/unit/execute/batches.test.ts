import { describe, expect, it } from 'vitest';
import { BatchFailedError, executePlan, type StepRunner } from '../../../src/execute/executor.js';
import type { PhaseName, Plan, PlanBatch, PlanStep } from '../../../src/plan/types.js';

const step = (host: string, target: string): PlanStep => ({ phase: 'worker', host, action: 'replace', target, reason: 'test', changes: [] });
const batch = (index: number, hosts: string[]): PlanBatch => ({
  index,
  hosts,
  cordon: hosts.map((h) => `node-${h}`),
  waitReady: hosts.map((h) => `node-${h}`),
  rollback: hosts.map((h) => ({ host: h, container: 'kubelet', restore: 'previous' as const })),
});

const plan: Plan = {
  clusterName: 'local',
  kubernetesVersion: 'v1.32.13-rancher1-1',
  unreachableHosts: [],
  phases: [
    { name: 'worker', steps: ['w1', 'w2', 'w3'].map((h) => step(h, 'kubelet')), batches: [batch(0, ['w1']), batch(1, ['w2']), batch(2, ['w3'])] },
    { name: 'addons', steps: [{ phase: 'addons', action: 'apply-addon', target: 'x', reason: 'test', changes: [] }] },
  ],
};

class BatchRecorder implements StepRunner {
  log: string[] = [];
  cordoned = new Set<string>();
  maxCordoned = 0;
  constructor(private readonly failGateOn?: string) {}
  async run(s: PlanStep): Promise<void> {
    this.log.push(`run ${s.host ?? '-'} ${s.target}`);
  }
  async gate(_phase: PhaseName, host: string | undefined): Promise<void> {
    if (host && host === this.failGateOn) throw new Error(`Failed to verify healthcheck: kubelet on host [${host}]`);
  }
  async beforeBatch(_phase: PhaseName, b: PlanBatch): Promise<void> {
    for (const n of b.cordon) this.cordoned.add(n);
    this.maxCordoned = Math.max(this.maxCordoned, this.cordoned.size);
    this.log.push(`before ${b.index}`);
  }
  async afterBatch(_phase: PhaseName, b: PlanBatch): Promise<void> {
    for (const n of b.cordon) this.cordoned.delete(n);
    this.log.push(`after ${b.index}`);
  }
  async rollbackBatch(_phase: PhaseName, b: PlanBatch): Promise<void> {
    for (const n of b.cordon) this.cordoned.delete(n);
    this.log.push(`rollback ${b.index}`);
  }
}

describe('executePlan with batches', () => {
  it('runs batches one after another, never two cordoned at once', async () => {
    const r = new BatchRecorder();
    await executePlan(plan, r, { parallelism: 8 });
    expect(r.log).toEqual(['before 0', 'run w1 kubelet', 'after 0', 'before 1', 'run w2 kubelet', 'after 1', 'before 2', 'run w3 kubelet', 'after 2', 'run - x']);
    expect(r.maxCordoned).toBe(1);
  });

  it('restores a batch whose gate fails, stops, and names host and check', async () => {
    const r = new BatchRecorder('w2');
    const err = await executePlan(plan, r, { parallelism: 8 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BatchFailedError);
    expect((err as BatchFailedError).rolledBack).toBe(true);
    expect((err as Error).message).toMatch(/worker batch 2 failed.*host \[w2\].*healthcheck.*rolled back/);
    expect(r.log).toEqual(['before 0', 'run w1 kubelet', 'after 0', 'before 1', 'run w2 kubelet', 'rollback 1']);
  });

  it('--no-rollback leaves the failed batch as it is', async () => {
    const r = new BatchRecorder('w1');
    const err = (await executePlan(plan, r, { parallelism: 8, noRollback: true }).catch((e: unknown) => e)) as BatchFailedError;
    expect(err.rolledBack).toBe(false);
    expect(err.message).toMatch(/--no-rollback/);
    expect(r.log).not.toContain('rollback 0');
  });
});
