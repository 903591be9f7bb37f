import { sql } from 'kysely';
import { serasaExperianSandbox } from '../src/providers/serasa-experian/sandbox.js';
import type { StatusNegativacao } from '../src/infra/db/schema.js';
import { startSandboxServer } from '../src/sandboxes/start-sandbox-server.js';
import { defer } from './cleanup.js';
import { cpuSeconds, measureCpu, type CpuShare } from './processes.js';
import { startBenchGateway, type BenchGateway } from './start-bench-gateway.js';
import { distribution, round, type Distribution } from './stats.js';

/**
 * How the negativacoes are created: `lotes` of LINHAS_POR_LOTE rows through the bulk API
 * (`POST /v1/negativacoes/lotes`, then `.../confirmar`), or `posts`, one `POST /v1/negativacoes`
 * each, `concurrency` in flight.
 */
export type Via = 'lotes' | 'posts';

/** Rows per lote: a month's file of a small ISP. Lotes go one after another. */
export const LINHAS_POR_LOTE = 1000;

export interface NegativacoesOptions {
  dialect: 'sqlite' | 'postgres';
  via: Via;
  count: number;
  /** Negativacoes created (and left to reach `inserida`) before measuring, so the JIT is warm. */
  warmup: number;
  /** Requests in flight from the load generator (`posts`). */
  concurrency: number;
  repoRoot: string;
}

export interface NegativacoesResult {
  via: Via;
  /** Rows per lote (`lotes`). */
  linhasPorLote?: number;
  count: number;
  warmup: number;
  /** First POST to the last negativacao `inserida`, seconds. */
  wallSeconds: number;
  negativacoesPerSecond: number;
  /** CPU of the credgate process (HTTP + workers) per negativacao: create, transmit, apply webhook. */
  gatewayCpuMsPerNegativacao: number;
  /** Who used the two cores while it ran: credgate, this process (client + sandbox), PostgreSQL. */
  cpu: CpuShare;
  /** Per request: one POST (`posts`), or a lote's preview and confirmation (`lotes`). */
  requestLatencyMs: Distribution;
  /** Webhook received (stored) to status applied, ms. */
  webhookToStatusMs: Distribution;
  /** The seed's routine applies webhooks every 8 minutes: waits are uniform on [0, 480 s]. */
  referenceModel: { description: string; p50Ms: number; p99Ms: number };
  command: string;
  /** Gateway CPU per negativacao of every round run, in run order (the result is the median). */
  cpuMsRounds?: number[];
  /** Webhook-to-status p99 of every round; the goal is judged on the worst. */
  webhookP99MsRounds?: number[];
}

/**
 * The round with the median gateway CPU (the upper one of an even count), carrying every
 * round's CPU beside it.
 */
export function medianCpuRound<T extends { gatewayCpuMsPerNegativacao: number }>(
  rounds: T[],
): T & { cpuMsRounds: number[] } {
  const sorted = [...rounds].sort(
    (a, b) => a.gatewayCpuMsPerNegativacao - b.gatewayCpuMsPerNegativacao,
  );
  return {
    ...sorted[Math.floor(sorted.length / 2)],
    cpuMsRounds: rounds.map((round) => round.gatewayCpuMsPerNegativacao),
  };
}

/** `medianCpuRound` with every round's webhook p99 beside it too. */
export function medianRound(rounds: NegativacoesResult[]): NegativacoesResult {
  return {
    ...medianCpuRound(rounds),
    webhookP99MsRounds: rounds.map((round) => round.webhookToStatusMs.p99),
  };
}

const REFERENCE_PERIOD_MS = 8 * 60_000;

/**
 * The body of the `i`-th benchmark negativacao without `integracao_id`: one debtor (a sandbox
 * homologacao CPF), a contract and an invoice of its own.
 */
export function benchPedido(i: number, vencimento = '2025-12-10') {
  return {
    credor: '62173620000180',
    devedor: {
      documento: '00001209523',
      nome: 'CLIENTE TESTE ABCB',
      endereco: {
        cep: '01001000',
        logradouro: 'RUA EXEMPLO',
        numero: '123',
        bairro: 'CENTRO',
        cidade: 'SAO PAULO',
        uf: 'SP',
      },
    },
    // Sent as the contract number: unique, or the sandbox refuses a duplicate.
    contrato: `BENCH-${i}`,
    valor_centavos: 15075,
    vencimento,
    natureza: 'TI',
    faturas: [`F-${i}`],
  };
}

/**
 * How far each negativacao is taken: `created` (POST only, the gateway runs no workers),
 * `transmitted` (sent to the sandbox, which delivers no webhook) or `confirmed` (`inserida` by
 * webhook). The stages' differences say where the gateway's CPU goes.
 */
export type BulkStage = 'created' | 'transmitted' | 'confirmed';

const STATUS_AT: Record<Exclude<BulkStage, 'created'>, StatusNegativacao> = {
  transmitted: 'aguardando_confirmacao_inserir',
  confirmed: 'inserida',
};

interface BulkRun {
  wallSeconds: number;
  cpuMs: number;
  cpu: CpuShare;
  requestLatencies: number[];
  /** ISO instant after the warm-up: inbound events from then on belong to the measured run. */
  measuredFrom: string;
}

/**
 * Bulk negativacao through the API against the Serasa sandbox (no delays): a credgate process
 * with workers, the sandbox and the load generator in this process, all on 127.0.0.1.
 */
export async function benchNegativacoes(options: NegativacoesOptions): Promise<NegativacoesResult> {
  return withBulkRun(options, 'confirmed', async (run, gateway) => {
    const eventos = await gateway.database.db
      .selectFrom('eventos_entrada')
      .select(['recebido_em', 'processado_em'])
      .where('situacao', '=', 'processado')
      .where('recebido_em', '>=', run.measuredFrom)
      .execute();
    return {
      via: options.via,
      ...(options.via === 'lotes' && { linhasPorLote: LINHAS_POR_LOTE }),
      count: options.count,
      warmup: options.warmup,
      wallSeconds: round(run.wallSeconds, 2),
      negativacoesPerSecond: round(options.count / run.wallSeconds, 1),
      gatewayCpuMsPerNegativacao: round(run.cpuMs / options.count, 3),
      cpu: run.cpu,
      requestLatencyMs: distribution(run.requestLatencies),
      webhookToStatusMs: distribution(
        eventos.map((e) => Date.parse(e.processado_em!) - Date.parse(e.recebido_em)),
      ),
      referenceModel: {
        description: 'routine applying webhooks every 8 minutes (seed 000)',
        p50Ms: REFERENCE_PERIOD_MS * 0.5,
        p99Ms: REFERENCE_PERIOD_MS * 0.99,
      },
      command:
        `${gateway.describe()}, created ${options.via === 'lotes' ? `in lotes of ${LINHAS_POR_LOTE}` : `by one POST each, ${options.concurrency} in flight`}, ` +
        `after ${options.warmup} warm-up negativacoes`,
    };
  });
}

export interface StageResult {
  stage: BulkStage;
  gatewayCpuMsPerNegativacao: number;
  wallSeconds: number;
  cpu: CpuShare;
}

/** The gateway's CPU per negativacao taken only as far as `stage`. */
export async function benchNegativacaoStage(
  options: NegativacoesOptions,
  stage: BulkStage,
): Promise<StageResult> {
  return withBulkRun(options, stage, async (run) => ({
    stage,
    gatewayCpuMsPerNegativacao: round(run.cpuMs / options.count, 3),
    wallSeconds: round(run.wallSeconds, 2),
    cpu: run.cpu,
  }));
}

async function withBulkRun<T>(
  options: NegativacoesOptions,
  stage: BulkStage,
  report: (run: BulkRun, gateway: BenchGateway) => Promise<T>,
): Promise<T> {
  const sandbox = await startSandboxServer(serasaExperianSandbox);
  const closeSandbox = defer('stop the Serasa sandbox', () => sandbox.close());
  const gateway = await startBenchGateway({
    dialect: options.dialect,
    repoRoot: options.repoRoot,
    ...(stage === 'created' && { env: { BENCH_WORKERS: '0' } }),
  });
  const { api, child, database } = gateway;
  try {
    const integracao = await api('/v1/integracoes', {
      provedor: 'serasa_experian',
      ambiente: 'homologacao',
      descricao: 'bench',
      credenciais: { login_consulta: 'a', senha_consulta: 'b', login_pefin: 'c', senha_pefin: 'd' },
      configuracoes: {
        url_consulta: sandbox.url,
        url_pefin: sandbox.url,
        url_login_pefin: sandbox.url,
      },
    });
    if (stage === 'confirmed') {
      await fetch(`${sandbox.url}/__sandbox/webhook`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: integracao.url_recebimento }),
      });
    }

    const timed = async (request: () => Promise<unknown>) => {
      const t0 = performance.now();
      await request();
      return performance.now() - t0;
    };
    /** Negativacoes `from`..`to`-1, one POST each with `concurrency` in flight. */
    const postRange = async (from: number, to: number) => {
      let next = from;
      const latencies: number[] = [];
      await Promise.all(
        Array.from({ length: options.concurrency }, async () => {
          while (next < to) {
            const body = { integracao_id: integracao.id, ...benchPedido(next++) };
            latencies.push(await timed(() => api('/v1/negativacoes', body)));
          }
        }),
      );
      return latencies;
    };
    /** Negativacoes `from`..`to`-1 in lotes: each previewed, then confirmed. */
    const loteRange = async (from: number, to: number) => {
      const latencies: number[] = [];
      for (let first = from; first < to; first += LINHAS_POR_LOTE) {
        const linhas: Array<ReturnType<typeof benchPedido>> = [];
        for (let i = first; i < Math.min(to, first + LINHAS_POR_LOTE); i++)
          linhas.push(benchPedido(i));
        latencies.push(
          await timed(async () => {
            const lote = await api('/v1/negativacoes/lotes', {
              integracao_id: integracao.id,
              linhas,
            });
            if (lote.validas !== linhas.length) {
              throw new Error(
                `lote ${String(lote.id)}: ${String(lote.validas)} valid rows of ${linhas.length}`,
              );
            }
            await api(`/v1/negativacoes/lotes/${String(lote.id)}/confirmar`, {});
          }),
        );
      }
      return latencies;
    };
    const createRange = options.via === 'lotes' ? loteRange : postRange;
    /** Until `total` negativacoes reached the stage (a POST's answer means created). */
    const untilStage = async (total: number, since: number) => {
      if (stage === 'created') return;
      for (;;) {
        const row = await database.db
          .selectFrom('negativacoes')
          .select(sql<number>`count(*)`.as('n'))
          .where('status', '=', STATUS_AT[stage])
          .executeTakeFirstOrThrow();
        if (Number(row.n) >= total) return;
        if (performance.now() - since > 600_000)
          throw new Error(`only ${row.n} of ${total} ${STATUS_AT[stage]} after 10 min`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };

    await createRange(0, options.warmup);
    await untilStage(options.warmup, performance.now());

    // Every warm-up webhook was applied above: events from here on belong to the measured run.
    const measuredFrom = new Date().toISOString();
    const cpuStart = cpuSeconds(child.pid);
    const cpuShare = measureCpu(child.pid);
    const started = performance.now();
    const requestLatencies = await createRange(options.warmup, options.warmup + options.count);
    await untilStage(options.warmup + options.count, started);
    const run: BulkRun = {
      wallSeconds: (performance.now() - started) / 1000,
      cpuMs: (cpuSeconds(child.pid) - cpuStart) * 1000,
      cpu: cpuShare(),
      requestLatencies,
      measuredFrom,
    };
    return await report(run, gateway);
  } finally {
    await gateway.close();
    await closeSandbox();
  }
}
