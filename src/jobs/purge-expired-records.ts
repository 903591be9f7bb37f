import type { AppContext } from '../app-context.js';
import type { JobHandler } from '../infra/queue/run-worker.js';

export const PURGE_EXPIRED_RECORDS = 'limpar-registros-expirados';

/** Idempotency keys protect retries for a day, as Stripe's do; after that the key may be reused. */
const IDEMPOTENCY_RETENTION_MS = 24 * 3600 * 1000;
const INTERVAL_MS = 3600 * 1000;

/**
 * Hourly housekeeping. Each run schedules the next; the unique key is the hour slot, so however
 * many processes start or reschedule, one run per slot is pending. Running twice is harmless.
 */
export function purgeExpiredRecords(
  ctx: Pick<AppContext, 'database' | 'clock' | 'jobs'>,
): JobHandler {
  return async () => {
    const cutoff = new Date(ctx.clock.now().getTime() - IDEMPOTENCY_RETENTION_MS).toISOString();
    await ctx.database.db.deleteFrom('idempotency_keys').where('created_at', '<', cutoff).execute();
    await scheduleNextPurge(ctx, INTERVAL_MS);
  };
}

export function scheduleNextPurge(ctx: Pick<AppContext, 'clock' | 'jobs'>, delayMs = 0) {
  const runAt = new Date(ctx.clock.now().getTime() + delayMs);
  const slot = Math.floor(runAt.getTime() / INTERVAL_MS);
  return ctx.jobs.enqueueNow({
    kind: PURGE_EXPIRED_RECORDS,
    uniqueKey: `${PURGE_EXPIRED_RECORDS}:${slot}`,
    runAt,
  });
}
