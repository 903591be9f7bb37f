import { isoNow, type Clock } from '../clock.js';
import type { Database } from '../db/connect-database.js';
import { prepareShapedQuery } from '../db/prepared-query.js';
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
      const values: unknown[] = [isoNow(this.clock)];
      for (const { job } of batch) values.push(job.id, job.workerId, job.attempt);
      const { rows } = await this.database.commitOne((target) =>
        completeJobs(target, String(batch.length), batch.length, values),
      );
      const done = new Set(rows.map((row) => row.id));
      for (const { job, resolve } of batch) resolve(done.has(job.id));
    } catch (error) {
      for (const { reject } of batch) reject(error);
    } finally {
      this.flushing = false;
      if (this.pending.length > 0) setImmediate(() => void this.flush());
    }
  }
}

/**
 * Completes `count` jobs, each still held by its worker for the same attempt: params are the
 * time, then id, worker and attempt of each job. Compiled once per batch size.
 */
const completeJobs = prepareShapedQuery<number, { id: string }>((db, count, params) =>
  db
    .updateTable('jobs')
    .set({
      state: 'completed',
      finished_at: params[0] as string,
      updated_at: params[0] as string,
      locked_until: null,
    })
    .where('state', '=', 'running')
    .where((eb) =>
      eb.or(
        Array.from({ length: count }, (_, i) =>
          eb.and({
            id: params[1 + 3 * i] as string,
            locked_by: params[2 + 3 * i] as string,
            attempt: params[3 + 3 * i] as number,
          }),
        ),
      ),
    )
    .returning('id'),
);
