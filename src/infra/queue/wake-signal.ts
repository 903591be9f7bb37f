interface Waiter {
  queues: readonly string[];
  done: () => void;
}

/**
 * Wakes idle worker loops the moment work is committed, so a job starts within milliseconds
 * instead of at the next poll. Signals are per queue: a webhook landing in the inbound queue
 * does not send the transmission worker to claim from an empty queue. Losing a signal costs
 * only latency: polling is the safety net.
 */
export class WakeSignal {
  private waiters = new Set<Waiter>();
  /** Queues signalled while no loop of theirs was waiting; `*` for every queue. */
  private pending = new Set<string>();

  /** Wakes the loops serving `queue`, or every loop when no queue is named. */
  notify(queue?: string): void {
    let woken = false;
    for (const waiter of this.waiters) {
      if (queue !== undefined && !waiter.queues.includes(queue)) continue;
      woken = true;
      waiter.done();
    }
    if (!woken) this.pending.add(queue ?? '*');
  }

  /** Resolves on the next notify for one of `queues` (or one that arrived since), or after `timeoutMs`. */
  wait(timeoutMs: number, queues: readonly string[]): Promise<void> {
    const signalled = this.pending.has('*') || queues.some((queue) => this.pending.has(queue));
    if (signalled) {
      this.pending.delete('*');
      for (const queue of queues) this.pending.delete(queue);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const waiter: Waiter = {
        queues,
        done: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(waiter.done, timeoutMs);
      this.waiters.add(waiter);
    });
  }
}
