// Child process: one job worker as `credgate worker` runs it on PostgreSQL (the `default` queue,
// `queue.*` settings, `queue.concurrency` slots, woken by LISTEN/NOTIFY, lease maintenance), but
// with one handler only: `bench-noop` jobs, which do nothing, so what is measured is the queue.
// It records when each job started and when its completion was committed; on SIGTERM it stops,
// writes them to BENCH_WORKER_OUT as JSON and exits. The schema comes from BENCH_PG_SCHEMA.
import { writeFileSync } from 'node:fs';
import { systemClock } from '../../src/infra/clock.js';
import { loadConfig } from '../../src/infra/config/load-config.js';
import { connectDatabase } from '../../src/infra/db/connect-database.js';
import { createLogger } from '../../src/infra/logging/create-logger.js';
import { JobQueue } from '../../src/infra/queue/job-queue.js';
import { listenForJobs } from '../../src/infra/queue/listen-for-jobs.js';
import { startWorker } from '../../src/infra/queue/run-worker.js';
import { WakeSignal } from '../../src/infra/queue/wake-signal.js';
import { preciseNow } from '../stats.js';
import { NOOP_JOB, type WorkerRecords } from '../worker-records.js';

const out = process.env.BENCH_WORKER_OUT;
if (!out) throw new Error('BENCH_WORKER_OUT is not set');
const config = loadConfig();
if (!config.databaseUrl)
  throw new Error('the worker benchmark runs on PostgreSQL: set DATABASE_URL');
const logger = createLogger({ level: config.log.level });
const database = connectDatabase({
  databaseUrl: config.databaseUrl,
  pgSchema: process.env.BENCH_PG_SCHEMA,
  onPoolError: (error) => logger.warn({ err: error }, 'idle database connection lost'),
});
const wake = new WakeSignal();
const queue = new JobQueue(
  database,
  systemClock,
  {
    leaseMs: config.queue.leaseMs,
    maxAttempts: config.queue.maxAttempts,
    backoff: { baseMs: config.queue.backoffBaseMs, maxMs: config.queue.backoffMaxMs },
  },
  wake,
);

const startedAt = new Map<string, number>();
const records: WorkerRecords = {
  pid: process.pid,
  concurrency: config.queue.concurrency,
  runs: [],
};
const worker = startWorker({
  queue,
  wake,
  logger,
  concurrency: config.queue.concurrency,
  pollIntervalMs: config.queue.pollIntervalMs,
  leaseMs: config.queue.leaseMs,
  retainCompletedMs: 7 * 24 * 3600 * 1000,
  handlers: {
    [NOOP_JOB]: async ({ job }) => {
      startedAt.set(job.id, preciseNow());
    },
  },
  // Called once the completion statement has returned.
  onJobFinished: (job, outcome) => {
    const seq = (job.payload as { seq: number }).seq;
    records.runs.push([
      seq,
      startedAt.get(job.id) ?? 0,
      preciseNow(),
      outcome === 'completed' ? 1 : 0,
    ]);
    startedAt.delete(job.id);
  },
});
const listener = listenForJobs({
  connectionString: database.pg!.connectionString,
  channel: `${database.pg!.channelPrefix}_jobs`,
  wake,
  logger,
});
process.stdout.write(`READY ${process.pid}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await worker.stop();
  await listener.close();
  await database.close();
  writeFileSync(out, JSON.stringify(records));
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
