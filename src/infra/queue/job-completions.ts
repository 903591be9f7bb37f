import { isoNow, type Clock } from '../clock.js';
import type { Database } from '../db/connect-database.js';
import { GatheredCalls } from '../gather-calls.js';
import { prepareShapedQuery } from '../db/prepared-query.js';
import type { ClaimedJob } from './job-queue.js';

/**
 * Marks jobs completed. Those finishing in the same event-loop turn (a group commit answers
 * many handlers at once), or while the previous statement is on its way, are written by one
 * statement instead of one each.
 */
export class JobCompletions {
  private readonly calls = new GatheredCalls<ClaimedJob, boolean>(async (jobs) => {
    const values: unknown[] = [isoNow(this.clock)];
    for (const job of jobs) values.push(job.id, job.workerId, job.attempt);
    const { rows } = await this.database.commitOne((target) =>
      completeJobs(target, String(jobs.length), jobs.length, values),
    );
    const done = new Set(rows.map((row) => row.id));
    return jobs.map((job) => done.has(job.id));
  });

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  /** False when the job's lease was lost meanwhile: it is no longer this worker's to complete. */
  complete(job: ClaimedJob): Promise<boolean> {
    return this.calls.call(job);
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
