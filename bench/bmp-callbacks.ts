import { randomBytes } from 'node:crypto';
import type { Database } from '../src/infra/db/connect-database.js';
import { createBmpSandbox } from '../src/providers/bmp/sandbox.js';
import type { ResultadoCarga } from '../src/providers/bmp/sandbox/send-load.js';
import { PROPOSTA_SITUACAO_ALTERADA } from '../src/use-cases/propostas/apply-situacao-proposta.js';
import { startSandboxServer } from '../src/sandboxes/start-sandbox-server.js';
import { defer } from './cleanup.js';
import { measureCpu, type CpuShare } from './processes.js';
import { startBenchGateway, type BenchGateway } from './start-bench-gateway.js';
import { distribution, round, sleep, type Distribution } from './stats.js';

export interface BmpCallbacksOptions {
  dialect: 'sqlite' | 'postgres';
  /** Callbacks per second the sandbox sends (issue 5: 2,000). */
  ratePerSec?: number;
  /** Seconds of measured load (issue 5: 20). */
  durationS?: number;
  /** Seconds of unmeasured load at the same rate first, so the sender and the server are warm. */
  warmupS?: number;
  /**
   * Share of exact copies (same GUID, situacao and body) in an extra run after the measured one;
   * 0 skips that run.
   */
  duplicateFraction?: number;
  /** Seconds of the run with copies, at the same rate. */
  duplicatesDurationS?: number;
  /** Keep-alive connections from the sandbox to credgate. */
  connections?: number;
  /** Longest wait, per run, for every stored callback to be processed. */
  drainTimeoutS?: number;
  /** Extra settings for the credgate process (e.g. CREDGATE_QUEUE_INBOUND_CONCURRENCY). */
  serverEnv?: Record<string, string>;
  repoRoot: string;
}

export interface BmpLoadRun {
  targetPerSecond: number;
  durationS: number;
  sent: number;
  /** Of `sent`, exact copies of the callback sent just before (0 outside the duplicates run). */
  copiesSent: number;
  /** Answered 2xx. */
  ok: number;
  failed: number;
  byStatus: Record<string, number>;
  errors: { timeout: number; conexao: number };
  /**
   * ok / loadWallSeconds. Not ok / durationS: the sandbox queues callbacks it cannot send yet
   * (all its connections busy), so a slow receiver still gets every one, only later.
   */
  achievedPerSecond: number;
  /** First send to the last answer, s: above durationS when the answers fell behind. */
  loadWallSeconds: number;
  /** From each callback's due time (not its departure) to its whole answer: queueing counts. */
  ackLatencyMs: ResultadoCarga['resposta_ms'];
  /** During the load: credgate (HTTP + workers), this process (sandbox sender), PostgreSQL. */
  cpu: CpuShare;
  /** Accepted callbacks stored but not yet processed when the last answer arrived. */
  backlogAtLoadEnd: number;
  audit: BmpAudit;
}

export interface BmpAudit {
  /** `eventos_entrada` rows of the integration received during the run, accepted. */
  storedAccepted: number;
  storedRefused: number;
  /** Distinct proposal GUIDs among them: one per original callback. */
  distinctPropostas: number;
  /** Acknowledged (2xx) callbacks with no stored event: max(0, ok - storedAccepted). */
  lost: number;
  /** Stored events still `pendente` when the wait for processing gave up (0: all processed). */
  unprocessed: number;
  /** `proposta_situacoes` rows of the run by resultado. */
  resultados: Record<string, number>;
  doubleApplied: {
    /** `aplicada` rows beyond the first for the same proposal and situacao. */
    aplicadaRepeated: number;
    /** `proposta.situacao_alterada` events beyond one per `aplicada` row. */
    extraEventos: number;
    total: number;
  };
  /** `proposta.situacao_alterada` events stored during the run. */
  eventos: number;
  /** `aplicada` rows with no event (should be 0). */
  eventosMissing: number;
  /** Stored copies (accepted events beyond one per GUID) and how many became `duplicada`. */
  copies: { stored: number; recordedDuplicada: number };
  /** processado_em - recebido_em of each processed event (its claim by a worker), ms. */
  applyLagMs: Distribution;
  /**
   * Longest interval between two consecutive receptions (recebido_em) of the run, ms: at 2,000/s
   * anything far above 0.5 ms is a stall of the server or of the sender.
   */
  longestReceiveGapMs: number;
  /** When that gap began, s after the run's first reception. */
  longestReceiveGapAtS: number;
  /** End of the load (last answer) to the last event processed, s. */
  drainSeconds: number;
}

export interface BmpCallbacksResult extends BmpLoadRun {
  dialect: 'sqlite' | 'postgres';
  warmup: Pick<BmpLoadRun, 'sent' | 'ok' | 'achievedPerSecond' | 'ackLatencyMs'> & {
    seconds: number;
    storedAccepted: number;
    drainSeconds: number;
  };
  /** The run with exact copies, when asked for. */
  duplicates?: BmpLoadRun & { duplicateFraction: number };
  command: string;
}

const DEFAULTS = {
  ratePerSec: 2000,
  durationS: 20,
  /** The first seconds are slower (JIT, connections, pools): unmeasured, at the same rate. */
  warmupS: 3,
  duplicateFraction: 0.1,
  duplicatesDurationS: 5,
  /** The sandbox's own default. */
  connections: 64,
  drainTimeoutS: 600,
};

/** `options` without its undefined entries, so they do not override the defaults. */
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

/**
 * BMP proposal callbacks at a steady rate from the BMP sandbox (in this process) to a credgate
 * process with workers, all on 127.0.0.1: the acknowledgement latency, and an audit that every
 * acknowledged callback was stored and each status applied once.
 */
export async function benchBmpCallbacks(options: BmpCallbacksOptions): Promise<BmpCallbacksResult> {
  const {
    ratePerSec,
    durationS,
    warmupS,
    duplicateFraction,
    duplicatesDurationS,
    connections,
    drainTimeoutS,
  } = { ...DEFAULTS, ...definedOnly(options) };
  const drainTimeoutMs = drainTimeoutS * 1000;
  const log = (message: string) =>
    process.stderr.write(`[bench bmp-callbacks ${options.dialect}] ${message}\n`);

  const sandbox = await startSandboxServer(createBmpSandbox());
  const closeSandbox = defer('stop the BMP sandbox', () => sandbox.close());
  const gateway = await startBenchGateway({
    dialect: options.dialect,
    repoRoot: options.repoRoot,
    env: options.serverEnv,
  });
  const { child, database } = gateway;
  try {
    const integracaoId = await pointSandboxAtCredgate(gateway, sandbox.url);

    /** One load from the sandbox, then the wait until credgate processed all of it, audited. */
    const run = async (label: string, seconds: number, copies: number): Promise<BmpLoadRun> => {
      // Every earlier run was drained: what is received from here on belongs to this one.
      const since = new Date().toISOString();
      log(`${label}: ${ratePerSec}/s for ${seconds} s${copies ? `, ${copies} copies` : ''}...`);
      const cpu = measureCpu(child.pid);
      const carga = await sendLoad(sandbox.url, {
        por_segundo: ratePerSec,
        duracao_s: seconds,
        conexoes: connections,
        duplicar_fracao: copies,
      });
      const cpuShare = cpu();
      const loadEnd = Date.now();
      const backlogAtLoadEnd = await countPending(database, integracaoId, since);
      log(
        `${label}: ${carga.ok} of ${carga.enviados} acknowledged, p99 ${carga.resposta_ms.p99} ms, ` +
          `server CPU ${cpuShare.serverPercent}%, ${backlogAtLoadEnd} waiting to be processed`,
      );
      const unprocessed = await waitProcessed(
        database,
        integracaoId,
        since,
        drainTimeoutMs,
        (text) => log(`${label}: ${text}`),
      );
      const audit = await auditRun(database, integracaoId, since, carga.ok, loadEnd, unprocessed);
      const loadWallSeconds = carga.duracao_ms / 1000;
      return {
        targetPerSecond: ratePerSec,
        durationS: seconds,
        sent: carga.enviados,
        copiesSent: carga.duplicados,
        ok: carga.ok,
        failed: carga.falhas,
        byStatus: carga.por_status,
        errors: carga.erros,
        achievedPerSecond: round(carga.ok / loadWallSeconds, 1),
        loadWallSeconds: round(loadWallSeconds, 2),
        ackLatencyMs: carga.resposta_ms,
        cpu: cpuShare,
        backlogAtLoadEnd,
        audit,
      };
    };

    const warm = await run('warm-up', warmupS, 0);
    const measured = await run('measured', durationS, 0);
    const duplicates =
      duplicateFraction > 0
        ? {
            duplicateFraction,
            ...(await run('duplicates', duplicatesDurationS, duplicateFraction)),
          }
        : undefined;
    return {
      dialect: options.dialect,
      ...measured,
      warmup: {
        seconds: warmupS,
        sent: warm.sent,
        ok: warm.ok,
        achievedPerSecond: warm.achievedPerSecond,
        ackLatencyMs: warm.ackLatencyMs,
        storedAccepted: warm.audit.storedAccepted,
        drainSeconds: warm.audit.drainSeconds,
      },
      ...(duplicates ? { duplicates } : {}),
      command:
        `${gateway.describe()}` +
        `; BMP sandbox POST /__sandbox/carga ` +
        `{por_segundo: ${ratePerSec}, duracao_s: ${durationS}, conexoes: ${connections}} (POST, ` +
        `bearer, situacoes 2, 6, 8, 9) after ${warmupS} s of warm-up` +
        (duplicates
          ? `; then ${duplicatesDurationS} s with duplicar_fracao ${duplicateFraction}`
          : ''),
    };
  } finally {
    await gateway.close();
    await closeSandbox();
  }
}

/** Creates the bmp integration (bearer) and points the sandbox at its receiving URL. */
async function pointSandboxAtCredgate(gateway: BenchGateway, sandboxUrl: string): Promise<string> {
  const token = randomBytes(24).toString('hex');
  const integracao = (await gateway.api('/v1/integracoes', {
    provedor: 'bmp',
    ambiente: 'homologacao',
    descricao: 'bench',
    credenciais: { recebimento: { token } },
    configuracoes: { recebimento: { autenticacao: 'bearer' } },
  })) as { id: string; url_recebimento: string };
  // Load goes to the address the server listens on, whatever public URL it would advertise.
  const inbound = `${gateway.url}${new URL(integracao.url_recebimento).pathname}`;
  const destino = await fetch(`${sandboxUrl}/__sandbox/destino`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: inbound, metodo: 'POST', autenticacao: { tipo: 'bearer', token } }),
  });
  if (!destino.ok) throw new Error(`PUT /__sandbox/destino answered ${destino.status}`);
  return integracao.id;
}

async function sendLoad(sandboxUrl: string, pedido: Record<string, number>) {
  const response = await fetch(`${sandboxUrl}/__sandbox/carga`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(pedido),
  });
  if (!response.ok) {
    throw new Error(`POST /__sandbox/carga answered ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as ResultadoCarga;
}

/** Accepted events of the run (received at `since` or later) of the integration. */
function runEvents(database: Database, integracaoId: string, since: string) {
  return database.db
    .selectFrom('eventos_entrada')
    .where('integracao_id', '=', integracaoId)
    .where('recebido_em', '>=', since)
    .where('veredito', '=', 'aceito');
}

async function countPending(database: Database, integracaoId: string, since: string) {
  const row = await runEvents(database, integracaoId, since)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('situacao', '=', 'pendente')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Waits until no accepted event of the run is pending; returns how many still are at timeout. */
async function waitProcessed(
  database: Database,
  integracaoId: string,
  since: string,
  timeoutMs: number,
  progress: (text: string) => void,
): Promise<number> {
  const started = performance.now();
  let last = { at: started, pending: Number.NaN };
  for (;;) {
    const pending = await countPending(database, integracaoId, since);
    if (pending === 0) return 0;
    const now = performance.now();
    if (now - started > timeoutMs) {
      progress(`gave up after ${round(timeoutMs / 1000)} s with ${pending} still pending`);
      return pending;
    }
    if (Number.isNaN(last.pending)) last = { at: now, pending };
    if (now - last.at >= 5000) {
      const perSecond = round((last.pending - pending) / ((now - last.at) / 1000));
      progress(`${pending} still pending, processing ${perSecond}/s`);
      last = { at: now, pending };
    }
    await sleep(100);
  }
}

async function auditRun(
  database: Database,
  integracaoId: string,
  since: string,
  acknowledged: number,
  loadEnd: number,
  unprocessed: number,
): Promise<BmpAudit> {
  const { db } = database;
  const stored = await db
    .selectFrom('eventos_entrada')
    .select(['veredito', (eb) => eb.fn.countAll<number>().as('n')])
    .where('integracao_id', '=', integracaoId)
    .where('recebido_em', '>=', since)
    .groupBy('veredito')
    .execute();
  const storedAccepted = Number(stored.find((row) => row.veredito === 'aceito')?.n ?? 0);
  const storedRefused = stored
    .filter((row) => row.veredito !== 'aceito')
    .reduce((sum, row) => sum + Number(row.n), 0);
  const distinct = await runEvents(database, integracaoId, since)
    .select((eb) => eb.fn.count<number>('referencia').distinct().as('n'))
    .executeTakeFirstOrThrow();
  const distinctPropostas = Number(distinct.n);

  const situacoes = db
    .selectFrom('proposta_situacoes as s')
    .innerJoin('propostas as p', 'p.id', 's.proposta_id')
    .where('p.integracao_id', '=', integracaoId)
    .where('s.recebida_em', '>=', since);
  const byResultado = await situacoes
    .select(['s.resultado', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('s.resultado')
    .execute();
  const resultados = Object.fromEntries(byResultado.map((row) => [row.resultado, Number(row.n)]));
  const repeated = await situacoes
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('s.resultado', '=', 'aplicada')
    .groupBy(['s.proposta_id', 's.situacao'])
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  const aplicadaRepeated = repeated.reduce((sum, row) => sum + Number(row.n) - 1, 0);
  const aplicadas = resultados.aplicada ?? 0;
  // Events are not tied to an integration by column; this run's integration is the only one.
  const eventosRow = await db
    .selectFrom('eventos')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tipo', '=', PROPOSTA_SITUACAO_ALTERADA)
    .where('criado_em', '>=', since)
    .executeTakeFirstOrThrow();
  const eventos = Number(eventosRow.n);

  const lags = await runEvents(database, integracaoId, since)
    .select(['recebido_em', 'processado_em'])
    .where('processado_em', 'is not', null)
    .execute();
  const received = lags.map((row) => Date.parse(row.recebido_em)).sort((a, b) => a - b);
  let longestReceiveGapMs = 0;
  let longestReceiveGapAtS = 0;
  for (let i = 1; i < received.length; i++) {
    const gap = received[i] - received[i - 1];
    if (gap > longestReceiveGapMs) {
      longestReceiveGapMs = gap;
      longestReceiveGapAtS = round((received[i - 1] - received[0]) / 1000, 2);
    }
  }
  let lastProcessed = Number.NEGATIVE_INFINITY;
  const applyLag = lags.map((row) => {
    const processed = Date.parse(row.processado_em!);
    lastProcessed = Math.max(lastProcessed, processed);
    return processed - Date.parse(row.recebido_em);
  });
  const extraEventos = Math.max(0, eventos - aplicadas);
  return {
    storedAccepted,
    storedRefused,
    distinctPropostas,
    lost: Math.max(0, acknowledged - storedAccepted),
    unprocessed,
    resultados,
    doubleApplied: { aplicadaRepeated, extraEventos, total: aplicadaRepeated + extraEventos },
    eventos,
    eventosMissing: Math.max(0, aplicadas - eventos),
    copies: {
      stored: storedAccepted - distinctPropostas,
      recordedDuplicada: resultados.duplicada ?? 0,
    },
    applyLagMs: distribution(applyLag),
    longestReceiveGapMs,
    longestReceiveGapAtS,
    // The last event can be claimed before its answer reached the sender: never below 0.
    drainSeconds: lags.length === 0 ? 0 : round(Math.max(0, lastProcessed - loadEnd) / 1000, 2),
  };
}
