// The benchmark's own plumbing (charts, memory sampling), not a benchmark: no database needed.
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { testBackend } from '../../test/support/test-database.js';
import type { BenchDocument } from '../bench-document.js';
import { collectMemory } from '../child-memory.js';
import { summarizeMemory, type Step } from '../memory-summary.js';
import { spawnChild } from '../processes.js';
import type { WorkersResult } from '../workers.js';
import { chartsOf } from './render-charts.js';
import { niceScale, renderBarChart, type ChartSpec } from './svg-bar-chart.js';

/** Widths of the bars (rects with a tooltip), in drawing order. */
function barWidths(svg: string): number[] {
  return [
    ...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="13"[^>]*><title>/g),
  ].map((match) => Number(match[1]));
}

const spec: ChartSpec = {
  title: 'A <title> & more',
  series: [{ name: 'ours' }, { name: 'ceiling' }],
  panels: [
    {
      title: 'req/s',
      unit: 'req/s',
      rows: [
        {
          label: 'SQLite',
          bars: [
            { series: 'ours', value: 500, rounds: [450, 500, 520] },
            { series: 'ceiling', value: 1000 },
          ],
        },
      ],
      marks: [{ value: 800, label: 'goal' }],
    },
  ],
  notes: ['npm run bench -- --only ingest'],
};

function workersResult(): WorkersResult {
  const configuration = (workers: number, jobsPerSecond: number) => ({
    workers,
    jobsPerSecond,
    drainSeconds: 10_000 / jobsPerSecond,
    backlogWaitMs: { p50: 1, p99: 2 },
    latencyMs: { p50: 5, p90: 8, p99: 20, max: 30 },
    jobsPerWorker: Array.from({ length: workers }, () => 10_000 / workers),
    cpu: { workersPercent: 50, postgresPercent: 40, benchPercent: 5 },
    ranTwice: 0,
    notRun: 0,
    jobsPerSecondRounds: [jobsPerSecond],
    latencyP99MsRounds: [20],
    scalingVsOneWorker: jobsPerSecond / 1500,
    memoryPerWorker: { readyMB: 120, peakMB: 150 + workers, endMB: 148 },
    ranTwiceTotal: 0,
    notRunTotal: 0,
  });
  return {
    command: 'x',
    jobs: 2000,
    warmupJobs: 1000,
    latencyJobs: 2000,
    ratePerSec: 500,
    rounds: 1,
    concurrencyPerWorker: 10,
    configurations: [configuration(1, 1500), configuration(2, 1950), configuration(4, 2250)],
  };
}

function step(part: string, variant: string, readyMB: number, peakMB: number, endMB: number): Step {
  return {
    label: part,
    part,
    variant,
    seconds: 1,
    loadAverage: { before: 1.5, after: 3.25 },
    processes: [
      { name: `${part} server`, pid: 1, readyMB, peakMB, maxSampledMB: peakMB, endMB, samples: 3 },
    ],
  };
}

describe.runIf(testBackend() === 'sqlite')('benchmark charts and memory', () => {
  it('draws bars to scale, dots for rounds, marks, and escapes text', () => {
    const svg = renderBarChart(spec);
    expect(XMLValidator.validate(svg)).toBe(true);
    const [ours, ceiling] = barWidths(svg);
    expect(ours / ceiling).toBeCloseTo(0.5, 2);
    // Three round dots plus the legend's.
    expect(svg.match(/<circle /g)).toHaveLength(4);
    expect(svg).toContain('stroke-dasharray');
    expect(svg).toContain('A &lt;title&gt; &amp; more');
    expect(renderBarChart(spec)).toBe(svg);
  });

  it('ends the scale on a round number at or above the largest value', () => {
    expect(niceScale(2215)).toEqual({ max: 2500, ticks: [0, 500, 1000, 1500, 2000, 2500] });
    expect(niceScale(0.72).max).toBe(0.8);
    expect(niceScale(0)).toEqual({ max: 1, ticks: [0, 1] });
  });

  it('charts only the parts a run has, naming the command, the load and changed settings', () => {
    const steps = [step('workers', 'postgres', 0, 0, 0)];
    const document: BenchDocument = {
      machine: { cpus: 2, cpuModel: 'Test CPU', memGB: 8, node: 'v20.0.0', platform: 'linux' },
      run: {
        startedAt: '2026-12-02T15:00:00.000Z',
        totalSeconds: 60,
        durationS: 10,
        warmupS: 2,
        parts: ['workers'],
        argv: ['--only', 'workers', '--jobs', '2000', '--rounds', '1'],
        options: { jobs: 2000, roundCount: 1, workerCounts: [1, 2, 4] },
        steps,
      },
      results: { workers: workersResult(), memory: summarizeMemory([], workersResult()) },
      goals: { met: true },
    };
    const charts = chartsOf(document);
    expect([...charts.keys()]).toEqual(['workers.svg', 'memory.svg']);
    const workers = charts.get('workers.svg')!;
    expect(XMLValidator.validate(workers)).toBe(true);
    expect(workers).toContain('npm run bench -- --only workers --jobs 2000 --rounds 1, 2026-12-02');
    expect(workers).toContain('load average 1.5 to 3.25');
    expect(workers).toContain('--jobs 2000 (default 10000), --rounds 1 (default 3)');
    const widths = barWidths(workers).slice(0, 3);
    expect(widths[2] / widths[0]).toBeCloseTo(2250 / 1500, 1);
    expect(workers).toContain('(1.5× 1 process)');

    const { argv: _argv, ...older } = document.run;
    expect(chartsOf({ ...document, run: older }).get('workers.svg')).toContain(
      'bench/results/latest.json, 2026-12-02',
    );
  });

  it('summarizes memory per part and database over rounds, and per worker count', () => {
    const rows = summarizeMemory(
      [
        step('negativacoes', 'sqlite', 100, 180, 150),
        step('negativacoes', 'sqlite', 110, 200, 170),
        step('negativacoes', 'sqlite', 105, 190, 160),
        step('ingest', 'postgres', 90, 120, 110),
      ],
      workersResult(),
    );
    expect(rows.map((row) => `${row.part} ${row.variant}`)).toEqual([
      'negativacoes sqlite',
      'ingest postgres',
      'workers postgres, 1 worker',
      'workers postgres, 2 workers',
      'workers postgres, 4 workers',
    ]);
    expect(rows[0]).toMatchObject({ rounds: 3, readyMB: 105, peakMB: 200, endMB: 160 });
    expect(rows[4]).toMatchObject({ readyMB: 120, peakMB: 154, endMB: 148 });
  });

  it('samples a child from spawn to stop: ready, peak and end, collected by the scope', async () => {
    const endScope = collectMemory();
    const child = spawnChild(
      'idle node',
      ['-e', "console.log('READY'); setInterval(() => {}, 1000)"],
      process.env,
      process.cwd(),
    );
    await child.waitFor(/READY/, 10_000);
    await child.stop();
    const [record] = endScope();
    expect(record).toMatchObject({ name: 'idle node', pid: child.pid });
    expect(record.readyMB).toBeGreaterThan(10);
    expect(record.endMB).toBeGreaterThan(10);
    expect(record.peakMB).toBeGreaterThanOrEqual(record.endMB);
    expect(child.memory()).toEqual(record);
    expect(collectMemory()()).toEqual([]);
  });
});
