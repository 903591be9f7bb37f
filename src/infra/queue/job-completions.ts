import { isoNow, type Clock } from '../clock.js';
import type { Database } from '../db/connect-database.js';
import { prepareQuery, type QueryTarget } from '../db/prepared-query.js';
import type { ClaimedJob } from './job-queue.js';

interface Pending {
  job: ClaimedJob;
  resolve: (completed: boolean) => void;
  reject: (error: unknown) => void;
}

/**
 * Marks jobs completed. Those finishing in the same event-loop turn (a group commit answers
 * many handlers at once), or while the previous statement is on its way, are written by one
 * statement instead of one each.
 */
export class JobCompletions {
  private pending: Pending[] = [];
  private flushing = false;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  /** False when the job's lease was lost meanwhile: it is no longer this worker's to complete. */
  complete(job: ClaimedJob): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.pending.push({ job, resolve, reject });
      if (this.pending.length === 1 && !this.flushing) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending.splice(0);
    this.flushing = true;
    try {
      const done = await this.database.commitOne((target) =>
        batch.length === 1
          ? this.completeOne(target, batch[0].job)
          : this.completeMany(target, batch),
      );
      for (const { job, resolve } of batch) resolve(done.has(job.id));
    } catch (error) {
      for (const { reject } of batch) reject(error);
    } finally {
      this.flushing = false;
      if (this.pending.length > 0) setImmediate(() => void this.flush());
    }
  }

  private async completeOne(target: QueryTarget, job: ClaimedJob) {
    const now = isoNow(this.clock);
    const params = { now, id: job.id, workerId: job.workerId, attempt: job.attempt };
    const result = await completeJob(target, params);
    return new Set(result.numAffectedRows! > 0n ? [job.id] : []);
  }

  private async completeMany(target: QueryTarget, batch: Pending[]) {
    const now = isoNow(this.clock);
    const rows = await target.db
      .updateTable('jobs')
      .set({ state: 'completed', finished_at: now, updated_at: now, locked_until: null })
      .where('state', '=', 'running')
      .where((eb) =>
        eb.or(
          batch.map(({ job }) =>
            eb.and({ id: job.id, locked_by: job.workerId, attempt: job.attempt }),
          ),
        ),
      )
      .returning('id')
      .execute();
    return new Set(rows.map((row) => row.id));
  }
}

const completeJob = prepareQuery<
  { now: string; id: string; workerId: string; attempt: number },
  never
>((db, params) =>
  db
    .updateTable('jobs')
    .set({
      state: 'completed',
      finished_at: params.now,
      updated_at: params.now,
      locked_until: null,
    })
    .where('id', '=', params.id)
    .where('locked_by', '=', params.workerId)
    .where('state', '=', 'running')
    .where('attempt', '=', params.attempt),
);
