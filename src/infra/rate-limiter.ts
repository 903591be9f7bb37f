/**
 * Spaces calls: at most `perSecond` per key in this process. Callers over the rate wait for
 * their slot, plus up to a fifth of an interval of jitter, so workers released together do not
 * reach a provider in lockstep. Limits are per process: N processes allow N times the rate.
 */
export class RateLimiter {
  /** Per key, the earliest `performance.now()` the next call may start, ms. */
  private readonly next = new Map<string, number>();

  constructor(private readonly random: () => number = Math.random) {}

  /** Resolves when the caller may go; the waits of one key add up in call order. */
  async acquire(key: string, perSecond: number): Promise<void> {
    const interval = 1000 / perSecond;
    const now = performance.now();
    const slot = Math.max(now, this.next.get(key) ?? now);
    this.next.set(key, slot + interval);
    if (slot <= now) return;
    const wait = slot - now + this.random() * interval * 0.2;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
