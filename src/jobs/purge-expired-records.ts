import type { AppContext } from '../app-context.js';
import { recurring, scheduleRecurring } from '../infra/queue/recurring-job.js';
import type { JobHandler } from '../infra/queue/run-worker.js';

export const PURGE_EXPIRED_RECORDS = 'limpar-registros-expirados';

/** Idempotency keys protect retries for a day, as Stripe's do; after that the key may be reused. */
const IDEMPOTENCY_RETENTION_MS = 24 * 3600 * 1000;
const INTERVAL_MS = 3600 * 1000;

/** Hourly housekeeping. Running twice is harmless. */
export function purgeExpiredRecords(
  ctx: Pick<AppContext, 'database' | 'clock' | 'jobs'>,
): JobHandler {
  return recurring(ctx, PURGE_EXPIRED_RECORDS, INTERVAL_MS, async () => {
    const cutoff = new Date(ctx.clock.now().getTime() - IDEMPOTENCY_RETENTION_MS).toISOString();
    await ctx.database.db.deleteFrom('idempotency_keys').where('created_at', '<', cutoff).execute();
  });
}

export function scheduleNextPurge(ctx: Pick<AppContext, 'clock' | 'jobs'>, delayMs = 0) {
  return scheduleRecurring(ctx, PURGE_EXPIRED_RECORDS, INTERVAL_MS, delayMs);
}
