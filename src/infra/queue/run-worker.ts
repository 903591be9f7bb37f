import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { ClaimedJob, JobQueue } from './job-queue.js';
import type { WakeSignal } from './wake-signal.js';

export interface JobContext {
  job: ClaimedJob;
  /** Aborted when the worker shuts down; long handlers should pass it to fetch. */
  signal: AbortSignal;
}

export type JobHandler = (context: JobContext) => Promise<void>;

/** Thrown by a handler to bury the job at once: retrying cannot help (bad payload, unknown kind). */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

export interface WorkerOptions {
  queue: JobQueue;
  wake: WakeSignal;
  handlers: Record<string, JobHandler>;
  logger: Logger;
  queues?: string[];
  concurrency: number;
  pollIntervalMs: number;
  leaseMs: number;
  /** How often maintenance (lease rescue, pruning) runs, in ms. */
  maintenanceIntervalMs?: number;
  retainCompletedMs?: number;
  now?: () => Date;
  onJobFinished?: (job: ClaimedJob, outcome: 'completed' | 'retryable' | 'dead') => void;
}

export interface Worker {
  readonly id: string;
  /** Resolves once running jobs have finished (or the timeout passed). */
  stop(timeoutMs?: number): Promise<void>;
}

/** Longest a free slot waits for others to free up before it is refilled alone, in ms. */
const REFILL_DELAY_MS = 20;

export function startWorker(options: WorkerOptions): Worker {
  const id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const queues = options.queues ?? ['default'];
  const running = new Map<string, Promise<void>>();
  const abort = new AbortController();
  const { queue, logger } = options;
  let stopping = false;
  let lastMaintenance = 0;

  /** Jobs handed over by `enqueue` (see LocalTaker) while every slot was busy. */
  const adopted: ClaimedJob[] = [];

  const heartbeat = setInterval(
    () => {
      const held = [...running.keys(), ...adopted.map((job) => job.id)];
      queue.heartbeat(id, held).catch((error: unknown) => {
        logger.warn({ err: error }, 'job heartbeat failed');
      });
    },
    Math.max(50, Math.floor(options.leaseMs / 3)),
  );

  async function runJob(job: ClaimedJob): Promise<void> {
    const handler = options.handlers[job.kind];
    let outcome: 'completed' | 'retryable' | 'dead';
    try {
      if (!handler) throw new PermanentJobError(`no handler for job kind ${job.kind}`);
      await handler({ job, signal: abort.signal });
      await queue.complete(job);
      outcome = 'completed';
    } catch (error) {
      const final = error instanceof PermanentJobError;
      outcome = (await queue.fail(job, error, final).catch((failError: unknown) => {
        // The lease will expire and the rescuer will retry the job.
        logger.error({ err: failError, jobId: job.id }, 'could not record job failure');
        return 'retryable' as const;
      })) as 'retryable' | 'dead';
      logger.warn(
        { err: error, jobId: job.id, kind: job.kind, attempt: job.attempt, outcome },
        'job failed',
      );
    }
    options.onJobFinished?.(job, outcome);
  }

  async function maintain(): Promise<void> {
    const nowMs = (options.now?.() ?? new Date()).getTime();
    if (nowMs - lastMaintenance < (options.maintenanceIntervalMs ?? options.pollIntervalMs)) return;
    lastMaintenance = nowMs;
    const rescued = await queue.rescueExpired();
    if (rescued > 0) logger.warn({ rescued }, 'jobs with expired leases returned to the queue');
    if (options.retainCompletedMs !== undefined) {
      await queue.pruneCompleted(new Date(nowMs - options.retainCompletedMs));
    }
  }

  function start(job: ClaimedJob): void {
    const task = runJob(job).finally(() => {
      running.delete(job.id);
      onJobFinished();
    });
    running.set(job.id, task);
  }

  function startAdopted(): void {
    while (adopted.length > 0 && running.size < options.concurrency) start(adopted.shift()!);
  }

  const detach = queue.attachLocal({
    id,
    queues,
    hasRoom: () => !stopping && running.size + adopted.length < options.concurrency,
    adopt(job) {
      adopted.push(job);
      if (!stopping) startAdopted();
    },
  });

  /** The last claim filled every free slot: more jobs may be waiting for the next free one. */
  let backlog = false;
  // With a backlog, slots are refilled once half of them are free, not one by one: one claim
  // statement then starts several jobs. A slot never waits longer than REFILL_DELAY_MS, so slow
  // jobs (a provider taking seconds) do not leave half the slots idle.
  const refillAt = Math.max(1, Math.floor(options.concurrency / 2));
  const canRefill = () => options.concurrency - running.size >= refillAt;
  let refillTimer: NodeJS.Timeout | undefined;

  function onJobFinished(): void {
    startAdopted();
    if (!backlog) return;
    if (canRefill()) {
      clearTimeout(refillTimer);
      refillTimer = undefined;
      wakeSelf();
    } else {
      refillTimer ??= setTimeout(() => {
        refillTimer = undefined;
        wakeSelf();
      }, REFILL_DELAY_MS);
    }
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      try {
        await maintain();
        startAdopted();
        const free = options.concurrency - running.size - adopted.length;
        if (free > 0) {
          const jobs = await queue.claim(id, queues, free);
          backlog = jobs.length === free;
          for (const job of jobs) start(job);
        } else {
          // Woken with every slot taken (by handed-over jobs, which never pass through a claim):
          // the signal may be for a job left in the table, so claim once slots free up.
          backlog = true;
        }
      } catch (error) {
        // Database unreachable (restart, network): keep the loop alive and retry at poll pace.
        logger.error({ err: error }, 'job claim failed');
        backlog = false;
      }
      // Claim again at once only when enough slots are free and the queue may still hold jobs;
      // otherwise sleep until new work is signalled, slots free up, or the poll interval passes.
      if (!backlog || !canRefill()) {
        await options.wake.wait(options.pollIntervalMs, queues);
      }
    }
  }

  function wakeSelf(): void {
    for (const name of queues) options.wake.notify(name);
  }

  const looping = loop();

  return {
    id,
    async stop(timeoutMs = 10_000) {
      stopping = true;
      detach();
      wakeSelf();
      await looping;
      // Handed over but never started: back to the queue for another worker or the next start.
      await queue
        .release(
          id,
          adopted.splice(0).map((job) => job.id),
        )
        .catch((error: unknown) => {
          logger.warn(
            { err: error },
            'could not hand back unstarted jobs; their leases will expire',
          );
        });
      const drained = Promise.allSettled(running.values());
      const timer = new Promise((resolve) => setTimeout(resolve, timeoutMs).unref());
      await Promise.race([drained, timer]);
      clearInterval(heartbeat);
      clearTimeout(refillTimer);
      abort.abort();
    },
  };
}
