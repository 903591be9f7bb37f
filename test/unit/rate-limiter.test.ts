import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/infra/rate-limiter.js';

describe('rate limiter', () => {
  it('lets the first call of a key go at once and spaces the next ones, per key', async () => {
    const limiter = new RateLimiter(() => 0);
    const started: Record<string, number[]> = { a: [], b: [] };
    const t0 = performance.now();
    await Promise.all([
      ...[1, 2, 3].map(async () => {
        await limiter.acquire('a', 20); // 50 ms apart
        started.a.push(performance.now() - t0);
      }),
      limiter.acquire('b', 20).then(() => started.b.push(performance.now() - t0)),
    ]);
    started.a.sort((x, y) => x - y);
    expect(started.a[0]).toBeLessThan(25);
    expect(started.b[0]).toBeLessThan(25);
    // Slots 50 ms apart from the first call (timers round to whole milliseconds, hence the 2 ms
    // of slack). Measured from the start, not between two late-noticed starts: a busy event loop
    // can notice one start late and the next on time, which says nothing about the spacing.
    expect(started.a[1]).toBeGreaterThanOrEqual(48);
    expect(started.a[2]).toBeGreaterThanOrEqual(98);
  });

  it('adds jitter of up to a fifth of an interval to a wait', async () => {
    const limiter = new RateLimiter(() => 1);
    await limiter.acquire('k', 10);
    const t0 = performance.now();
    await limiter.acquire('k', 10); // slot 100 ms after the first, plus 20 ms of jitter
    expect(performance.now() - t0).toBeGreaterThanOrEqual(113);
  });
});
