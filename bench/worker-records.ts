// Shared by the worker benchmark (bench/workers.ts) and its child (bench/children/worker.ts).

/** The only job kind the benchmark's workers run: a handler that does nothing. */
export const NOOP_JOB = 'bench-noop';

/** What a worker child writes on exit: one entry per job run. */
export interface WorkerRecords {
  pid: number;
  concurrency: number;
  /** `[seq, startedAtMs, finishedAtMs, completed]`, times from `preciseNow()` (epoch ms). */
  runs: Array<[number, number, number, 0 | 1]>;
}
