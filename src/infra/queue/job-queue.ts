import { sql, type Insertable, type Selectable } from 'kysely';
import { maskDocumentsInText } from '../../domain/documents.js';
import { newId } from '../../domain/ids.js';
import { isoAfter, isoNow, type Clock } from '../clock.js';
import { oneOff, type Database, type Tx } from '../db/connect-database.js';
import { prepareShapedQuery, type QueryTarget } from '../db/prepared-query.js';
import {
  describeInsert,
  insertBatches,
  insertRows,
  placeholderRows,
  type InsertShape,
  type RowInsert,
} from '../db/row-inserts.js';
import type { JobState, JobTable } from '../db/schema.js';
import { computeBackoffMs, type BackoffPolicy } from './compute-backoff.js';
import { JobCompletions } from './job-completions.js';
import type { WakeSignal } from './wake-signal.js';

export interface JobSpec {
  kind: string;
  payload?: unknown;
  queue?: string;
  /** Not before this time (scheduled job). */
  runAt?: Date;
  /** While a job with this key is pending or running, enqueueing another one is a no-op. */
  uniqueKey?: string;
  maxAttempts?: number;
  /**
   * What the enqueuer already holds and the handler would otherwise read back (never stored):
   * handed over only when a worker of this process adopts the job at once, so a handler must
   * read it from the database when it is absent.
   */
  inHand?: unknown;
}

export interface QueueSettings {
  leaseMs: number;
  maxAttempts: number;
  backoff: BackoffPolicy;
}

export type JobRow = Selectable<JobTable>;

export interface ClaimedJob {
  id: string;
  kind: string;
  queue: string;
  payload: unknown;
  attempt: number;
  maxAttempts: number;
  workerId: string;
  /** The enqueuer's `inHand`, for a job adopted in this process; absent once claimed. */
  inHand?: unknown;
}

/**
 * A worker of this process that can take a new job the moment the transaction creating it
 * commits, so the job never waits for a claim (see `enqueue`).
 */
export interface LocalTaker {
  id: string;
  queues: readonly string[];
  hasRoom(): boolean;
  /** Called after the commit with the job, already leased to this worker. */
  adopt(job: ClaimedJob): void;
}

// Literals, not parameters: a planner can only use a partial index (jobs_runnable_idx) whose
// predicate it can prove from the query text. With parameters SQLite sorted every pending job on
// each claim, and PostgreSQL's generic plan for a prepared statement cannot use it either.
const RUNNABLE_STATES_SQL = sql<boolean>`state in ('available', 'retryable')`;
const ACTIVE_STATES_SQL = sql<boolean>`state in ('available', 'retryable', 'running')`;

/**
 * The job table's operations. Enqueue happens inside the caller's transaction so a job exists
 * if and only if the state change that needs it committed.
 */
export class JobQueue {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly settings: QueueSettings,
    private readonly wake: WakeSignal,
    private readonly random: () => number = Math.random,
  ) {
    this.completions = new JobCompletions(database, clock);
  }

  private readonly completions: JobCompletions;
  private takers: LocalTaker[] = [];

  /** Offers new runnable jobs of the taker's queues to it while it has room; returns a detach. */
  attachLocal(taker: LocalTaker): () => void {
    this.takers.push(taker);
    return () => {
      this.takers = this.takers.filter((other) => other !== taker);
    };
  }

  /**
   * Returns the job id, or null when a unique job with the same key is already pending. A job to
   * run now, while a worker of this process has room, is inserted already leased to that worker
   * and handed to it after the commit: no claim, no wake-up. Should this process die first, the
   * lease expires and any worker rescues the job, as for a claimed one.
   */
  async enqueue(tx: Tx, spec: JobSpec): Promise<string | null> {
    const taker = this.localTaker(spec);
    const row = this.newJobRow(spec, taker);
    const wake = !taker && this.wakesWorkers(spec);
    // The notification rides on the insert: sent at commit, and only if a row went in.
    const inserted = await this.insertJob(tx, row, spec, wake && !!this.database.pg, []);
    if (!inserted) return null;
    if (taker) tx.afterCommit(() => taker.adopt(claimedJob(row, taker.id, spec.inHand)));
    else if (wake) tx.afterCommit(() => this.wake.notify(row.queue));
    return row.id;
  }

  /**
   * Enqueues many jobs in `tx` with multi-row inserts (a lote's transmissions). None is handed to
   * a local worker: the workers are woken at commit and claim them in batches. A spec whose
   * `uniqueKey` is held by an active job is skipped, as in enqueue.
   */
  async enqueueMany(tx: Tx, specs: JobSpec[]): Promise<void> {
    for (const batch of insertBatches(specs.map((spec) => this.newJobRow(spec)))) {
      await tx.db
        .insertInto('jobs')
        .values(batch)
        .onConflict((oc) => oc.column('unique_key').where(ACTIVE_STATES_SQL).doNothing())
        .modifyEnd(oneOff)
        .execute();
    }
    const channel = this.database.pg && `${this.database.pg.channelPrefix}_jobs`;
    const queues = specs.filter((spec) => this.wakesWorkers(spec)).map((s) => s.queue ?? 'default');
    for (const queue of new Set(queues)) {
      // Other processes' workers hear it at commit, like enqueue's notification.
      if (channel) await sql`select pg_notify(${channel}, ${queue})`.execute(tx.db);
      tx.afterCommit(() => this.wake.notify(queue));
    }
  }

  /**
   * Inserts the rows and enqueues `spec` as one commit: on PostgreSQL a single statement
   * (data-modifying CTEs are atomic without BEGIN/COMMIT, so one round trip instead of one per
   * table plus two), on SQLite a transaction. Unique violations reach the caller as they are.
   */
  async insertWithJob(inserts: RowInsert[], spec: JobSpec): Promise<void> {
    if (!this.database.pg) {
      await this.database.transact(async (tx) => {
        for (const insert of inserts) await insertRows(tx, insert);
        await this.enqueue(tx, spec);
      });
      return;
    }
    const taker = this.localTaker(spec);
    const row = this.newJobRow(spec, taker);
    const wake = !taker && this.wakesWorkers(spec);
    await this.insertJob(this.database, row, spec, wake, inserts);
    if (taker) taker.adopt(claimedJob(row, taker.id, spec.inHand));
    else if (wake) this.wake.notify(row.queue);
  }

  /**
   * The job's INSERT (nothing when `spec.uniqueKey` is held), on PostgreSQL with `inserts` as
   * CTEs of the same statement and with `notify` waking other processes' workers at commit.
   * Returns the job's id when it went in.
   */
  private async insertJob(
    target: QueryTarget,
    row: NewJobRow,
    spec: JobSpec,
    notify: boolean,
    inserts: RowInsert[],
  ): Promise<{ id: string } | undefined> {
    // The notification's channel and queue first, then the rows: the order `build` reads them.
    const values: unknown[] = [
      this.database.pg ? this.database.pg.channelPrefix + '_jobs' : '',
      row.queue,
    ];
    const job = describeInsert({ table: 'jobs', rows: [row] }, values);
    const described = inserts.map((insert) => describeInsert(insert, values));
    const shape: JobInsertShape = {
      job: job.shape,
      unique: spec.uniqueKey !== undefined,
      notify,
      inserts: described.map((d) => d.shape),
    };
    const key = [shape.unique, notify, job.key, ...described.map((d) => d.key)].join('|');
    return (await jobInsertStatement(target, key, shape, values)).rows[0];
  }

  private localTaker(spec: JobSpec): LocalTaker | undefined {
    if (this.takers.length === 0 || !this.wakesWorkers(spec)) return undefined;
    const queue = spec.queue ?? 'default';
    return this.takers.find((taker) => taker.queues.includes(queue) && taker.hasRoom());
  }

  /** A job scheduled for later is found by the poll; waking every worker now would find nothing. */
  private wakesWorkers(spec: JobSpec): boolean {
    return !spec.runAt || spec.runAt.getTime() <= this.clock.now().getTime();
  }

  /** The row `enqueue` inserts: runnable, or already claimed by `taker`. */
  private newJobRow(spec: JobSpec, taker?: LocalTaker): NewJobRow {
    const now = isoNow(this.clock);
    const row: NewJobRow = {
      id: newId('job', this.clock.now().getTime()),
      queue: spec.queue ?? 'default',
      kind: spec.kind,
      payload: JSON.stringify(spec.payload ?? {}),
      state: 'available',
      attempt: 0,
      max_attempts: spec.maxAttempts ?? this.settings.maxAttempts,
      run_at: spec.runAt ? spec.runAt.toISOString() : now,
      unique_key: spec.uniqueKey ?? null,
      created_at: now,
      updated_at: now,
    };
    if (!taker) return row;
    return {
      ...row,
      state: 'running',
      attempt: 1,
      locked_by: taker.id,
      locked_until: isoAfter(this.clock, this.settings.leaseMs),
    };
  }

  /** Enqueue in a transaction of its own. */
  enqueueNow(spec: JobSpec): Promise<string | null> {
    return this.database.transact((tx) => this.enqueue(tx, spec));
  }

  /** Claims up to `limit` runnable jobs for `workerId`, oldest `run_at` first. */
  async claim(workerId: string, queues: string[], limit: number): Promise<ClaimedJob[]> {
    const now = isoNow(this.clock);
    const rows = await this.database.commitOne(({ db, dialect }) => {
      const runnable = db
        .selectFrom('jobs')
        .select('id')
        .where('queue', 'in', queues)
        .where(RUNNABLE_STATES_SQL)
        .where('run_at', '<=', now)
        .orderBy('run_at')
        .limit(limit)
        .$if(dialect === 'postgres', (qb) => qb.forUpdate().skipLocked());
      return db
        .updateTable('jobs')
        .set((eb) => ({
          state: 'running',
          attempt: eb('attempt', '+', 1),
          locked_by: workerId,
          locked_until: isoAfter(this.clock, this.settings.leaseMs),
          updated_at: now,
        }))
        .where('id', 'in', runnable)
        .returningAll()
        .execute();
    });
    return rows.map((row) => claimedJob(row, workerId));
  }

  /** Extends the lease of jobs still running on this worker. */
  async heartbeat(workerId: string, jobIds: string[]): Promise<void> {
    if (jobIds.length === 0) return;
    await this.database.db
      .updateTable('jobs')
      .set({ locked_until: isoAfter(this.clock, this.settings.leaseMs) })
      .where('id', 'in', jobIds)
      .where('locked_by', '=', workerId)
      .where('state', '=', 'running')
      .execute();
  }

  /** Hands back jobs a worker holds but never started (it is stopping), their attempt unspent. */
  async release(workerId: string, jobIds: string[]): Promise<void> {
    if (jobIds.length === 0) return;
    await this.database.db
      .updateTable('jobs')
      .set((eb) => ({
        state: 'available',
        attempt: eb('attempt', '-', 1),
        locked_by: null,
        locked_until: null,
        updated_at: isoNow(this.clock),
      }))
      .where('id', 'in', jobIds)
      .where('locked_by', '=', workerId)
      .where('state', '=', 'running')
      .execute();
    this.wake.notify();
  }

  /**
   * False when the lease was lost meanwhile (another worker may have taken the job over).
   * Completions asked for in the same event-loop turn share one statement.
   */
  complete(job: ClaimedJob): Promise<boolean> {
    return this.completions.complete(job);
  }

  /** Schedules a retry with backoff, or buries the job when attempts are exhausted or `final`. */
  async fail(job: ClaimedJob, error: unknown, final = false): Promise<JobState> {
    const now = isoNow(this.clock);
    const dead = final || job.attempt >= job.maxAttempts;
    const delay = computeBackoffMs(job.attempt, this.settings.backoff, this.random);
    const state: JobState = dead ? 'dead' : 'retryable';
    await this.database.db
      .updateTable('jobs')
      .set({
        state,
        run_at: dead ? now : isoAfter(this.clock, delay),
        last_error: describeError(error),
        locked_by: null,
        locked_until: null,
        updated_at: now,
        finished_at: dead ? now : null,
      })
      .where('id', '=', job.id)
      .where('locked_by', '=', job.workerId)
      .where('state', '=', 'running')
      .where('attempt', '=', job.attempt)
      .execute();
    return state;
  }

  /**
   * Returns jobs whose lease expired (their worker died or hung) to the runnable set, or buries
   * them if that was their last attempt. Returns how many were rescued.
   */
  async rescueExpired(): Promise<number> {
    const now = isoNow(this.clock);
    const retried = await this.database.db
      .updateTable('jobs')
      .set({
        state: 'retryable',
        locked_by: null,
        locked_until: null,
        updated_at: now,
        last_error: 'lease expired',
      })
      .where('state', '=', 'running')
      .where('locked_until', '<', now)
      .whereRef('attempt', '<', 'max_attempts')
      .executeTakeFirst();
    const buried = await this.database.db
      .updateTable('jobs')
      .set({
        state: 'dead',
        locked_by: null,
        locked_until: null,
        updated_at: now,
        finished_at: now,
        last_error: 'lease expired on last attempt',
      })
      .where('state', '=', 'running')
      .where('locked_until', '<', now)
      .whereRef('attempt', '>=', 'max_attempts')
      .executeTakeFirst();
    return Number(retried.numUpdatedRows + buried.numUpdatedRows);
  }

  /** Deletes completed jobs finished before `olderThan`; dead jobs are kept for inspection. */
  async pruneCompleted(olderThan: Date): Promise<number> {
    const result = await this.database.db
      .deleteFrom('jobs')
      .where('state', '=', 'completed')
      .where('finished_at', '<', olderThan.toISOString())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Puts a dead or cancelled job back in the queue with a fresh attempt budget. */
  async retry(jobId: string): Promise<boolean> {
    const now = isoNow(this.clock);
    const result = await this.database.db
      .updateTable('jobs')
      .set({ state: 'available', attempt: 0, run_at: now, updated_at: now, finished_at: null })
      .where('id', '=', jobId)
      .where('state', 'in', ['dead', 'cancelled'])
      .executeTakeFirst();
    if (result.numUpdatedRows > 0n) this.wake.notify();
    return result.numUpdatedRows > 0n;
  }

  async countByState(): Promise<Record<JobState, number>> {
    const rows = await this.database.db
      .selectFrom('jobs')
      .select(['state', (eb) => eb.fn.countAll<number>().as('total')])
      .groupBy('state')
      .execute();
    const counts: Record<JobState, number> = {
      available: 0,
      running: 0,
      retryable: 0,
      completed: 0,
      dead: 0,
      cancelled: 0,
    };
    for (const row of rows) counts[row.state] = Number(row.total);
    return counts;
  }

  async list(filter: { state?: JobState; kind?: string; after?: string; limit: number }) {
    return this.database.db
      .selectFrom('jobs')
      .selectAll()
      .$if(filter.state !== undefined, (qb) => qb.where('state', '=', filter.state!))
      .$if(filter.kind !== undefined, (qb) => qb.where('kind', '=', filter.kind!))
      .$if(filter.after !== undefined, (qb) => qb.where('id', '<', filter.after!))
      .orderBy('id', 'desc')
      .limit(filter.limit)
      .execute();
  }

  get(jobId: string): Promise<JobRow | undefined> {
    return this.database.db
      .selectFrom('jobs')
      .selectAll()
      .where('id', '=', jobId)
      .executeTakeFirst();
  }
}

type NewJobRow = Insertable<JobTable> & {
  id: string;
  queue: string;
  kind: string;
  payload: string;
  attempt: number;
  max_attempts: number;
};

/** A job row as the worker holding its lease receives it. */
function claimedJob(
  row: Pick<NewJobRow, 'id' | 'kind' | 'queue' | 'payload' | 'attempt' | 'max_attempts'>,
  workerId: string,
  inHand?: unknown,
): ClaimedJob {
  return {
    id: row.id,
    kind: row.kind,
    queue: row.queue,
    payload: JSON.parse(row.payload) as unknown,
    attempt: row.attempt,
    maxAttempts: row.max_attempts,
    workerId,
    ...(inHand !== undefined && { inHand }),
  };
}

/** Job errors are shown by the API: documents in provider messages are masked like in logs. */
function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return maskDocumentsInText(text.slice(0, 2000));
}

interface JobInsertShape {
  job: InsertShape;
  unique: boolean;
  notify: boolean;
  inserts: InsertShape[];
}

/** See `JobQueue.insertJob`: params 0 and 1 are the notification's channel and queue. */
const jobInsertStatement = prepareShapedQuery<JobInsertShape, { id: string }>(
  (db, shape, params) => {
    const cursor = { next: 2 };
    const job = db
      .insertInto('jobs')
      .values(placeholderRows(shape.job, params, cursor)[0] as NewJobRow)
      .$call((qb) =>
        shape.unique
          ? qb.onConflict((oc) =>
              // Literals, as above: SQLite matches the partial index by its expression.
              oc.column('unique_key').where(ACTIVE_STATES_SQL).doNothing(),
            )
          : qb,
      )
      .returning('id');
    if (!shape.notify && shape.inserts.length === 0) return job;
    let query = db.with('job', () => job);
    shape.inserts.forEach((insert, i) => {
      const rows = placeholderRows(insert, params, cursor);
      query = query.with(`escrita_${i}`, () => db.insertInto(insert.table).values(rows as never));
    });
    return query
      .selectFrom('job')
      .select(
        shape.notify
          ? ['id', sql<string>`pg_notify(${params[0]}, ${params[1]})`.as('notificado')]
          : ['id'],
      );
  },
);
