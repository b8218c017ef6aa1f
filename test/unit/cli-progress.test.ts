import { describe, expect, it } from 'vitest';
import { LiveProgress, ProgressModel, liveProgressWanted, renderProgress } from '../../src/cli/format/progress.js';
import type { PlanStep } from '../../src/plan/types.js';

const step = (host: string | undefined, action: PlanStep['action'], target: string): PlanStep => ({
  phase: 'worker',
  ...(host ? { host } : {}),
  action,
  target,
  reason: '',
  changes: [],
});

describe('live progress view', () => {
  it('shows the phase with its step count and time, and each host with its current step', () => {
    const m = new ProgressModel();
    m.apply({ type: 'phase-start', phase: 'worker', steps: 3, hosts: { '10.0.0.2': 2, '10.0.0.10': 1 } }, 0);
    m.apply({ type: 'step-start', step: step('10.0.0.2', 'create', 'kubelet') }, 1000);
    expect(renderProgress(m, 3500)).toEqual([
      '[worker] 0/3 steps, 3.5s',
      '  › 10.0.0.2  0/2  create kubelet 2.5s',
      '  · 10.0.0.10 0/1  waiting',
    ]);
    m.apply({ type: 'step-done', step: step('10.0.0.2', 'create', 'kubelet'), ms: 2600 }, 3600);
    m.apply({ type: 'step-start', step: step('10.0.0.2', 'create', 'kube-proxy') }, 3600);
    m.apply({ type: 'step-start', step: step('10.0.0.10', 'create', 'kubelet') }, 3600);
    m.apply({ type: 'step-failed', step: step('10.0.0.10', 'create', 'kubelet'), error: new Error('image not found\nmore') }, 4000);
    m.apply({ type: 'step-done', step: step('10.0.0.2', 'create', 'kube-proxy'), ms: 500 }, 4100);
    expect(renderProgress(m, 4200)).toEqual([
      '[worker] 2/3 steps, 4.2s',
      '  ✓ 10.0.0.2  2/2  done',
      '  ✗ 10.0.0.10 0/1  failed: image not found',
    ]);
  });

  it('lists finished phases with their durations, notes health gates, and cuts long lines', () => {
    const m = new ProgressModel();
    m.apply({ type: 'phase-start', phase: 'etcd', steps: 1 }, 0);
    m.apply({ type: 'phase-done', phase: 'etcd', ms: 4200 }, 4200);
    m.apply({ type: 'phase-start', phase: 'controlplane', steps: 2, hosts: { h1: 2 } }, 5000);
    m.apply({ type: 'gate-start', phase: 'controlplane', host: 'h1', check: 'kube-apiserver /readyz' }, 6000);
    expect(renderProgress(m, 7000)).toEqual([
      '[controlplane] 0/2 steps, 2.0s — checking kube-apiserver /readyz on h1',
      '  · h1 0/2  waiting',
      '  finished: etcd 4.2s',
    ]);
    expect(renderProgress(m, 7000, 20)[0]).toBe('[controlplane] 0/2 …');
  });

  it('draws below log lines and redraws in place with cursor-up and clear', () => {
    const out: string[] = [];
    let now = 0;
    const view = new LiveProgress({ write: (s: string) => out.push(s), columns: 80 }, new ProgressModel(), () => now);
    view.onEvent({ type: 'phase-start', phase: 'state', steps: 1 });
    now = 1000;
    view.logLine('INFO[0001] hello\n');
    view.stop();
    expect(out).toEqual([
      '[state] 0/1 steps, 0.0s\n',
      '\x1b[1A\x1b[J',
      'INFO[0001] hello\n',
      '[state] 0/1 steps, 1.0s\n',
      '\x1b[1A\x1b[J',
    ]);
  });

  it('is used only on a terminal at the default log level and outside CI', () => {
    expect(liveProgressWanted({ isTTY: true }, 'info', {})).toBe(true);
    expect(liveProgressWanted({ isTTY: false }, 'info', {})).toBe(false);
    expect(liveProgressWanted({ isTTY: true }, 'debug', {})).toBe(false);
    expect(liveProgressWanted({ isTTY: true }, 'silent', {})).toBe(false);
    expect(liveProgressWanted({ isTTY: true }, 'info', { CI: 'true' })).toBe(false);
    expect(liveProgressWanted({ isTTY: true }, 'info', { TERM: 'dumb' })).toBe(false);
  });
});
