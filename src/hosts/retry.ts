/**
 * Retries with exponential backoff for transient failures (a connection reset, sshd restarting,
 * dockerd briefly busy). Permanent failures (bad key, unknown user, 404) are not retried: the
 * caller's `isTransient` decides.
 */
export interface RetryPolicy {
  /** Total attempts, first one included. */
  attempts: number;
  /** Delay before the second attempt; doubled for each further attempt. */
  baseDelayMs: number;
  /** Upper bound of one delay. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 500, maxDelayMs: 5_000 };

/** Delay before attempt `n` (n ≥ 2), with ±20 % jitter from `random` so parallel hosts spread out. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const raw = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 2));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNABORTED']);

/** Network-level failures worth another try. */
export function isTransientNetworkError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; statusCode?: unknown };
  if (typeof e?.code === 'string' && TRANSIENT_CODES.has(e.code)) return true;
  if (typeof e?.statusCode === 'number' && (e.statusCode === 502 || e.statusCode === 503 || e.statusCode === 504)) return true;
  const msg = typeof e?.message === 'string' ? e.message : '';
  return /Connection lost before handshake|socket hang up|No response from server|Not connected|server closed channel unexpectedly/i.test(msg);
}

export async function withRetry<T>(
  op: (attempt: number) => Promise<T>,
  opts: { policy?: RetryPolicy; isTransient?: (err: unknown) => boolean; onRetry?: (err: unknown, attempt: number, delayMs: number) => void; signal?: AbortSignal } = {},
): Promise<T> {
  const policy = opts.policy ?? DEFAULT_RETRY;
  const isTransient = opts.isTransient ?? isTransientNetworkError;
  for (let attempt = 1; ; attempt++) {
    try {
      return await op(attempt);
    } catch (err) {
      if (attempt >= policy.attempts || !isTransient(err) || opts.signal?.aborted) throw err;
      const delay = backoffDelay(policy, attempt + 1);
      opts.onRetry?.(err, attempt, delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
