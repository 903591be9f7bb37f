// Issue 8: job queue throughput with 1, 2 and 4 worker processes on PostgreSQL. Each worker is a
// child process (bench/children/worker.ts) running no-op jobs; this process enqueues them. Per
// configuration: a backlog committed at once and drained (jobs/s), then jobs enqueued one
// transaction each at a steady rate (enqueue-to-start latency through NOTIFY and a claim).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { systemClock } from '../src/infra/clock.js';
import { configSchema } from '../src/infra/config/config-schema.js';
import { connectDatabase, type Database } from '../src/infra/db/connect-database.js';
import { migrateDatabase } from '../src/infra/db/migrate-database.js';
import { JobQueue } from '../src/infra/queue/job-queue.js';
import { WakeSignal } from '../src/infra/queue/wake-signal.js';
import { collectMemory, type ProcessMemory } from './child-memory.js';
import { defer } from './cleanup.js';
import { enqueueBacklog, untilCompleted, untilListening } from './job-backlog.js';
import { BENCH_PG_URL, createBenchSchema } from './pg.js';
import { childEnv, measureCpu, spawnChild } from './processes.js';
import { distribution, preciseNow, round, sleep } from './stats.js';
import { NOOP_JOB, type WorkerRecords } from './worker-records.js';

export interface WorkersOptions {
  workerCounts: number[];
  rounds: number;
  /** Backlog drained in the measured phase. */
  jobs: number;
  /** Backlog drained first, unmeasured: the JIT and the connection pools warm up. */
  warmupJobs: number;
  latencyJobs: number;
  ratePerSec: number;
  repoRoot: string;
  log: (message: string) => void;
}

interface Run {
  workers: number;
  jobsPerSecond: number;
  drainSeconds: number;
  backlogWaitMs: { p50: number; p99: number };
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  jobsPerWorker: number[];
  cpu: { workersPercent: number; postgresPercent: number; benchPercent: number };
  memory: ProcessMemory[];
  ranTwice: number;
  notRun: number;
}

export interface WorkersConfiguration extends Omit<Run, 'memory'> {
  jobsPerSecondRounds: number[];
  latencyP99MsRounds: number[];
  /** Median jobs/s over the 1-worker median; null when 1 worker was not measured. */
  scalingVsOneWorker: number | null;
  /** The median round's worker processes, highest of each figure (MB). */
  memoryPerWorker: { readyMB: number | null; peakMB: number; endMB: number };
  /** Summed over every round. */
  ranTwiceTotal: number;
  notRunTotal: number;
}

export interface WorkersResult {
  command: string;
  jobs: number;
  warmupJobs: number;
  latencyJobs: number;
  ratePerSec: number;
  rounds: number;
  concurrencyPerWorker: number;
  configurations: WorkersConfiguration[];
}

const QUEUE_DEFAULTS = configSchema.parse({}).queue;

export async function benchWorkers(options: WorkersOptions): Promise<WorkersResult> {
  const schema = await createBenchSchema();
  const database = connectDatabase({
    databaseUrl: BENCH_PG_URL,
    pgSchema: schema.name,
    pgPoolSize: 2,
  });
  const dir = mkdtempSync(join(tmpdir(), 'credgate-bench-workers-'));
  const release = defer('worker benchmark database', async () => {
    await database.close();
    await schema.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  try {
    await migrateDatabase(database);
    const runs = new Map<number, Run[]>(options.workerCounts.map((count) => [count, []]));
    for (let r = 0; r < options.rounds; r++) {
      // A different configuration first each round, as the machine's speed drifts.
      const counts = options.workerCounts;
      const order = [...counts.slice(r % counts.length), ...counts.slice(0, r % counts.length)];
      for (const workers of order) {
        options.log(`workers: ${workers} process(es), round ${r + 1} of ${options.rounds}`);
        runs
          .get(workers)!
          .push(await runOnce(database, workers, `${dir}/r${r}-w${workers}`, options));
      }
    }
    const one = runs.get(1) ? median(runs.get(1)!).jobsPerSecond : undefined;
    return {
      command: `node --import tsx bench/children/worker.ts × N (schema ${schema.name})`,
      jobs: options.jobs,
      warmupJobs: options.warmupJobs,
      latencyJobs: options.latencyJobs,
      ratePerSec: options.ratePerSec,
      rounds: options.rounds,
      concurrencyPerWorker: QUEUE_DEFAULTS.concurrency,
      configurations: options.workerCounts.map((workers) => summarize(runs.get(workers)!, one)),
    };
  } finally {
    await release();
  }
}

/** The round with the median drain rate (the upper one of an even count). */
function median(runs: Run[]): Run {
  return [...runs].sort((a, b) => a.jobsPerSecond - b.jobsPerSecond)[Math.floor(runs.length / 2)];
}

function summarize(runs: Run[], oneWorkerJobsPerSecond: number | undefined): WorkersConfiguration {
  const { memory, ...chosen } = median(runs);
  const highest = (of: (m: ProcessMemory) => number | null) =>
    memory.reduce<number | null>((max, m) => Math.max(max ?? 0, of(m) ?? 0), null);
  return {
    ...chosen,
    jobsPerSecondRounds: runs.map((run) => run.jobsPerSecond),
    latencyP99MsRounds: runs.map((run) => run.latencyMs.p99),
    scalingVsOneWorker: oneWorkerJobsPerSecond
      ? round(chosen.jobsPerSecond / oneWorkerJobsPerSecond, 2)
      : null,
    memoryPerWorker: {
      readyMB: highest((m) => m.readyMB),
      peakMB: highest((m) => m.peakMB) ?? 0,
      endMB: highest((m) => m.endMB) ?? 0,
    },
    ranTwiceTotal: runs.reduce((sum, run) => sum + run.ranTwice, 0),
    notRunTotal: runs.reduce((sum, run) => sum + run.notRun, 0),
  };
}

async function runOnce(
  database: Database,
  workers: number,
  filePrefix: string,
  options: WorkersOptions,
): Promise<Run> {
  await sql`truncate table jobs`.execute(database.db);
  const queue = new JobQueue(
    database,
    systemClock,
    {
      leaseMs: QUEUE_DEFAULTS.leaseMs,
      maxAttempts: QUEUE_DEFAULTS.maxAttempts,
      backoff: { baseMs: QUEUE_DEFAULTS.backoffBaseMs, maxMs: QUEUE_DEFAULTS.backoffMaxMs },
    },
    new WakeSignal(),
  );
  const channel = `${database.pg!.channelPrefix}_jobs`;
  const files = Array.from({ length: workers }, (_, i) => `${filePrefix}-${i}.json`);
  const endScope = collectMemory();
  const children = files.map((file, i) =>
    spawnChild(
      `credgate worker ${i + 1} of ${workers}`,
      ['--import', 'tsx', 'bench/children/worker.ts'],
      childEnv({
        CREDGATE_MODE: 'production',
        CREDGATE_LOG_LEVEL: 'warn',
        DATABASE_URL: BENCH_PG_URL,
        BENCH_PG_SCHEMA: database.pg!.schema,
        BENCH_WORKER_OUT: file,
      }),
      options.repoRoot,
    ),
  );
  let phases: Awaited<ReturnType<typeof runPhases>>;
  try {
    await Promise.all(children.map((child) => child.waitFor(/^READY/m, 60_000)));
    await untilListening(channel, workers);
    phases = await runPhases(database, queue, channel, children, options);
  } finally {
    await Promise.all(children.map((child) => child.stop(15_000)));
  }
  const memory = endScope();
  const records = files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as WorkerRecords);
  return analyse(workers, records, phases, memory, options);
}

async function runPhases(
  database: Database,
  queue: JobQueue,
  channel: string,
  children: Array<{ pid: number }>,
  options: WorkersOptions,
) {
  await enqueueBacklog(database, channel, 0, options.warmupJobs);
  await untilCompleted(database, options.warmupJobs);

  const drainFrom = options.warmupJobs;
  const committedAt = await enqueueBacklog(database, channel, drainFrom, options.jobs);
  // From the commit: the workers are idle while this process inserts the backlog.
  const cpu = children.map((child) => measureCpu(child.pid));
  await untilCompleted(database, drainFrom + options.jobs);
  const shares = cpu.map((end) => end());

  const steadyFrom = drainFrom + options.jobs;
  const requested = new Map<number, number>();
  const intervalMs = 1000 / options.ratePerSec;
  const t0 = performance.now();
  for (let i = 0; i < options.latencyJobs; i++) {
    const wait = t0 + i * intervalMs - performance.now();
    if (wait >= 1) await sleep(wait);
    requested.set(steadyFrom + i, preciseNow());
    await queue.enqueueNow({ kind: NOOP_JOB, payload: { seq: steadyFrom + i } });
  }
  await untilCompleted(database, steadyFrom + options.latencyJobs);
  return {
    drainFrom,
    committedAt,
    steadyFrom,
    requested,
    cpu: {
      workersPercent: shares.reduce((sum, share) => sum + share.serverPercent, 0),
      postgresPercent: shares[0].postgresPercent,
      benchPercent: shares[0].loadGeneratorPercent,
    },
  };
}

function analyse(
  workers: number,
  records: WorkerRecords[],
  phases: Awaited<ReturnType<typeof runPhases>>,
  memory: ProcessMemory[],
  options: WorkersOptions,
): Run {
  const { drainFrom, committedAt, steadyFrom, requested } = phases;
  const seen = new Map<number, number>();
  const waits: number[] = [];
  const latencies: number[] = [];
  let lastFinish = committedAt;
  const jobsPerWorker = records.map((record) => {
    let drained = 0;
    for (const [seq, started, finished] of record.runs) {
      seen.set(seq, (seen.get(seq) ?? 0) + 1);
      if (seq >= drainFrom && seq < steadyFrom) {
        drained++;
        waits.push(started - committedAt);
        lastFinish = Math.max(lastFinish, finished);
      } else if (seq >= steadyFrom) {
        latencies.push(started - requested.get(seq)!);
      }
    }
    return drained;
  });
  let notRun = 0;
  for (let seq = drainFrom; seq < steadyFrom + options.latencyJobs; seq++) {
    if (!seen.has(seq)) notRun++;
  }
  const drainSeconds = (lastFinish - committedAt) / 1000;
  const wait = distribution(waits);
  const latency = distribution(latencies);
  return {
    workers,
    jobsPerSecond: Math.round(options.jobs / drainSeconds),
    drainSeconds: round(drainSeconds, 2),
    backlogWaitMs: { p50: round(wait.p50, 1), p99: round(wait.p99, 1) },
    latencyMs: {
      p50: round(latency.p50, 1),
      p90: round(latency.p90, 1),
      p99: round(latency.p99, 1),
      max: round(latency.max, 1),
    },
    jobsPerWorker,
    cpu: phases.cpu,
    memory,
    ranTwice: [...seen.values()].filter((count) => count > 1).length,
    notRun,
  };
}
