import { describe, expect, it } from 'vitest';
import { mapSettledLimit } from '../../../src/util/concurrency.js';

describe('mapSettledLimit', () => {
  it('never exceeds the limit and keeps order', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapSettledLimit([5, 1, 4, 2, 3, 0], 2, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, n));
      inFlight--;
      return n * 10;
    });
    expect(peak).toBe(2);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : null))).toEqual([50, 10, 40, 20, 30, 0]);
  });

  it('runs every item even when some fail', async () => {
    const seen: number[] = [];
    const results = await mapSettledLimit([1, 2, 3], 1, async (n) => {
      seen.push(n);
      if (n === 2) throw new Error('boom 2');
      return n;
    });
    expect(seen).toEqual([1, 2, 3]);
    expect(results[1]).toMatchObject({ status: 'rejected' });
    expect(results[2]).toEqual({ status: 'fulfilled', value: 3 });
  });

  it('rejects a non-positive limit', async () => {
    await expect(mapSettledLimit([1], 0, async (n) => n)).rejects.toThrow(/positive integer/);
  });
});
