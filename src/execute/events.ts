import type { PhaseName, PlanStep } from '../plan/types.js';

/** Progress events: the CLI renders them (log lines, a live view, JSON); the executor only emits. */
export type ExecEvent =
  /** `hosts`: how many of the phase's steps each host runs (cluster-wide steps not counted). */
  | { type: 'phase-start'; phase: PhaseName; steps: number; hosts?: Record<string, number> }
  | { type: 'phase-done'; phase: PhaseName; ms: number }
  | { type: 'step-start'; step: PlanStep }
  | { type: 'step-done'; step: PlanStep; ms: number }
  | { type: 'step-failed'; step: PlanStep; error: Error }
  | { type: 'gate-start'; phase: PhaseName; host?: string; check: string }
  | { type: 'gate-done'; phase: PhaseName; host?: string; check: string; ok: boolean; detail?: string }
  | { type: 'batch-start'; phase: PhaseName; batch: number; hosts: string[] }
  | { type: 'batch-done'; phase: PhaseName; batch: number; ok: boolean; rolledBack?: boolean }
  | { type: 'rollback-start'; phase: PhaseName; batch: number; hosts: string[] };

export type ExecListener = (event: ExecEvent) => void;
