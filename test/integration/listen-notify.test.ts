import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/infra/clock.js';
import { JobQueue } from '../../src/infra/queue/job-queue.js';
import { listenForJobs, type JobListener } from '../../src/infra/queue/listen-for-jobs.js';
import { startWorker, type Worker } from '../../src/infra/queue/run-worker.js';
import { WakeSignal } from '../../src/infra/queue/wake-signal.js';
import { createTestDatabase, testBackend, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

const settings = { leaseMs: 30_000, maxAttempts: 3, backoff: { baseMs: 100, maxMs: 1000 } };

describe.runIf(testBackend() === 'postgres')('LISTEN/NOTIFY wake-up across connections', () => {
  let testDb: TestDatabase;
  let worker: Worker | undefined;
  let listener: JobListener | undefined;
  beforeEach(async () => {
    testDb = await createTestDatabase();
  });
  afterEach(async () => {
    await worker?.stop(1000);
    await listener?.close();
    await testDb.cleanup();
  });

  it('starts a job committed by another connection long before the next poll', async () => {
    const workerDb = testDb.connectAgain();
    const workerWake = new WakeSignal();
    const producer = new JobQueue(testDb.database, systemClock, settings, new WakeSignal());
    const consumer = new JobQueue(workerDb, systemClock, settings, workerWake);
    listener = listenForJobs({
      connectionString: workerDb.pg!.connectionString,
      channel: `${workerDb.pg!.channelPrefix}_jobs`,
      wake: workerWake,
      logger: pino({ level: 'silent' }),
    });
    const started: number[] = [];
    worker = startWorker({
      queue: consumer,
      wake: workerWake,
      handlers: { ping: async () => void started.push(Date.now()) },
      logger: pino({ level: 'silent' }),
      concurrency: 2,
      // Polling alone would take 10 s: only a notification can start the job sooner.
      pollIntervalMs: 10_000,
      leaseMs: settings.leaseMs,
    });
    // The listener signals once when it connects; wait for the worker to settle after that.
    await producer.enqueueNow({ kind: 'ping' });
    await waitFor(() => started.length === 1, 'first job (listener warm-up)', 5000);
    const latencies: number[] = [];
    for (let n = 0; n < 5; n++) {
      const committedAt = Date.now();
      await producer.enqueueNow({ kind: 'ping' });
      await waitFor(() => started.length === n + 2, `job ${n + 2} start`, 5000);
      latencies.push(started[n + 1] - committedAt);
    }
    expect(Math.max(...latencies)).toBeLessThan(1000);
  });
});
