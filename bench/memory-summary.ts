// Issue 8's "memory under each load": the RSS of each part's credgate process, from the samples
// bench/child-memory.ts takes while the part runs, next to the idle figure.
import type { ProcessMemory } from './child-memory.js';
import type { WorkersResult } from './workers.js';

/** One benchmark step (a part on one database, or one round of it) as run-all records it. */
export interface Step {
  label: string;
  part: string;
  /** The database, or what else tells the step's runs apart. */
  variant: string;
  seconds: number;
  /** 1-minute load average (as `uptime` prints it) when the step started and ended. */
  loadAverage: { before: number; after: number };
  processes: ProcessMemory[];
}

export interface MemoryRow {
  part: string;
  variant: string;
  process: string;
  rounds: number;
  /** Median of the rounds' ready figures (RSS when the process was up, before load). */
  readyMB: number | null;
  /** Highest VmHWM of any round. */
  peakMB: number;
  /** Median of the rounds' RSS just before the process was stopped. */
  endMB: number;
  /** Lowest and highest 1-minute load average read at the steps' starts and ends. */
  loadAverage: { min: number; max: number };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function loadRange(steps: Step[]): { min: number; max: number } {
  const readings = steps.flatMap((step) => [step.loadAverage.before, step.loadAverage.after]);
  return { min: Math.min(...readings), max: Math.max(...readings) };
}

/**
 * One row per part, database and process, over its rounds; the worker part reports its own
 * figures per worker count (every worker process of the median round, the highest).
 */
export function summarizeMemory(steps: Step[], workers?: WorkersResult): MemoryRow[] {
  const groups = new Map<string, { steps: Step[]; records: ProcessMemory[] }>();
  for (const step of steps) {
    if (step.part === 'workers') continue;
    for (const record of step.processes) {
      const key = `${step.part}\u0000${step.variant}\u0000${record.name}`;
      const group = groups.get(key) ?? { steps: [], records: [] };
      group.steps.push(step);
      group.records.push(record);
      groups.set(key, group);
    }
  }
  const rows: MemoryRow[] = [...groups.values()].map(({ steps: ofGroup, records }) => {
    const ready = records.flatMap((record) => (record.readyMB === null ? [] : [record.readyMB]));
    return {
      part: ofGroup[0].part,
      variant: ofGroup[0].variant,
      process: records[0].name,
      rounds: records.length,
      readyMB: ready.length > 0 ? median(ready) : null,
      peakMB: Math.max(...records.map((record) => record.peakMB)),
      endMB: median(records.map((record) => record.endMB)),
      loadAverage: loadRange(ofGroup),
    };
  });
  // The idle process first: the others are read against it.
  rows.sort((a, b) => Number(b.part === 'rss') - Number(a.part === 'rss'));
  const workerSteps = steps.filter((step) => step.part === 'workers');
  for (const configuration of workers?.configurations ?? []) {
    rows.push({
      part: 'workers',
      variant: `postgres, ${configuration.workers} worker${configuration.workers === 1 ? '' : 's'}`,
      process: 'each worker process (highest)',
      rounds: workers!.rounds,
      ...configuration.memoryPerWorker,
      loadAverage: loadRange(workerSteps),
    });
  }
  return rows;
}

export function memoryMarkdown(rows: MemoryRow[]): string {
  const lines = [
    '### Memory (RSS of the credgate process under each load)',
    '',
    '| part | db | process | ready MB | peak MB (VmHWM) | end MB | rounds | load avg 1 min |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${row.part} | ${row.variant} | ${row.process} | ${row.readyMB ?? '-'} | ${row.peakMB} | ${row.endMB} | ${row.rounds} | ${row.loadAverage.min}–${row.loadAverage.max} |`,
    ),
  ];
  return lines.join('\n');
}
