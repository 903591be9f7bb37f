import type { Clock } from '../clock.js';
import type { JobQueue } from './job-queue.js';
import type { JobHandler } from './run-worker.js';

/**
 * Schedules the next run of a periodic job. The unique key is the time slot, so however many
 * processes start or reschedule, one run per slot is pending.
 */
export function scheduleRecurring(
  ctx: { jobs: JobQueue; clock: Clock },
  kind: string,
  intervalMs: number,
  delayMs = 0,
): Promise<string | null> {
  const runAt = new Date(ctx.clock.now().getTime() + delayMs);
  const slot = Math.floor(runAt.getTime() / intervalMs);
  return ctx.jobs.enqueueNow({ kind, uniqueKey: `${kind}:${slot}`, runAt });
}

/** A handler that schedules its own next run, even when this one fails (it retries on its own). */
export function recurring(
  ctx: { jobs: JobQueue; clock: Clock },
  kind: string,
  intervalMs: number,
  work: JobHandler,
): JobHandler {
  return async (run) => {
    try {
      await work(run);
    } finally {
      await scheduleRecurring(ctx, kind, intervalMs, intervalMs);
    }
  };
}
