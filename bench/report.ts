import { b49cGoals, b49cMarkdown, type B49cCodecResult } from './b49c-codec.js';
import type { BmpCallbacksResult, BmpLoadRun } from './bmp-callbacks.js';
import type { IdleRssResult } from './idle-rss.js';
import type { IngestResult } from './ingest.js';
import type { JobLatencyResult } from './job-latency.js';
import { memoryMarkdown, type MemoryRow } from './memory-summary.js';
import type { NegativacoesResult } from './negativacoes.js';
import type { PollingResult } from './polling.js';
import type { WorkersResult } from './workers.js';
import { workersMarkdown } from './workers-report.js';
import { table } from './markdown-table.js';
import { cpuShare, stagesMarkdown, type StagesResults } from './stages-report.js';

export type Outcome<T> = T | { error: string };

export interface Results {
  ingest?: { sqlite?: Outcome<IngestResult>; postgres?: Outcome<IngestResult> };
  jobLatency?: {
    sqlite?: Outcome<JobLatencyResult>;
    postgresInProcess?: Outcome<JobLatencyResult>;
    postgresListenNotify?: Outcome<JobLatencyResult>;
  };
  idleRss?: Outcome<IdleRssResult>;
  /** Created in lotes through the bulk API: the issue's bulk creation, judged by the goal. */
  negativacoes?: { sqlite?: Outcome<NegativacoesResult>; postgres?: Outcome<NegativacoesResult> };
  /** No goal: the same created by one POST each, for comparison. */
  negativacoesPorPost?: {
    sqlite?: Outcome<NegativacoesResult>;
    postgres?: Outcome<NegativacoesResult>;
  };
  /** No goal: where the negativacoes part's CPU goes, stage by stage (`--only stages`). */
  negativacaoStages?: StagesResults;
  /** No goal: the issue asks for the figures only. */
  polling?: { sqlite?: Outcome<PollingResult>; postgres?: Outcome<PollingResult> };
  bmpCallbacks?: { sqlite?: Outcome<BmpCallbacksResult>; postgres?: Outcome<BmpCallbacksResult> };
  b49cCodec?: Outcome<B49cCodecResult>;
  /** No goal: the issue asks for the figures, 1 worker against 2 and 4. */
  workers?: Outcome<WorkersResult>;
  /** RSS of each part's credgate process (see memory-summary.ts). */
  memory?: MemoryRow[];
}

export interface Goal {
  criterion: string;
  actual: Record<string, unknown>;
  met: boolean;
}

const INGEST_MIN_RATIO = 0.4;
const INGEST_MAX_P99_MS = 50;
const JOB_P99_MS = { sqlite: 50, postgres: 100 };
const IDLE_RSS_MAX_MB = 200;
const WEBHOOK_P99_MS = 1000;
const GATEWAY_CPU_MS = 2;

function ok<T extends object>(outcome: Outcome<T> | undefined): T | undefined {
  return outcome && !('error' in outcome) ? outcome : undefined;
}

function failed(outcome: Outcome<object> | undefined): string | undefined {
  return outcome && 'error' in outcome ? outcome.error : undefined;
}

/** Each goal, plus `met`: all of them met. */
export interface Goals {
  [name: string]: Goal | boolean;
  met: boolean;
}

export function evaluateGoals(results: Results): Goals {
  const goals: Record<string, Goal> = {};
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const outcome = results.ingest?.[dialect];
    if (!outcome) continue;
    const name = `ingest_${dialect}`;
    const criterion = `ingest req/s >= ${INGEST_MIN_RATIO * 100}% of the empty 1 KB POST route and ingest p99 < ${INGEST_MAX_P99_MS} ms`;
    const result = ok(outcome);
    goals[name] = result
      ? {
          criterion,
          actual: { ratio: result.ratio, p99Ms: result.ingest.latencyMs.p99 },
          met: result.ratio >= INGEST_MIN_RATIO && result.ingest.latencyMs.p99 < INGEST_MAX_P99_MS,
        }
      : { criterion, actual: { error: failed(outcome) }, met: false };
  }
  const jobs = [
    ['jobLatency_sqlite', results.jobLatency?.sqlite, JOB_P99_MS.sqlite],
    ['jobLatency_postgres_inProcess', results.jobLatency?.postgresInProcess, JOB_P99_MS.postgres],
    [
      'jobLatency_postgres_listenNotify',
      results.jobLatency?.postgresListenNotify,
      JOB_P99_MS.postgres,
    ],
  ] as const;
  for (const [name, outcome, limit] of jobs) {
    if (!outcome) continue;
    const criterion = `enqueue-to-start p99 < ${limit} ms, every job started`;
    const result = ok(outcome);
    goals[name] = result
      ? {
          criterion,
          actual: { p99Ms: result.latencyMs.p99, jobsNotStarted: result.jobsNotStarted },
          met: result.latencyMs.p99 < limit && result.jobsNotStarted === 0,
        }
      : { criterion, actual: { error: failed(outcome) }, met: false };
  }
  if (results.idleRss) {
    const criterion = `idle RSS of credgate start (demo) < ${IDLE_RSS_MAX_MB} MB`;
    const result = ok(results.idleRss);
    goals.idleRss = result
      ? { criterion, actual: { rssMB: result.rssMB }, met: result.rssMB < IDLE_RSS_MAX_MB }
      : { criterion, actual: { error: failed(results.idleRss) }, met: false };
  }
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const outcome = results.negativacoes?.[dialect];
    if (!outcome) continue;
    const criterion = `webhook-to-status p99 < ${WEBHOOK_P99_MS} ms and gateway CPU < ${GATEWAY_CPU_MS} ms per negativacao`;
    const result = ok(outcome);
    // Latency is judged on the worst round, CPU on the median round.
    const webhookP99Ms = result
      ? Math.max(result.webhookToStatusMs.p99, ...(result.webhookP99MsRounds ?? []))
      : 0;
    goals[`negativacoes_${dialect}`] = result
      ? {
          criterion,
          actual: { webhookP99Ms, cpuMsPerNegativacao: result.gatewayCpuMsPerNegativacao },
          met: webhookP99Ms < WEBHOOK_P99_MS && result.gatewayCpuMsPerNegativacao < GATEWAY_CPU_MS,
        }
      : { criterion, actual: { error: failed(outcome) }, met: false };
  }
  Object.assign(goals, bmpGoals(results), b49cGoals(results.b49cCodec));
  return { ...goals, met: Object.values(goals).every((goal) => goal.met) };
}

const BMP_RATE_PER_S = 2000;

/** BMP callbacks: nothing acknowledged may be lost or applied twice; the rate is reported. */
function bmpGoals(results: Results): Record<string, Goal> {
  const goals: Record<string, Goal> = {};
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const outcome = results.bmpCallbacks?.[dialect];
    if (!outcome) continue;
    const criterion = `BMP callbacks at ${BMP_RATE_PER_S}/s: zero lost and zero applied twice (copies included); rate and ack p99 recorded`;
    const result = ok(outcome);
    const runs = result ? [result, ...(result.duplicates ? [result.duplicates] : [])] : [];
    goals[`bmp_callbacks_${dialect}`] = result
      ? {
          criterion,
          actual: {
            achievedPerSecond: result.achievedPerSecond,
            ackP99Ms: result.ackLatencyMs.p99,
            lost: sum(runs, (run) => run.audit.lost),
            doubleApplied: sum(runs, (run) => run.audit.doubleApplied.total),
          },
          met: runs.every(
            (run) =>
              run.audit.lost === 0 &&
              run.audit.doubleApplied.total === 0 &&
              run.audit.copies.stored === run.audit.copies.recordedDuplicada,
          ),
        }
      : { criterion, actual: { error: failed(outcome) }, met: false };
  }
  return goals;
}

/** The job queue with several worker processes, and memory under each load. */
function issue8Sections(results: Results): string[] {
  return [
    ...(results.workers ? [workersMarkdown(results.workers)] : []),
    ...(results.memory?.length ? [memoryMarkdown(results.memory)] : []),
  ];
}

function sum(runs: BmpLoadRun[], of: (run: BmpLoadRun) => number): number {
  return runs.reduce((total, run) => total + of(run), 0);
}

export function markdown(results: Results, goals: Goals): string {
  const parts: string[] = [];
  if (results.ingest) {
    const rows: Array<Array<string | number>> = [];
    for (const dialect of ['sqlite', 'postgres'] as const) {
      const outcome = results.ingest[dialect];
      const r = ok(outcome);
      if (!outcome) continue;
      if (!r) {
        rows.push([dialect, `error: ${failed(outcome)}`, '', '', '', '', '', '', '', '', '', '']);
        continue;
      }
      rows.push([
        dialect,
        r.health.reqPerSec,
        r.ceiling.reqPerSec,
        `${r.ceiling.latencyMs.p50} / ${r.ceiling.latencyMs.p99}`,
        r.ingest.reqPerSec,
        `${r.ingest.latencyMs.p50} / ${r.ingest.latencyMs.p99}`,
        `${Math.round(r.ratio * 100)}% (${Math.round(r.ratioToHealth * 100)}% of GET)`,
        `${r.ingest.errors} / ${r.ingest.non2xx}`,
        `${r.durability.storedAcceptedRows} / ${r.durability.acknowledged2xx}`,
        r.durability.avgEventsPerCommit ?? '-',
        r.serverMemory.rssMB,
        r.ingest.cpu
          ? `${r.ingest.cpu.serverPercent} / ${r.ingest.cpu.loadGeneratorPercent} / ${r.ingest.cpu.postgresPercent}`
          : '-',
      ]);
    }
    parts.push(
      '### Inbox ingest (50 connections, 1 KB JSON)',
      table(
        [
          'db',
          'GET /health req/s',
          'empty POST req/s',
          'empty POST p50/p99 ms',
          'ingest req/s',
          'ingest p50/p99 ms',
          'ratio',
          'errors / non-2xx',
          'stored / 2xx',
          'events/commit',
          'server RSS MB',
          'ingest CPU % server / load gen / postgres',
        ],
        rows,
      ),
    );
  }
  if (results.jobLatency) {
    const rows = Object.entries(results.jobLatency).map(([name, outcome]) => {
      const r = ok(outcome);
      if (!r) return [name, `error: ${failed(outcome)}`, '', '', '', '', ''];
      return [
        name,
        r.latencyMs.p50,
        r.latencyMs.p99,
        r.latencyMs.max,
        r.enqueueTransactionMs.p50,
        r.achievedRatePerSec,
        r.startedBeforeEnqueueReturned,
        r.jobsNotStarted,
      ];
    });
    parts.push(
      '### Job latency (enqueue call → handler start)',
      table(
        [
          'path',
          'p50 ms',
          'p99 ms',
          'max ms',
          'enqueue tx p50 ms',
          'jobs/s',
          'started before enqueue returned',
          'not started',
        ],
        rows,
      ),
    );
  }
  if (results.idleRss) {
    const r = ok(results.idleRss);
    parts.push(
      '### Idle RSS',
      r
        ? table(
            ['command', 'RSS MB', 'peak MB', 'start-up ms'],
            [[r.command, r.rssMB, r.peakRssMB, r.startupMs]],
          )
        : `error: ${failed(results.idleRss)}`,
    );
  }
  const bulk = [
    ...Object.entries(results.negativacoes ?? {}),
    ...Object.entries(results.negativacoesPorPost ?? {}),
  ];
  if (bulk.length > 0) {
    const rows = bulk.map(([dialect, outcome]) => {
      const r = ok(outcome);
      if (!r) return [dialect, `error: ${failed(outcome)}`, '', '', '', '', '', '', '', '', ''];
      return [
        dialect,
        r.via === 'lotes' ? 'lotes (goal)' : 'one POST each',
        r.count,
        r.wallSeconds,
        r.negativacoesPerSecond,
        r.gatewayCpuMsPerNegativacao,
        (r.cpuMsRounds ?? []).join(', '),
        `${r.requestLatencyMs.p50} / ${r.requestLatencyMs.p99}`,
        `${r.webhookToStatusMs.p50} / ${r.webhookToStatusMs.p99}`,
        `${r.referenceModel.p50Ms} / ${r.referenceModel.p99Ms}`,
        cpuShare(r.cpu),
      ];
    });
    parts.push(
      '### Bulk negativacoes against the Serasa sandbox',
      table(
        [
          'db',
          'created',
          'count',
          'wall s',
          'per s',
          'gateway CPU ms each (median round)',
          'CPU ms each, every round',
          'request p50/p99 ms (a POST, or a lote previewed and confirmed)',
          'webhook→status p50/p99 ms',
          'reference (8-min routine) p50/p99 ms',
          'CPU % credgate / client+sandbox / PostgreSQL',
        ],
        rows,
      ),
    );
  }
  if (results.negativacaoStages) parts.push(stagesMarkdown(results.negativacaoStages));
  if (results.polling) {
    const rows = Object.entries(results.polling).map(([dialect, outcome]) => {
      const r = ok(outcome);
      if (!r) return [dialect, `error: ${failed(outcome)}`, '', '', '', '', '', '', '', '', ''];
      return [
        dialect,
        r.protocolos,
        r.pollRateLimit,
        r.windowSeconds,
        `${r.pollsPerSecond} (${r.pollsPerSecondAllPending ?? '-'})`,
        `${r.pollSlotsBusyMean ?? '-'} of ${r.queueConcurrency}`,
        r.gatewayCpuMsPerPoll,
        `${r.cpu.serverPercent} / ${r.cpu.loadGeneratorPercent} / ${r.cpu.postgresPercent}`,
        `${r.delayMs.p50} / ${r.delayMs.p99}`,
        `${r.delayMs.count} (${r.aceitasBeforeWindow} before)`,
        r.expectedCycleS,
      ];
    });
    parts.push(
      '### Polling Tecnospeed protocolos (no goal)',
      table(
        [
          'db',
          'protocolos',
          'limit /s',
          'window s',
          'polls/s (all pending)',
          'worker slots held by polls (all pending)',
          'gateway CPU ms per poll',
          'CPU % server / sandbox + load gen / postgres',
          'ACEITA→event p50/p99 ms',
          'delays measured (ACEITA before window)',
          'model cycle s',
        ],
        rows,
      ),
    );
  }
  if (results.bmpCallbacks) {
    const rows = Object.entries(results.bmpCallbacks).map(([dialect, outcome]) => {
      const r = ok(outcome);
      if (!r) return [dialect, `error: ${failed(outcome)}`, '', '', '', '', '', ''];
      const d = r.duplicates;
      return [
        dialect,
        `${r.achievedPerSecond} of ${r.targetPerSecond}`,
        `${r.ackLatencyMs.p50} / ${r.ackLatencyMs.p99}`,
        `${r.audit.applyLagMs.p50} / ${r.audit.applyLagMs.p99}`,
        r.audit.drainSeconds,
        `${r.cpu.serverPercent} / ${r.cpu.loadGeneratorPercent} / ${r.cpu.postgresPercent}`,
        `${r.audit.lost} / ${r.audit.doubleApplied.total}`,
        d
          ? `${d.audit.copies.stored} stored, ${d.audit.copies.recordedDuplicada} duplicada, ${d.audit.doubleApplied.total} applied twice`
          : '-',
      ];
    });
    parts.push(
      '### BMP callbacks',
      table(
        [
          'db',
          'acked/s',
          'ack p50/p99 ms',
          'apply lag p50/p99 ms',
          'drain s',
          'CPU % server / sender / postgres',
          'lost / applied twice',
          'copies run',
        ],
        rows,
      ),
    );
  }
  if (results.b49cCodec) parts.push(b49cMarkdown(results.b49cCodec));
  parts.push(...issue8Sections(results));
  const goalRows = Object.entries(goals)
    .filter((entry): entry is [string, Goal] => typeof entry[1] === 'object')
    .map(([name, goal]) => [
      name,
      goal.criterion,
      JSON.stringify(goal.actual),
      goal.met ? 'yes' : 'NO',
    ]);
  parts.push('### Goals', table(['goal', 'criterion', 'actual', 'met'], goalRows));
  return parts.join('\n\n') + '\n';
}
