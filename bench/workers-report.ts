import type { WorkersResult } from './workers.js';

export function workersMarkdown(result: WorkersResult | { error: string }): string {
  const title = '### Job queue throughput, worker processes on PostgreSQL (no goal)';
  if ('error' in result) return `${title}\n\nerror: ${result.error}`;
  const rows = result.configurations.map((c) =>
    [
      c.workers,
      `${c.jobsPerSecond} (${c.jobsPerSecondRounds.join(', ')})`,
      c.scalingVsOneWorker === null ? '-' : `${c.scalingVsOneWorker}x`,
      c.drainSeconds,
      `${c.backlogWaitMs.p50} / ${c.backlogWaitMs.p99}`,
      `${c.latencyMs.p50} / ${c.latencyMs.p99} / ${c.latencyMs.max} (${c.latencyP99MsRounds.join(', ')})`,
      c.jobsPerWorker.join(' / '),
      `${c.cpu.workersPercent} / ${c.cpu.postgresPercent} / ${c.cpu.benchPercent}`,
      `${c.memoryPerWorker.readyMB ?? '-'} / ${c.memoryPerWorker.peakMB} / ${c.memoryPerWorker.endMB}`,
      `${c.ranTwiceTotal} / ${c.notRunTotal}`,
    ].join(' | '),
  );
  return [
    title,
    '',
    `${result.jobs} no-op jobs committed at once and drained, then ${result.latencyJobs} enqueued at ${result.ratePerSec}/s (one transaction each, woken by NOTIFY); ${result.concurrencyPerWorker} slots per worker; median of ${result.rounds} rounds (rounds in brackets).`,
    '',
    '| workers | drain jobs/s (rounds) | vs 1 worker | drain s | backlog wait p50 / p99 ms | enqueue→start p50 / p99 / max ms (p99 rounds) | jobs per worker | CPU % workers / postgres / bench | RSS per worker ready / peak / end MB | ran twice / not run |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}
