/**
 * The live per-host view `rke up` shows on a terminal: the running phase with its step count and
 * time, then one line per host (what it does now, how many of its steps are done, a failure in
 * red), redrawn in place below the RKE1-style log lines. Pure part: `ProgressModel` (events in)
 * and `renderProgress` (lines out); `LiveProgress` does the terminal drawing.
 */
import type { ExecEvent } from '../../execute/events.js';
import type { PhaseName } from '../../plan/types.js';

type HostStatus = 'waiting' | 'running' | 'done' | 'failed';

export interface HostProgress {
  host: string;
  status: HostStatus;
  /** `action target` of the step running now (or the last one). */
  current?: string;
  startedAt?: number;
  done: number;
  total: number;
  error?: string;
}

export interface PhaseProgress {
  name: PhaseName;
  startedAt: number;
  steps: number;
  done: number;
  /** Cluster-wide work (addons, state) or a health gate, shown on the phase line. */
  note?: string;
}

const CLUSTER = '(cluster)';

export class ProgressModel {
  phase: PhaseProgress | undefined;
  readonly finished: { name: PhaseName; ms: number }[] = [];
  readonly hosts = new Map<string, HostProgress>();

  apply(e: ExecEvent, now: number): void {
    switch (e.type) {
      case 'phase-start':
        this.phase = { name: e.phase, startedAt: now, steps: e.steps, done: 0 };
        this.hosts.clear();
        for (const [host, total] of Object.entries(e.hosts ?? {})) this.hosts.set(host, { host, status: 'waiting', done: 0, total });
        break;
      case 'phase-done':
        this.finished.push({ name: e.phase, ms: e.ms });
        this.phase = undefined;
        this.hosts.clear();
        break;
      case 'step-start': {
        const h = this.host(e.step.host ?? CLUSTER);
        h.status = 'running';
        h.current = `${e.step.action} ${e.step.target}`;
        h.startedAt = now;
        break;
      }
      case 'step-done': {
        const h = this.host(e.step.host ?? CLUSTER);
        h.done += 1;
        if (this.phase) this.phase.done += 1;
        h.status = h.done >= h.total && h.total > 0 ? 'done' : 'running';
        break;
      }
      case 'step-failed': {
        const h = this.host(e.step.host ?? CLUSTER);
        h.status = 'failed';
        h.error = e.error.message.split('\n')[0];
        break;
      }
      case 'gate-start':
        if (this.phase) this.phase.note = `checking ${e.check}${e.host ? ` on ${e.host}` : ''}`;
        break;
      case 'gate-done':
        if (this.phase) this.phase.note = e.ok ? undefined : `${e.check} failed${e.host ? ` on ${e.host}` : ''}`;
        break;
      case 'batch-start':
        if (this.phase) this.phase.note = `batch ${e.batch}: ${e.hosts.join(', ')}`;
        break;
      case 'rollback-start':
        if (this.phase) this.phase.note = `rolling back batch ${e.batch}: ${e.hosts.join(', ')}`;
        break;
      case 'batch-done':
        break;
    }
  }

  private host(name: string): HostProgress {
    let h = this.hosts.get(name);
    if (!h) {
      h = { host: name, status: 'waiting', done: 0, total: 0 };
      this.hosts.set(name, h);
    }
    return h;
  }
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
const MARK: Record<HostStatus, string> = { waiting: '·', running: '›', done: '✓', failed: '✗' };

/** The view as plain lines (no colour, no cursor codes), each cut to `width` columns. */
export function renderProgress(model: ProgressModel, now: number, width = 100): string[] {
  const lines: string[] = [];
  const done = model.finished.map((p) => `${p.name} ${secs(p.ms)}`).join(', ');
  if (model.phase) {
    const p = model.phase;
    lines.push(`[${p.name}] ${p.done}/${p.steps} steps, ${secs(now - p.startedAt)}${p.note ? ` — ${p.note}` : ''}`);
    const pad = Math.max(...[...model.hosts.keys()].map((h) => h.length), 0);
    for (const h of [...model.hosts.values()].sort((a, b) => a.host.localeCompare(b.host, 'en', { numeric: true }))) {
      const count = h.total > 0 ? ` ${h.done}/${h.total}` : '';
      const what = h.status === 'failed' ? `failed: ${h.error ?? ''}` : h.status === 'waiting' ? 'waiting' : h.status === 'done' ? `done` : `${h.current ?? ''} ${secs(now - (h.startedAt ?? now))}`;
      lines.push(`  ${MARK[h.status]} ${h.host.padEnd(pad)}${count}  ${what}`);
    }
  }
  if (done) lines.push(`  finished: ${done}`);
  return lines.map((l) => (l.length > width ? `${l.slice(0, Math.max(width - 1, 0))}…` : l));
}

export interface TerminalLike {
  write(s: string): unknown;
  columns?: number;
}

/** Draws the model below the log lines and redraws it in place (ANSI cursor-up + clear-to-end). */
export class LiveProgress {
  private drawn = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly out: TerminalLike,
    readonly model: ProgressModel,
    private readonly clock: () => number = Date.now,
  ) {}

  start(intervalMs = 250): void {
    this.timer = setInterval(() => this.redraw(), intervalMs);
    this.timer.unref();
  }

  onEvent(e: ExecEvent): void {
    this.model.apply(e, this.clock());
    this.redraw();
  }

  /** A log line goes above the view: erase the view, print the line, draw the view again. */
  logLine(line: string): void {
    this.erase();
    this.out.write(line);
    this.draw();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.erase();
  }

  private redraw(): void {
    this.erase();
    this.draw();
  }

  private erase(): void {
    if (this.drawn > 0) this.out.write(`\x1b[${this.drawn}A\x1b[J`);
    this.drawn = 0;
  }

  private draw(): void {
    const lines = renderProgress(this.model, this.clock(), (this.out.columns ?? 100) - 1);
    if (lines.length === 0) return;
    this.out.write(`${lines.join('\n')}\n`);
    this.drawn = lines.length;
  }
}

/** Whether the live view suits this run: stderr is a terminal, plain info logging, not CI. */
export function liveProgressWanted(stream: { isTTY?: boolean }, level: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && level === 'info' && !env.CI && env.TERM !== 'dumb' && !env.RKE_NO_PROGRESS;
}

/**
 * Runs `fn` with a live view on stderr when `liveProgressWanted`, else plainly (`listener`
 * undefined). Log lines print above the view meanwhile; the view is erased at the end.
 */
export async function withLiveProgress<T>(
  logger: { level: string; setSink(s: { write(line: string): void }): { write(line: string): void } },
  fn: (listener: ((e: ExecEvent) => void) | undefined) => Promise<T>,
): Promise<T> {
  if (!liveProgressWanted(process.stderr, logger.level)) return fn(undefined);
  const view = new LiveProgress(process.stderr, new ProgressModel());
  const previous = logger.setSink({ write: (line) => view.logLine(line) });
  view.start();
  try {
    return await fn((e) => view.onEvent(e));
  } finally {
    view.stop();
    logger.setSink(previous);
  }
}
