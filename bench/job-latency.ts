import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { systemClock } from '../src/infra/clock.js';
import { configSchema } from '../src/infra/config/config-schema.js';
import { connectDatabase, type Database } from '../src/infra/db/connect-database.js';
import { migrateDatabase } from '../src/infra/db/migrate-database.js';
import { createLogger } from '../src/infra/logging/create-logger.js';
import { JobQueue } from '../src/infra/queue/job-queue.js';
import { listenForJobs, type JobListener } from '../src/infra/queue/listen-for-jobs.js';
import { startWorker, type Worker } from '../src/infra/queue/run-worker.js';
import { WakeSignal } from '../src/infra/queue/wake-signal.js';
import { defer } from './cleanup.js';
import { BENCH_PG_URL, createBenchSchema, isListening, type BenchSchema } from './pg.js';
import { distribution, preciseNow, round, sleep } from './stats.js';

export interface JobLatencyOptions {
  dialect: 'sqlite' | 'postgres';
  /** in-process: one connection pool and WakeSignal for both sides (like `credgate start`).
   *  listen-notify: enqueue and worker on separate pools, the worker woken only by
   *  LISTEN/NOTIFY (like `credgate serve` + `credgate worker` in two processes). */
  path: 'in-process' | 'listen-notify';
  jobs: number;
  warmupJobs: number;
  ratePerSec: number;
}

const KIND = 'bench-noop';

interface Setup {
  enqueueQueue: JobQueue;
  workerQueue: JobQueue;
  workerWake: WakeSignal;
  listener?: JobListener;
  databases: Database[];
  schema?: BenchSchema;
  dir?: string;
}

async function setUp(options: JobLatencyOptions, settings: QueueDefaults): Promise<Setup> {
  const queueSettings = {
    leaseMs: settings.leaseMs,
    maxAttempts: settings.maxAttempts,
    backoff: { baseMs: settings.backoffBaseMs, maxMs: settings.backoffMaxMs },
  };
  const setup: Partial<Setup> & { databases: Database[] } = { databases: [] };
  let connect: () => Database;
  if (options.dialect === 'postgres') {
    const schema = await createBenchSchema();
    setup.schema = schema;
    connect = () => connectDatabase({ databaseUrl: BENCH_PG_URL, pgSchema: schema.name });
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'credgate-bench-jobs-'));
    setup.dir = dir;
    connect = () => connectDatabase({ sqliteFile: join(dir, 'jobs.db') });
  }
  const enqueueDb = connect();
  setup.databases.push(enqueueDb);
  await migrateDatabase(enqueueDb);
  const enqueueWake = new WakeSignal();
  setup.enqueueQueue = new JobQueue(enqueueDb, systemClock, queueSettings, enqueueWake);
  if (options.path === 'in-process') {
    setup.workerQueue = setup.enqueueQueue;
    setup.workerWake = enqueueWake;
    return setup as Setup;
  }
  if (options.dialect !== 'postgres') throw new Error('LISTEN/NOTIFY exists only on PostgreSQL');
  const workerDb = connect();
  setup.databases.push(workerDb);
  setup.workerWake = new WakeSignal();
  setup.workerQueue = new JobQueue(workerDb, systemClock, queueSettings, setup.workerWake);
  const channel = `${workerDb.pg!.channelPrefix}_jobs`;
  setup.listener = listenForJobs({
    connectionString: workerDb.pg!.connectionString,
    channel,
    wake: setup.workerWake,
    logger: createLogger({ level: 'warn', destination: pino.destination(2) }),
  });
  const deadline = Date.now() + 10_000;
  while (!(await isListening(channel))) {
    if (Date.now() > deadline) throw new Error(`no session LISTENs on ${channel} after 10 s`);
    await sleep(20);
  }
  return setup as Setup;
}

type QueueDefaults = ReturnType<typeof configSchema.parse>['queue'];

/**
 * Enqueue-to-start latency of jobs enqueued one transaction each at a steady rate: from the call
 * to `enqueueNow` (so the enqueue's own commit is included) to the handler's first line. A job
 * handed to a worker of the same queue object starts before `enqueueNow` returns; measuring from
 * the call keeps that path comparable with a wake-up.
 */
export async function benchJobLatency(options: JobLatencyOptions) {
  const defaults = configSchema.parse({}).queue;
  const requested = new Map<number, number>();
  const committed = new Map<number, number>();
  const started = new Map<number, number>();
  const txMs: number[] = [];
  let finished = 0;
  let failed = 0;
  let worker: Worker | undefined;
  let setup: Setup | undefined;
  const release = defer(`job-latency ${options.dialect} ${options.path}`, () => tearDown());

  async function tearDown() {
    await worker?.stop(5000);
    await setup?.listener?.close();
    for (const database of setup?.databases ?? []) await database.close().catch(() => undefined);
    await setup?.schema?.drop();
    if (setup?.dir) rmSync(setup.dir, { recursive: true, force: true });
  }

  async function enqueueSeries(firstSeq: number, count: number): Promise<number> {
    const intervalMs = 1000 / options.ratePerSec;
    const t0 = performance.now();
    for (let i = 0; i < count; i++) {
      const wait = t0 + i * intervalMs - performance.now();
      if (wait >= 1) await sleep(wait);
      const seq = firstSeq + i;
      const before = preciseNow();
      await setup!.enqueueQueue.enqueueNow({ kind: KIND, payload: { seq, enqueuedAt: before } });
      const after = preciseNow();
      requested.set(seq, before);
      committed.set(seq, after);
      txMs.push(after - before);
    }
    const expected = firstSeq + count;
    const deadline = Date.now() + 60_000;
    while (finished < expected) {
      if (Date.now() > deadline) throw new Error(`only ${finished}/${expected} jobs ran in 60 s`);
      await sleep(5);
    }
    return performance.now() - t0;
  }

  try {
    setup = await setUp(options, defaults);
    worker = startWorker({
      queue: setup.workerQueue,
      wake: setup.workerWake,
      logger: createLogger({ level: 'warn', destination: pino.destination(2) }),
      concurrency: 10,
      pollIntervalMs: defaults.pollIntervalMs,
      leaseMs: defaults.leaseMs,
      handlers: {
        [KIND]: async ({ job }) => {
          started.set((job.payload as { seq: number }).seq, preciseNow());
        },
      },
      onJobFinished: (_job, outcome) => {
        finished++;
        if (outcome !== 'completed') failed++;
      },
    });

    await enqueueSeries(0, options.warmupJobs);
    txMs.length = 0;
    const elapsedMs = await enqueueSeries(options.warmupJobs, options.jobs);

    const latencies: number[] = [];
    let missing = 0;
    let handedOver = 0;
    for (let seq = options.warmupJobs; seq < options.warmupJobs + options.jobs; seq++) {
      const start = started.get(seq);
      if (start === undefined) {
        missing++;
        continue;
      }
      if (start < committed.get(seq)!) handedOver++;
      latencies.push(start - requested.get(seq)!);
    }
    const latency = distribution(latencies);
    const tx = distribution(txMs);
    return {
      dialect: options.dialect,
      path: options.path,
      jobs: options.jobs,
      warmupJobs: options.warmupJobs,
      targetRatePerSec: options.ratePerSec,
      achievedRatePerSec: round((options.jobs / elapsedMs) * 1000, 1),
      workerConcurrency: 10,
      pollIntervalMs: defaults.pollIntervalMs,
      latencyMs: { p50: latency.p50, p90: latency.p90, p99: latency.p99, max: latency.max },
      enqueueTransactionMs: { p50: tx.p50, p99: tx.p99, max: tx.max },
      jobsNotStarted: missing,
      /** Started before `enqueueNow` returned (in-process: handed straight to the worker). */
      startedBeforeEnqueueReturned: handedOver,
      failedJobs: failed,
    };
  } finally {
    await release();
  }
}

export type JobLatencyResult = Awaited<ReturnType<typeof benchJobLatency>>;
