/**
 * Wakes idle worker loops the moment work is committed, so a job starts within milliseconds
 * instead of at the next poll. Losing a signal costs only latency: polling is the safety net.
 */
export class WakeSignal {
  private waiters: Array<() => void> = [];
  private pending = false;

  notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    if (waiters.length === 0) this.pending = true;
    for (const resolve of waiters) resolve();
  }

  /** Resolves on the next notify (or one that arrived since the last wait), or after `timeoutMs`. */
  wait(timeoutMs: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.push(done);
    });
  }
}
