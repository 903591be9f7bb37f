// `npm run bench [-- --only ingest|jobs|rss|negativacoes|polling|bmp|b49c|workers|stages] [-- --db sqlite|postgres]
// [-- --via lotes|posts] [-- --duration <s>] [-- --count <n>] [-- --rounds <n>] [-- --protocolos <n>] [-- --poll-rate <n>]
// [-- --jobs <n>] [-- --workers 1,2,4]`: credgate's performance goals, measured on this machine.
// JSON on stdout (and bench/results/latest.json), Markdown on stderr, SVG charts in docs/bench/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderCharts } from './charts/render-charts.js';
import { collectMemory } from './child-memory.js';
import { installSignalCleanup, runPendingCleanups } from './cleanup.js';
import { benchIdleRss } from './idle-rss.js';
import { benchIngest } from './ingest.js';
import { benchJobLatency, type JobLatencyOptions } from './job-latency.js';
import {
  benchNegativacaoStage,
  benchNegativacoes,
  medianCpuRound,
  medianRound,
  type BulkStage,
  type NegativacoesResult,
  type StageResult,
  type Via,
} from './negativacoes.js';
import { benchBmpCallbacks } from './bmp-callbacks.js';
import { benchB49cCodec } from './b49c-codec.js';
import { benchPolling } from './polling.js';
import { summarizeMemory, type Step } from './memory-summary.js';
import type { BenchDocument } from './bench-document.js';
import { evaluateGoals, markdown, type Outcome, type Results } from './report.js';
import { BENCH_DEFAULTS } from './settings.js';
import { errorMessage, round } from './stats.js';
import { benchWorkers } from './workers.js';

const PARTS = [
  'ingest',
  'jobs',
  'rss',
  'negativacoes',
  'polling',
  'bmp',
  'b49c',
  'workers',
  'stages',
] as const;
/** `stages` (where a negativacao's CPU goes) is diagnostic: run it with `--only stages`. */
const DEFAULT_PARTS = PARTS.filter((part) => part !== 'stages');
const STAGES: BulkStage[] = ['created', 'transmitted', 'confirmed'];
/** Not measured: they bring the JIT and the connection pools to a steady state first. */
const WARMUP_NEGATIVACOES = 1000;
/**
 * Tecnospeed negativacoes stay PROCESSANDO this long in the polling part: longer than creating and
 * transmitting 5,000 of them takes here, so all are pending when the measured window starts. That
 * took 16-29 s on SQLite and 32-92 s on PostgreSQL (polls of the first protocolos share the worker
 * slots with the later transmissions): 45 s left PostgreSQL short on a busy machine.
 */
const POLLING_PROCESSANDO_MS = 90_000;
type Part = (typeof PARTS)[number];

const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));

const DIALECTS = ['sqlite', 'postgres'] as const;
type Dialect = (typeof DIALECTS)[number];
const VIAS: Via[] = ['lotes', 'posts'];

function parseOptions(): {
  parts: Part[];
  dialects: Dialect[];
  vias: Via[];
  roundCount: number;
  durationS: number;
  count: number;
  protocolos: number;
  pollRate: number;
  jobs: number;
  workerCounts: number[];
} {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      duration: { type: 'string', default: String(BENCH_DEFAULTS.durationS) },
      count: { type: 'string', default: String(BENCH_DEFAULTS.count) },
      db: { type: 'string' },
      via: { type: 'string', default: VIAS.join(',') },
      rounds: { type: 'string', default: String(BENCH_DEFAULTS.roundCount) },
      protocolos: { type: 'string', default: String(BENCH_DEFAULTS.protocolos) },
      'poll-rate': { type: 'string', default: String(BENCH_DEFAULTS.pollRate) },
      jobs: { type: 'string', default: String(BENCH_DEFAULTS.jobs) },
      workers: { type: 'string', default: BENCH_DEFAULTS.workerCounts.join(',') },
    },
  });
  const dialects = values.db?.split(',').map((db) => db.trim()) ?? [...DIALECTS];
  for (const dialect of dialects) {
    if (!DIALECTS.includes(dialect as Dialect)) throw new Error(`--db takes ${DIALECTS.join('|')}`);
  }
  const vias = values.via.split(',').map((via) => via.trim());
  for (const via of vias) {
    if (!VIAS.includes(via as Via)) throw new Error(`--via takes ${VIAS.join('|')}`);
  }
  const only = values.only?.split(',').map((part) => part.trim());
  for (const part of only ?? []) {
    if (!PARTS.includes(part as Part)) throw new Error(`--only takes ${PARTS.join('|')}`);
  }
  const pollRate = positiveInteger('--poll-rate', values['poll-rate']);
  // The Tecnospeed settings cap limite_requisicoes_por_segundo at 1000.
  if (pollRate > 1000) throw new Error(`--poll-rate must be at most 1000, got ${pollRate}`);
  return {
    parts: (only as Part[] | undefined) ?? DEFAULT_PARTS,
    dialects: dialects as Dialect[],
    vias: vias as Via[],
    roundCount: positiveInteger('--rounds', values.rounds),
    durationS: positiveInteger('--duration (seconds)', values.duration),
    count: positiveInteger('--count', values.count),
    protocolos: positiveInteger('--protocolos', values.protocolos),
    pollRate,
    jobs: positiveInteger('--jobs', values.jobs),
    workerCounts: values.workers
      .split(',')
      .map((count) => positiveInteger('--workers', count.trim())),
  };
}

function positiveInteger(option: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${option} must be a positive whole number, got ${text}`);
  }
  return value;
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Every step run, with the load average around it and its child processes' memory. */
const steps: Step[] = [];

async function attempt<T>(
  label: string,
  run: () => Promise<T>,
  step?: { part: Part; variant: string },
): Promise<Outcome<T>> {
  const loadBefore = round(loadavg()[0]);
  log(`${label} (load average ${loadBefore})...`);
  const started = performance.now();
  const endMemory = collectMemory();
  const record = () => {
    const seconds = round((performance.now() - started) / 1000, 1);
    const loadAverage = { before: loadBefore, after: round(loadavg()[0]) };
    if (step) steps.push({ label, ...step, seconds, loadAverage, processes: endMemory() });
    else endMemory();
    return `${seconds} s, load average ${loadAverage.before} → ${loadAverage.after}`;
  };
  try {
    const result = await run();
    log(`${label}: done in ${record()}`);
    return result;
  } catch (error) {
    log(`${label}: FAILED after ${record()}: ${errorMessage(error)}`);
    return { error: errorMessage(error) };
  }
}

function describeMachine(): BenchDocument['machine'] {
  const cpuList = cpus();
  return {
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model ?? 'unknown',
    memGB: round(totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${process.platform} ${release()} ${process.arch}`,
  };
}

async function main(): Promise<number> {
  installSignalCleanup();
  const options = parseOptions();
  const { parts, dialects, vias, roundCount, durationS, count, protocolos, pollRate } = options;
  const startedAt = new Date();
  const machine = describeMachine();
  const results: Results = {};

  if (parts.includes('ingest')) {
    results.ingest = {};
    for (const dialect of dialects) {
      results.ingest[dialect] = await attempt(
        `ingest ${dialect} (${durationS} s + warm-ups)`,
        () => benchIngest({ dialect, durationS, warmupS: 2, repoRoot }),
        { part: 'ingest', variant: dialect },
      );
    }
  }
  if (parts.includes('jobs')) {
    const common = { jobs: 2000, warmupJobs: 100, ratePerSec: 500 };
    const runs: Array<[keyof NonNullable<Results['jobLatency']>, JobLatencyOptions]> = [
      ['sqlite', { ...common, dialect: 'sqlite', path: 'in-process' }],
      ['postgresInProcess', { ...common, dialect: 'postgres', path: 'in-process' }],
      ['postgresListenNotify', { ...common, dialect: 'postgres', path: 'listen-notify' }],
    ];
    results.jobLatency = {};
    for (const [name, options] of runs) {
      results.jobLatency[name] = await attempt(
        `job latency ${name}`,
        () => benchJobLatency(options),
        { part: 'jobs', variant: name },
      );
    }
  }
  if (parts.includes('rss')) {
    results.idleRss = await attempt(
      'idle RSS of credgate start',
      () => benchIdleRss({ repoRoot, settleMs: 3000 }),
      { part: 'rss', variant: 'demo, idle' },
    );
  }

  if (parts.includes('negativacoes')) {
    const { lotes, posts } = await benchNegativacaoRounds(dialects, vias, roundCount, count);
    results.negativacoes = lotes;
    results.negativacoesPorPost = posts;
  }
  if (parts.includes('polling')) {
    // One round per database: a round lasts about two minutes, most of it spent polling on the
    // sandbox's fixed schedule, so rounds would add time rather than precision.
    results.polling = {};
    for (const dialect of dialects) {
      const outcome = await attempt(
        `polling ${protocolos} protocolos at ${pollRate}/s ${dialect}`,
        () =>
          benchPolling({
            dialect,
            protocolos,
            pollRate,
            processandoMs: POLLING_PROCESSANDO_MS,
            concurrency: 32,
            repoRoot,
          }),
        { part: 'polling', variant: dialect },
      );
      if (!('error' in outcome) && outcome.aceitasBeforeWindow > 0) {
        log(
          `polling ${dialect}: ${outcome.aceitasBeforeWindow} ACEITAs came before every protocolo was transmitted (machine slower than ${POLLING_PROCESSANDO_MS} ms allows); they are left out of the delays`,
        );
      }
      results.polling[dialect] = outcome;
    }
  }

  if (parts.includes('bmp')) results.bmpCallbacks = await benchBmpRuns(dialects);
  results.b49cCodec = await benchB49cPart(parts);
  results.negativacaoStages = await benchStagesPart(options);
  results.workers = await benchWorkersPart(options);
  results.memory = summarizeMemory(steps, results.workers && ok(results.workers));

  const goals = evaluateGoals(results);
  const { parts: _parts, dialects: _dialects, ...settings } = options;
  const document: BenchDocument = {
    machine,
    run: {
      startedAt: startedAt.toISOString(),
      totalSeconds: round((Date.now() - startedAt.getTime()) / 1000, 1),
      durationS,
      warmupS: 2,
      parts,
      argv: process.argv.slice(2),
      options: { ...settings, db: dialects },
      steps,
    },
    results,
    goals,
  };
  const json = JSON.stringify(document, null, 2);
  const resultsDir = join(repoRoot, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'latest.json'), json + '\n');
  process.stdout.write(json + '\n');
  process.stderr.write('\n' + markdown(results, goals));
  for (const file of renderCharts(document, join(repoRoot, 'docs/bench'))) log(`chart: ${file}`);

  const errors = JSON.stringify(results).includes('"error":');
  return errors ? 1 : 0;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  process.stderr.write(`bench: ${errorMessage(error)}\n`);
} finally {
  await runPendingCleanups();
}
process.exit(exitCode);

function ok<T extends object>(outcome: Outcome<T>): T | undefined {
  return 'error' in outcome ? undefined : outcome;
}

/**
 * Rounds alternate between the databases and the ways of creating so that this shared machine's
 * drift in speed (a fixed CPU loop varies by up to 2x here) reaches all alike; each reports its
 * median round.
 */
async function benchNegativacaoRounds(
  dialects: Dialect[],
  vias: Via[],
  roundCount: number,
  count: number,
) {
  const rounds = new Map<string, NegativacoesResult[]>();
  const failures = new Map<string, { error: string }>();
  for (let round = 1; round <= roundCount; round++) {
    for (const dialect of dialects) {
      for (const via of vias) {
        const variant = `${dialect} ${via}`;
        if (failures.has(variant)) continue;
        const outcome = await attempt(
          `${count} negativacoes ${dialect} by ${via}, round ${round} of ${roundCount}`,
          () =>
            benchNegativacoes({
              dialect,
              via,
              count,
              warmup: WARMUP_NEGATIVACOES,
              concurrency: 32,
              repoRoot,
            }),
          { part: 'negativacoes', variant },
        );
        if ('error' in outcome) failures.set(variant, outcome);
        else rounds.set(variant, [...(rounds.get(variant) ?? []), outcome]);
      }
    }
  }
  const byDialect = (via: Via) => {
    if (!vias.includes(via)) return undefined;
    const results: NonNullable<Results['negativacoes']> = {};
    for (const dialect of dialects) {
      const variant = `${dialect} ${via}`;
      results[dialect] = failures.get(variant) ?? medianRound(rounds.get(variant)!);
    }
    return results;
  };
  return { lotes: byDialect('lotes'), posts: byDialect('posts') };
}

/**
 * The negativacoes part taken to each stage in turn, one gateway process per run; each round
 * starts the rotation one stage later, so no stage always runs first.
 */
async function benchStagesPart(options: ReturnType<typeof parseOptions>) {
  const { parts, dialects, roundCount, count } = options;
  if (!parts.includes('stages')) return undefined;
  const results: NonNullable<Results['negativacaoStages']> = {};
  for (const dialect of dialects) {
    const runs = new Map<BulkStage, StageResult[]>();
    let failure: { error: string } | undefined;
    for (let round = 0; round < roundCount && !failure; round++) {
      for (let i = 0; i < STAGES.length && !failure; i++) {
        const stage = STAGES[(round + i) % STAGES.length];
        const outcome = await attempt(
          `${count} negativacoes ${dialect} to ${stage}, round ${round + 1} of ${roundCount}`,
          () =>
            benchNegativacaoStage(
              {
                dialect,
                via: 'posts',
                count,
                warmup: WARMUP_NEGATIVACOES,
                concurrency: 32,
                repoRoot,
              },
              stage,
            ),
          { part: 'stages', variant: `${dialect} ${stage}` },
        );
        if ('error' in outcome) failure = outcome;
        else runs.set(stage, [...(runs.get(stage) ?? []), outcome]);
      }
    }
    results[dialect] = failure ?? {
      count,
      stages: STAGES.map((stage) => medianCpuRound(runs.get(stage)!)),
    };
  }
  return results;
}

/** Issue 6: the B49C codec against fixed-width-parser and bare slice loops (no database). */
async function benchB49cPart(parts: Part[]) {
  if (!parts.includes('b49c')) return undefined;
  return attempt('B49C codec, 7 rounds', async () => benchB49cCodec(), {
    part: 'b49c',
    variant: 'in-process',
  });
}

/** Issue 8: the job queue with 1, 2 and 4 worker processes on PostgreSQL. */
async function benchWorkersPart(options: ReturnType<typeof parseOptions>) {
  if (!options.parts.includes('workers')) return undefined;
  const { workerCounts, jobs, roundCount } = options;
  return attempt(
    `job queue, ${workerCounts.join('/')} worker processes on PostgreSQL, ${jobs} jobs × ${roundCount} rounds`,
    () =>
      benchWorkers({
        workerCounts,
        rounds: roundCount,
        jobs,
        warmupJobs: 1000,
        latencyJobs: 2000,
        ratePerSec: 500,
        repoRoot,
        log,
      }),
    { part: 'workers', variant: 'postgres' },
  );
}

/** Issue 5: 2,000 callbacks/s for 20 s, then 5 s with a tenth sent twice, as BMP's retries. */
async function benchBmpRuns(dialects: Dialect[]) {
  const results: NonNullable<Results['bmpCallbacks']> = {};
  for (const dialect of dialects) {
    results[dialect] = await attempt(
      `BMP callbacks 2000/s for 20 s ${dialect}`,
      () => benchBmpCallbacks({ dialect, repoRoot }),
      { part: 'bmp', variant: dialect },
    );
  }
  return results;
}
