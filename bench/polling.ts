import { sql } from 'kysely';
import { configSchema } from '../src/infra/config/config-schema.js';
import { createTecnospeedSandbox } from '../src/providers/tecnospeed/sandbox.js';
import { startSandboxServer } from '../src/sandboxes/start-sandbox-server.js';
import { defer } from './cleanup.js';
import { benchPedido } from './negativacoes.js';
import { cpuSeconds, measureCpu, type CpuShare } from './processes.js';
import { startBenchGateway } from './start-bench-gateway.js';
import { distribution, round, type Distribution } from './stats.js';

export interface PollingOptions {
  dialect: 'sqlite' | 'postgres';
  /** Negativacoes created, i.e. protocolos credgate polls at the same time. */
  protocolos: number;
  /** Polls per second allowed: the integration's limit and the process's global one alike. */
  pollRate: number;
  /**
   * How long each negativacao stays NEGATIVACAO_PROCESSANDO in the sandbox, from its arrival.
   * Long enough that every one is still processing when the last is transmitted.
   */
  processandoMs: number;
  /** Requests in flight from the load generator while creating. */
  concurrency: number;
  /** CREDGATE_QUEUE_CONCURRENCY for the child; undefined keeps credgate's default. */
  queueConcurrency?: number;
  repoRoot: string;
}

export interface PollingResult {
  protocolos: number;
  /** limite_requisicoes_por_segundo of the integration = the child's global limit. */
  pollRateLimit: number;
  processandoMs: number;
  /** First POST /v1/negativacoes to the last one transmitted (referencia_inclusao set), s. */
  setupSeconds: number;
  /** Every negativacao transmitted to the last one `inserida`, s: the measured window. */
  windowSeconds: number;
  /** `GET /negativacao?protocolo=` calls the sandbox received inside the window. */
  polls: number;
  pollsPerSecond: number;
  /**
   * Polls/s from the window's start to the first ACEITA, while all protocolos were pending
   * (null when an ACEITA came before the window): the sustained rate with demand above the limit.
   */
  pollsPerSecondAllPending: number | null;
  /**
   * Poll jobs holding a worker slot (state `running`), sampled every 100 ms while all protocolos
   * were pending: at queueConcurrency, every slot is taken and the limit may be out of reach.
   */
  pollSlotsBusyMean: number | null;
  /** Child (HTTP + workers) CPU over the window divided by the polls in it. */
  gatewayCpuMsPerPoll: number;
  cpu: CpuShare;
  /** credgate's inclusao_confirmada minus the sandbox's ACEITA, for ACEITAs inside the window. */
  delayMs: Distribution;
  /** ACEITAs before the window started, left out of delayMs (0 unless creation was too slow). */
  aceitasBeforeWindow: number;
  /**
   * Limit-bound polling: every pending protocolo is read once per cycle of
   * protocolos / pollRate seconds, so a change is seen within about one cycle.
   */
  expectedCycleS: number;
  /** credgate's worker slots in the child (queue.concurrency). */
  queueConcurrency: number;
  /** Present when the worker's slots, not the limit, bound the rate (see `slotsNote`). */
  note?: string;
  command: string;
}

/** credgate's default queue.concurrency, read from the schema so the two never drift. */
const DEFAULT_QUEUE_CONCURRENCY = configSchema.parse({}).queue.concurrency;

interface SandboxRegistros {
  chamadas: Array<{ metodo: string; caminho: string; em: string }>;
  negativacoes: Array<{ protocolo: string; etapas: Array<{ situacao: string; em: string }> }>;
}

/**
 * The polling engine against the Tecnospeed sandbox (no webhooks: every transmission returns a
 * protocolo that credgate polls): a credgate process with workers, the sandbox and the load
 * generator in this process, all on 127.0.0.1, the sandbox on the real clock.
 */
export async function benchPolling(options: PollingOptions): Promise<PollingResult> {
  const sandbox = await startSandboxServer(createTecnospeedSandbox());
  const closeSandbox = defer('stop the Tecnospeed sandbox', () => sandbox.close());
  const queueConcurrency = options.queueConcurrency ?? DEFAULT_QUEUE_CONCURRENCY;
  const extraEnv: Record<string, string> = {
    // The process-wide polling budget would otherwise cap the integration's (default 50/s).
    CREDGATE_ACOMPANHAMENTO_LIMITE_GLOBAL_POR_SEGUNDO: String(options.pollRate),
    ...(options.queueConcurrency === undefined
      ? {}
      : { CREDGATE_QUEUE_CONCURRENCY: String(options.queueConcurrency) }),
  };
  const gateway = await startBenchGateway({
    dialect: options.dialect,
    repoRoot: options.repoRoot,
    env: extraEnv,
  });
  const { api, child, database } = gateway;
  try {
    // PROCESSANDO for processandoMs, then ENVIADO and ACEITA at the same instant: the slow
    // interval (60 s at least) would make a separate ENVIADO phase measure only that interval.
    const configured = await fetch(`${sandbox.url}/__sandbox/config`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ etapas_ms: { processando: options.processandoMs, enviado: 0 } }),
    });
    if (!configured.ok) throw new Error(`sandbox config: HTTP ${configured.status}`);
    const integracao = await api('/v1/integracoes', {
      provedor: 'tecnospeed',
      ambiente: 'homologacao',
      descricao: 'bench',
      // The sandbox's demo company, registered and active from the start.
      credenciais: {
        cnpj_sh: '11222333000181',
        token_sh: 'token-software-house',
        cnpj_usuario: '11222333000181',
        login: 'demo',
        senha: 'demo-senha',
      },
      configuracoes: {
        url_base: sandbox.url,
        limite_requisicoes_por_segundo: options.pollRate,
        // One fast interval of 1 s: demand (protocolos per second) far above the limit, so
        // polling should be bound by the limit (pollSlotsBusyMean tells when it is not).
        acompanhamento: { intervalos_rapidos_ms: [1000] },
      },
    });

    // Due 60 days ago: the sandbox refuses a vencimento today or later (4001).
    const vencimento = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10);
    const createOne = (i: number) =>
      api('/v1/negativacoes', { integracao_id: integracao.id, ...benchPedido(i, vencimento) });
    const createAll = async () => {
      let next = 0;
      await Promise.all(
        Array.from({ length: options.concurrency }, async () => {
          while (next < options.protocolos) await createOne(next++);
        }),
      );
    };
    const count = async (where: 'transmitidas' | 'inseridas' | 'recusadas') => {
      let query = database.db.selectFrom('negativacoes').select(sql<number>`count(*)`.as('n'));
      if (where === 'transmitidas') query = query.where('referencia_inclusao', 'is not', null);
      else if (where === 'inseridas') query = query.where('status', '=', 'inserida');
      else query = query.where('status', 'in', ['rejeitada', 'aguardando_correcao']);
      return Number((await query.executeTakeFirstOrThrow()).n);
    };
    const until = async (what: 'transmitidas' | 'inseridas', since: number, limitMs: number) => {
      for (;;) {
        const done = await count(what);
        if (done >= options.protocolos) return;
        const recusadas = await count('recusadas');
        if (recusadas > 0) throw new Error(`${recusadas} negativacoes rejeitadas or to correct`);
        if (performance.now() - since > limitMs)
          throw new Error(`only ${done} of ${options.protocolos} ${what} after ${limitMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };

    const expectedCycleS = options.protocolos / options.pollRate;
    const started = performance.now();
    await createAll();
    await until('transmitidas', started, 600_000);
    // Window start: every protocolo is known and pending, none is accepted yet (if processandoMs
    // was long enough); polls before it were for fewer protocolos.
    const windowStart = Date.now();
    const setupSeconds = (performance.now() - started) / 1000;
    const cpuStart = cpuSeconds(child.pid);
    const cpuShare = measureCpu(child.pid);
    const windowT0 = performance.now();
    // A poll waits for the rate limiter inside its job, holding one of the worker's slots: how
    // many are held shows whether the slots, not the limit, bound the rate.
    const slotSamples: Array<{ at: number; busy: number }> = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const row = await database.db
          .selectFrom('jobs')
          .select(sql<number>`count(*)`.as('n'))
          .where('kind', '=', 'acompanhar-negativacao')
          .where('state', '=', 'running')
          .executeTakeFirstOrThrow();
        slotSamples.push({ at: Date.now(), busy: Number(row.n) });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    try {
      await until(
        'inseridas',
        windowT0,
        options.processandoMs + 4 * expectedCycleS * 1000 + 300_000,
      );
    } finally {
      sampling = false;
      await sampler;
    }
    const windowEnd = Date.now();
    const cpu = cpuSeconds(child.pid) - cpuStart;
    const cpuPercent = cpuShare();
    const windowSeconds = (performance.now() - windowT0) / 1000;

    // Once, at the end: the call log holds every call of the run (tens of thousands).
    const registros = (await (
      await fetch(`${sandbox.url}/__sandbox/registros`)
    ).json()) as SandboxRegistros;
    // The tecnospeed protocolo is the negativacao's referencia_inclusao (accept-transmission.ts).
    const confirmadas = await database.db
      .selectFrom('negativacao_eventos as e')
      .innerJoin('negativacoes as n', 'n.id', 'e.negativacao_id')
      .select(['n.referencia_inclusao', 'e.ocorrido_em'])
      .where('e.tipo', '=', 'inclusao_confirmada')
      .execute();
    const { polls, pollsAllPending, allPendingS, firstAceita, delays, aceitasBeforeWindow } =
      analyse(registros, confirmadas, windowStart, windowEnd);

    const slotsBusy = mean(
      slotSamples.filter((sample) => sample.at < firstAceita).map((sample) => sample.busy),
    );
    const pollsPerSecondAllPending =
      allPendingS >= 1 ? round(pollsAllPending / allPendingS, 1) : null;
    const note = slotsNote(options.pollRate, pollsPerSecondAllPending, slotsBusy, queueConcurrency);
    return {
      protocolos: options.protocolos,
      pollRateLimit: options.pollRate,
      processandoMs: options.processandoMs,
      setupSeconds: round(setupSeconds, 2),
      windowSeconds: round(windowSeconds, 2),
      polls,
      pollsPerSecond: round(polls / windowSeconds, 1),
      pollsPerSecondAllPending,
      pollSlotsBusyMean: slotsBusy,
      gatewayCpuMsPerPoll: round((cpu * 1000) / polls, 3),
      cpu: cpuPercent,
      delayMs: distribution(delays),
      aceitasBeforeWindow,
      expectedCycleS: round(expectedCycleS, 2),
      queueConcurrency,
      ...(note ? { note } : {}),
      command: `${gateway.describe()}; sandbox etapas_ms {processando: ${options.processandoMs}, enviado: 0}`,
    };
  } finally {
    await gateway.close();
    await closeSandbox();
  }
}

/** Polls and ACEITA-to-event delays inside the window [start, end] (ms epoch). */
function analyse(
  registros: SandboxRegistros,
  confirmadas: Array<{ referencia_inclusao: string | null; ocorrido_em: string }>,
  start: number,
  end: number,
) {
  const pollTimes = registros.chamadas
    .filter((c) => c.metodo === 'GET' && /\/negativacao\?protocolo=/.test(c.caminho))
    .map((c) => Date.parse(c.em))
    .filter((t) => t >= start && t <= end);
  const confirmadaEm = new Map(
    confirmadas.map((row) => [row.referencia_inclusao, Date.parse(row.ocorrido_em)]),
  );
  const delays: number[] = [];
  let aceitasBeforeWindow = 0;
  let firstAceita = Number.POSITIVE_INFINITY;
  for (const negativacao of registros.negativacoes) {
    const aceita = negativacao.etapas.find((e) => e.situacao === 'NEGATIVACAO_ACEITA');
    if (!aceita) continue;
    const aceitaEm = Date.parse(aceita.em);
    firstAceita = Math.min(firstAceita, aceitaEm);
    if (aceitaEm < start) aceitasBeforeWindow++;
    const seen = confirmadaEm.get(negativacao.protocolo);
    if (seen !== undefined && aceitaEm >= start && aceitaEm <= end) delays.push(seen - aceitaEm);
  }
  return {
    polls: pollTimes.length,
    pollsAllPending: pollTimes.filter((t) => t < firstAceita).length,
    allPendingS: (firstAceita - start) / 1000,
    firstAceita,
    delays,
    aceitasBeforeWindow,
  };
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : round(values.reduce((a, b) => a + b, 0) / values.length, 2);
}

/**
 * A poll keeps its worker slot while it waits for the rate limiter, and the worker refills its
 * slots only once half are free (or after 20 ms): when polls stay below the limit with most slots
 * held, the slots are what binds the rate, and the result says so.
 */
function slotsNote(
  limit: number,
  pollsPerSecond: number | null,
  slotsBusy: number | null,
  slots: number,
): string | undefined {
  if (pollsPerSecond === null || slotsBusy === null) return undefined;
  if (pollsPerSecond >= 0.95 * limit || slotsBusy < 0.7 * slots) return undefined;
  return (
    `${pollsPerSecond} polls/s with all protocolos pending, below the limit of ${limit}/s, while ` +
    `polls held ${slotsBusy} of the worker's ${slots} slots on average: each poll holds its slot ` +
    `while it waits for the rate limiter, so queue.concurrency (CREDGATE_QUEUE_CONCURRENCY), not ` +
    `the limit, bounds the rate`
  );
}
