// Charts of the job queue with 1/2/4 worker processes, the B49C codec against its contenders,
// and the memory of every loaded process against the idle one.
import type { B49cCodecResult, Rate } from '../b49c-codec.js';
import type { Results } from '../report.js';
import { ok } from './gateway-charts.js';
import { formatNumber, type Bar, type ChartSpec } from './svg-bar-chart.js';

export function workersChart(results: Results): ChartSpec | undefined {
  const result = results.workers && ok(results.workers);
  if (!result?.configurations.length) return undefined;
  const label = (workers: number) => `${workers} worker process${workers === 1 ? '' : 'es'}`;
  return {
    title: 'Job queue on PostgreSQL: 1, 2 and 4 worker processes',
    subtitle: `No-op jobs, ${result.concurrencyPerWorker} slots per process; bars: the round with the median drain rate, of ${result.rounds}. No goal.`,
    series: [
      { name: 'drain', color: '#0072B2' },
      { name: 'p50', color: '#56B4E9' },
      { name: 'p99', color: '#E69F00' },
    ],
    panels: [
      {
        title: `draining a backlog of ${formatNumber(result.jobs)} jobs committed at once, jobs/s`,
        unit: 'jobs/s',
        rows: result.configurations.map((c) => ({
          label: label(c.workers),
          bars: [
            {
              series: 'drain',
              value: c.jobsPerSecond,
              label: `${formatNumber(c.jobsPerSecond)} jobs/s${c.scalingVsOneWorker === null || c.workers === 1 ? '' : ` (${c.scalingVsOneWorker}× 1 process)`}`,
              rounds: c.jobsPerSecondRounds,
            },
          ],
        })),
      },
      {
        title: `enqueue → start, ${formatNumber(result.latencyJobs)} jobs at ${result.ratePerSec}/s, one transaction each (NOTIFY, claim), ms`,
        unit: 'ms',
        rows: result.configurations.map((c) => ({
          label: label(c.workers),
          bars: [
            { series: 'p50', value: c.latencyMs.p50 },
            { series: 'p99', value: c.latencyMs.p99, rounds: c.latencyP99MsRounds },
          ],
        })),
      },
    ],
    notes: [],
  };
}

export function b49cChart(results: Results): ChartSpec | undefined {
  const result = results.b49cCodec && ok<B49cCodecResult>(results.b49cCodec);
  if (!result) return undefined;
  const bar = (series: string, rate: Rate): Bar => ({
    series,
    value: rate.recordsPerSecond,
    label: `${formatNumber(rate.recordsPerSecond)} records/s, ${formatNumber(rate.mbPerSecond)} MB/s`,
    rounds: rate.roundsRecordsPerSecond,
  });
  const { decode, encode } = result;
  return {
    title: `B49C codec: ${result.layout}, ${formatNumber(result.responseBytes)} bytes`,
    subtitle: `Median of ${result.rounds} rounds of ${result.roundMs} ms, contenders alternating. Goal: decode ≥ 2× fixed-width-parser and ≥ 50% of the bare slice loop.`,
    series: [
      { name: 'credgate', color: '#0072B2' },
      { name: 'fixed-width-parser', color: '#E69F00' },
      { name: 'bare loop (ceiling)', color: '#777777' },
    ],
    panels: [
      {
        title: 'decode, records per second',
        unit: 'records/s',
        rows: [
          { label: 'credgate, from a string', bars: [bar('credgate', decode.ours)] },
          { label: 'credgate, from a Buffer', bars: [bar('credgate', decode.oursFromBuffer)] },
          {
            label: 'fixed-width-parser',
            bars: [bar('fixed-width-parser', decode.fixedWidthParser)],
          },
          {
            label: 'fixed-width-parser, records only',
            bars: [bar('fixed-width-parser', decode.fixedWidthParserRecordsOnly)],
          },
          { label: 'String slice loop', bars: [bar('bare loop (ceiling)', decode.sliceLoop)] },
          {
            label: 'Buffer.latin1Slice loop',
            bars: [bar('bare loop (ceiling)', decode.latin1SliceLoop)],
          },
        ],
      },
      {
        title: 'encode, records per second (no goal)',
        unit: 'records/s',
        rows: [
          { label: 'credgate', bars: [bar('credgate', encode.ours)] },
          {
            label: 'fixed-width-parser unparse',
            bars: [bar('fixed-width-parser', encode.fixedWidthParser)],
          },
          { label: 'padStart/padEnd loop', bars: [bar('bare loop (ceiling)', encode.padLoop)] },
        ],
      },
    ],
    notes: [],
  };
}

const PART_LABEL: Record<string, string> = {
  rss: 'idle (credgate start)',
  ingest: 'ingest',
  negativacoes: 'negativações',
  polling: 'polling',
  bmp: 'BMP callbacks',
  workers: 'queue',
};

function variantLabel(variant: string): string {
  return variant
    .replace(/^sqlite/, 'SQLite')
    .replace(/^postgres/, 'PostgreSQL')
    .replace(/^demo, idle$/, 'demo, compiled JS');
}

export function memoryChart(results: Results): ChartSpec | undefined {
  // The idle process first: the others are read against it.
  const rows = [...(results.memory ?? [])].sort(
    (a, b) => Number(b.part === 'rss') - Number(a.part === 'rss'),
  );
  if (!rows.length) return undefined;
  return {
    title: 'Memory: RSS of the credgate process, idle and under each load',
    subtitle:
      'Ready: when the process was up, before the load. Peak: VmHWM, the highest RSS over its life. End: just before it was stopped, after the load. Loaded processes run under tsx (its TypeScript loader counts); the idle row is compiled JavaScript. Queue rows: the highest of the worker processes.',
    series: [
      { name: 'ready', color: '#56B4E9' },
      { name: 'peak', color: '#D55E00' },
      { name: 'end', color: '#0072B2' },
    ],
    panels: [
      {
        title: 'MB (1 MB = 1,024 kB)',
        unit: 'MB',
        rows: rows.map((row) => ({
          label: `${PART_LABEL[row.part] ?? row.part}, ${variantLabel(row.variant)}`,
          bars: [
            ...(row.readyMB === null ? [] : [{ series: 'ready', value: row.readyMB }]),
            { series: 'peak', value: row.peakMB },
            { series: 'end', value: row.endMB },
          ],
        })),
        marks: [{ value: 200, label: 'idle goal 200 MB' }],
      },
    ],
    notes: [],
  };
}
