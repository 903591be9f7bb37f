// Filling and watching the job table for the worker benchmark (bench/workers.ts).
import { sql } from 'kysely';
import { newId } from '../src/domain/ids.js';
import { configSchema } from '../src/infra/config/config-schema.js';
import type { Database } from '../src/infra/db/connect-database.js';
import { listeningSessions } from './pg.js';
import { preciseNow, sleep } from './stats.js';
import { NOOP_JOB } from './worker-records.js';

const MAX_ATTEMPTS = configSchema.parse({}).queue.maxAttempts;
/** Rows per INSERT: 11 parameters each, far under PostgreSQL's 65,535. */
const INSERT_CHUNK = 1000;
const PHASE_TIMEOUT_MS = 180_000;

/**
 * Commits `count` runnable jobs in one transaction (rows of the shape `JobQueue.enqueue` inserts)
 * with one NOTIFY, sent at commit; returns when the commit returned (epoch ms).
 */
export async function enqueueBacklog(
  database: Database,
  channel: string,
  firstSeq: number,
  count: number,
): Promise<number> {
  const now = new Date().toISOString();
  const rows = Array.from({ length: count }, (_, i) => ({
    id: newId('job'),
    queue: 'default',
    kind: NOOP_JOB,
    payload: JSON.stringify({ seq: firstSeq + i }),
    state: 'available' as const,
    attempt: 0,
    max_attempts: MAX_ATTEMPTS,
    run_at: now,
    unique_key: null,
    created_at: now,
    updated_at: now,
  }));
  await database.transact(async (tx) => {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await tx.db
        .insertInto('jobs')
        .values(rows.slice(i, i + INSERT_CHUNK))
        .execute();
    }
    await sql`select pg_notify(${channel}, 'default')`.execute(tx.db);
  });
  return preciseNow();
}

export async function untilCompleted(database: Database, total: number): Promise<void> {
  const deadline = Date.now() + PHASE_TIMEOUT_MS;
  for (;;) {
    const rows = await database.db
      .selectFrom('jobs')
      .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('state')
      .execute();
    const byState = Object.fromEntries(rows.map((row) => [row.state, Number(row.n)]));
    if ((byState.completed ?? 0) >= total) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${total} jobs not completed in ${PHASE_TIMEOUT_MS / 1000} s: ${JSON.stringify(byState)}`,
      );
    }
    await sleep(50);
  }
}

export async function untilListening(channel: string, sessions: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await listeningSessions(channel)) < sessions) {
    if (Date.now() > deadline)
      throw new Error(`fewer than ${sessions} sessions LISTEN on ${channel}`);
    await sleep(20);
  }
}
