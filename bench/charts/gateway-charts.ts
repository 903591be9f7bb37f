// Charts of the parts that load a credgate process: ours against the ceiling, SQLite against
// PostgreSQL, against the goal or the offered load.
import type { Outcome, Results } from '../report.js';
import { formatNumber, type ChartSpec, type Row } from './svg-bar-chart.js';

const DB_LABEL: Record<string, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

export function ok<T extends object>(outcome: Outcome<T> | undefined): T | undefined {
  return outcome && !('error' in outcome) ? outcome : undefined;
}

/** Present databases of a `{ sqlite?, postgres? }` part, successful runs only. */
function byDb<T extends object>(part: { sqlite?: Outcome<T>; postgres?: Outcome<T> } | undefined) {
  return (['sqlite', 'postgres'] as const).flatMap((db) => {
    const result = ok(part?.[db]);
    return result ? [{ db, label: DB_LABEL[db], result }] : [];
  });
}

function ingestChart(results: Results): ChartSpec | undefined {
  const runs = byDb(results.ingest);
  if (!runs.length) return undefined;
  return {
    title: 'Inbox ingest: durable 1 KB POSTs against the same server doing nothing',
    subtitle: `autocannon, ${runs[0].result.connections} connections; bars: the round with the median ingest ÷ ceiling ratio.`,
    series: [
      { name: 'GET /health', color: '#BBBBBB' },
      { name: 'empty 1 KB POST (ceiling)', color: '#777777' },
      { name: 'ingest (stored, group commit)', color: '#0072B2' },
    ],
    panels: [
      {
        title: 'requests per second',
        unit: 'req/s',
        rows: runs.map(({ label, result: r }) => ({
          label,
          bars: [
            {
              series: 'GET /health',
              value: r.health.reqPerSec,
              rounds: r.rounds.map((x) => x.healthReqPerSec),
            },
            {
              series: 'empty 1 KB POST (ceiling)',
              value: r.ceiling.reqPerSec,
              rounds: r.rounds.map((x) => x.ceilingReqPerSec),
            },
            {
              series: 'ingest (stored, group commit)',
              value: r.ingest.reqPerSec,
              label: `${formatNumber(r.ingest.reqPerSec)} req/s = ${Math.round(r.ratio * 100)}% of the ceiling`,
              rounds: r.rounds.map((x) => x.ingestReqPerSec),
            },
          ],
        })),
      },
      {
        title: 'ingest latency p99, ms (goal: ≥ 40% of the ceiling and p99 < 50 ms)',
        unit: 'ms',
        rows: runs.map(({ label, result: r }) => ({
          label,
          bars: [
            {
              series: 'ingest (stored, group commit)',
              value: r.ingest.latencyMs.p99,
              label: `p50 ${r.ingest.latencyMs.p50} / p99 ${r.ingest.latencyMs.p99} ms`,
            },
          ],
        })),
        marks: [{ value: 50, label: 'goal 50 ms' }],
      },
    ],
    notes: [],
  };
}

function jobLatencyChart(results: Results): ChartSpec | undefined {
  const paths = [
    ['SQLite, same process', results.jobLatency?.sqlite],
    ['PostgreSQL, same process', results.jobLatency?.postgresInProcess],
    ['PostgreSQL, LISTEN/NOTIFY', results.jobLatency?.postgresListenNotify],
  ] as const;
  const rows: Row[] = paths.flatMap(([label, outcome]) => {
    const r = ok(outcome);
    return r
      ? [
          {
            label,
            bars: [
              { series: 'p50', value: r.latencyMs.p50 },
              { series: 'p99', value: r.latencyMs.p99 },
            ],
          },
        ]
      : [];
  });
  if (!rows.length) return undefined;
  return {
    title: 'Job latency: enqueue call to handler start',
    subtitle: '2,000 jobs at 500/s, 10 worker slots; the enqueue transaction is included.',
    series: [
      { name: 'p50', color: '#56B4E9' },
      { name: 'p99', color: '#0072B2' },
    ],
    panels: [
      {
        title: 'milliseconds',
        unit: 'ms',
        rows,
        marks: [
          { value: 50, label: 'goal SQLite p99 < 50 ms' },
          { value: 100, label: 'goal PostgreSQL p99 < 100 ms' },
        ],
      },
    ],
    notes: [],
  };
}

function negativacoesChart(results: Results): ChartSpec | undefined {
  const runs = [
    ...byDb(results.negativacoes).map((run) => ({ ...run, label: `${run.label}, lotes` })),
    ...byDb(results.negativacoesPorPost).map((run) => ({
      ...run,
      label: `${run.label}, one POST each`,
    })),
  ];
  if (!runs.length) return undefined;
  const { count } = runs[0].result;
  return {
    title: `Bulk negativações: ${formatNumber(count)} through the API to the Serasa sandbox`,
    subtitle: `The credgate process (HTTP + workers), created in lotes of ${formatNumber(runs[0].result.linhasPorLote ?? 0)} (the goal) or by one POST each; bars: the round with the median CPU.`,
    series: [
      { name: 'SQLite, lotes', color: '#009E73' },
      { name: 'PostgreSQL, lotes', color: '#0072B2' },
      { name: 'SQLite, one POST each', color: '#7FCEB9' },
      { name: 'PostgreSQL, one POST each', color: '#7FB8D8' },
    ],
    panels: [
      {
        title: 'gateway CPU per negativação, ms (goal < 2 ms)',
        unit: 'ms',
        rows: runs.map(({ label, result: r }) => ({
          label,
          bars: [{ series: label, value: r.gatewayCpuMsPerNegativacao, rounds: r.cpuMsRounds }],
        })),
        marks: [{ value: 2, label: 'goal 2 ms' }],
      },
      {
        title:
          'webhook received → status applied, p99 ms (goal < 1,000 ms; routine of seed 000: 475,200 ms)',
        unit: 'ms',
        rows: runs.map(({ label, result: r }) => ({
          label,
          bars: [
            {
              series: label,
              value: r.webhookToStatusMs.p99,
              label: `p50 ${formatNumber(r.webhookToStatusMs.p50)} / p99 ${formatNumber(r.webhookToStatusMs.p99)} ms (worst round ${formatNumber(Math.max(r.webhookToStatusMs.p99, ...(r.webhookP99MsRounds ?? [])))})`,
              rounds: r.webhookP99MsRounds,
            },
          ],
        })),
        marks: [{ value: 1000, label: 'goal 1,000 ms' }],
      },
    ],
    notes: [],
  };
}

function pollingChart(results: Results): ChartSpec | undefined {
  const runs = byDb(results.polling);
  if (!runs.length) return undefined;
  const first = runs[0].result;
  return {
    title: `Polling ${formatNumber(first.protocolos)} Tecnospeed protocolos under a ${first.pollRateLimit}/s limit`,
    subtitle:
      'One round per database; no goal. The model: each protocolo read once per cycle of protocolos ÷ limit.',
    series: [
      { name: 'SQLite', color: '#009E73' },
      { name: 'PostgreSQL', color: '#0072B2' },
    ],
    panels: [
      {
        title: 'polls per second in the window',
        unit: 'polls/s',
        rows: runs.map(({ label, result: r }) => ({
          label,
          bars: [{ series: label, value: r.pollsPerSecond }],
        })),
        marks: [{ value: first.pollRateLimit, label: `limit ${first.pollRateLimit}/s` }],
      },
      {
        title: 'sandbox ACEITA → credgate event, p99 s',
        unit: 's',
        rows: runs.map(({ label, result: r }) => ({
          label,
          bars: [
            {
              series: label,
              value: r.delayMs.p99 / 1000,
              label: `p50 ${formatNumber(r.delayMs.p50 / 1000)} / p99 ${formatNumber(r.delayMs.p99 / 1000)} s`,
            },
          ],
        })),
        marks: [{ value: first.expectedCycleS, label: `one cycle, ${first.expectedCycleS} s` }],
      },
    ],
    notes: [],
  };
}

function bmpChart(results: Results): ChartSpec | undefined {
  const runs = byDb(results.bmpCallbacks);
  if (!runs.length) return undefined;
  const target = runs[0].result.targetPerSecond;
  return {
    title: `BMP callbacks: ${formatNumber(target)}/s offered for ${runs[0].result.durationS} s`,
    subtitle: 'Acknowledged callbacks per second, and from each callback’s due time to its answer.',
    series: [
      { name: 'SQLite', color: '#009E73' },
      { name: 'PostgreSQL', color: '#0072B2' },
    ],
    panels: [
      {
        title: 'acknowledged per second',
        unit: '/s',
        rows: runs.map(({ label, result: r }) => ({
          label,
          bars: [
            {
              series: label,
              value: r.achievedPerSecond,
              label: `${formatNumber(r.achievedPerSecond)}/s; lost ${r.audit.lost}, applied twice ${r.audit.doubleApplied.total}`,
            },
          ],
        })),
        marks: [{ value: target, label: `offered ${formatNumber(target)}/s` }],
      },
      {
        title: 'acknowledgement p99, ms',
        unit: 'ms',
        rows: runs.map(({ label, result: r }) => ({
          label,
          bars: [
            {
              series: label,
              value: r.ackLatencyMs.p99,
              label: `p50 ${formatNumber(r.ackLatencyMs.p50)} / p99 ${formatNumber(r.ackLatencyMs.p99)} ms`,
            },
          ],
        })),
      },
    ],
    notes: [],
  };
}

export { bmpChart, ingestChart, jobLatencyChart, negativacoesChart, pollingChart };
