// Child process: a worker whose `bloquear` job announces itself and then never finishes.
import pino from 'pino';
import { systemClock } from '../../../src/infra/clock.js';
import { connectDatabase } from '../../../src/infra/db/connect-database.js';
import { JobQueue } from '../../../src/infra/queue/job-queue.js';
import { startWorker } from '../../../src/infra/queue/run-worker.js';
import { WakeSignal } from '../../../src/infra/queue/wake-signal.js';

const location = JSON.parse(process.env.TEST_DB_LOCATION!) as Record<string, string | undefined>;
const leaseMs = Number(process.env.TEST_LEASE_MS);
const database = connectDatabase(location);
const wake = new WakeSignal();
const queue = new JobQueue(
  database,
  systemClock,
  { leaseMs, maxAttempts: 5, backoff: { baseMs: 100, maxMs: 1000 } },
  wake,
);
startWorker({
  queue,
  wake,
  logger: pino({ level: 'silent' }),
  concurrency: 1,
  pollIntervalMs: 50,
  leaseMs,
  handlers: {
    bloquear: async ({ job }) => {
      process.stdout.write(`STARTED ${job.id}\n`);
      await new Promise(() => undefined);
    },
  },
});
