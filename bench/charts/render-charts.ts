// Renders the SVG charts of a benchmark run (docs/bench/<name>.svg): one per part present in the
// results; a part the run did not include keeps the chart of the last run that did.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchDocument } from '../bench-document.js';
import type { Results } from '../report.js';
import { BENCH_DEFAULTS, FLAGS, PART_SETTINGS } from '../settings.js';
import {
  bmpChart,
  ingestChart,
  jobLatencyChart,
  negativacoesChart,
  pollingChart,
} from './gateway-charts.js';
import { b49cChart, memoryChart, workersChart } from './queue-codec-memory-charts.js';
import { renderBarChart, type ChartSpec } from './svg-bar-chart.js';

/** File name (without .svg), the part whose steps' load average it reports, and its builder. */
const CHARTS: Array<[string, string, (results: Results) => ChartSpec | undefined]> = [
  ['ingest', 'ingest', ingestChart],
  ['job-latency', 'jobs', jobLatencyChart],
  ['negativacoes', 'negativacoes', negativacoesChart],
  ['polling', 'polling', pollingChart],
  ['bmp-callbacks', 'bmp', bmpChart],
  ['b49c-codec', 'b49c', b49cChart],
  ['workers', 'workers', workersChart],
  ['memory', 'memory', memoryChart],
];

/** Where the figures come from, the machine and its load, and any setting shorter than default. */
export function sourceNotes(document: BenchDocument, part: string): string[] {
  const { machine, run } = document;
  const command = run.argv
    ? `npm run bench${run.argv.length ? ` -- ${run.argv.join(' ')}` : ''}`
    : 'bench/results/latest.json';
  const loads = (run.steps ?? [])
    .filter((step) => step.part === part || (part === 'memory' && step.processes.length > 0))
    .flatMap((step) => [step.loadAverage.before, step.loadAverage.after]);
  const notes = [
    `${command}, ${run.startedAt.slice(0, 10)}: ${machine.cpus} vCPU ${machine.cpuModel}, ${machine.memGB} GB, Node ${machine.node.replace(/^v/, '')}.`,
    loads.length
      ? `Machine shared with other work: 1-minute load average ${Math.min(...loads)} to ${Math.max(...loads)} at the start and end of this part's steps.`
      : 'Load average not recorded for this part.',
  ];
  const changed = (PART_SETTINGS[part] ?? []).flatMap((key) => {
    const value = run.options?.[key];
    const fallback: unknown = BENCH_DEFAULTS[key];
    if (value === undefined || JSON.stringify(value) === JSON.stringify(fallback)) return [];
    const text = (v: unknown) => (Array.isArray(v) ? v.join(',') : String(v));
    return [`${FLAGS[key]} ${text(value)} (default ${text(fallback)})`];
  });
  if (changed.length) notes.push(`Settings changed from the defaults: ${changed.join(', ')}.`);
  return notes;
}

/** The charts of `document` as SVG text, by file name. */
export function chartsOf(document: BenchDocument): Map<string, string> {
  const charts = new Map<string, string>();
  for (const [name, part, build] of CHARTS) {
    const spec = build(document.results);
    if (!spec) continue;
    spec.notes.push(...sourceNotes(document, part));
    charts.set(`${name}.svg`, renderBarChart(spec));
  }
  return charts;
}

/** Writes the charts into `dir`; returns the paths written. */
export function renderCharts(document: BenchDocument, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return [...chartsOf(document)].map(([file, svg]) => {
    const path = join(dir, file);
    writeFileSync(path, svg);
    return path;
  });
}
