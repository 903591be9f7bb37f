import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { DB } from '../../../src/infra/db/schema.js';
import { bmpRecords, callbacksOf, launchProposals } from './bmp-load.js';
import {
  checkAcknowledged,
  checkBmp,
  checkNegativacoes,
  checkOutbound,
  inboundStates,
  jobStates,
  notRemoved,
  type Finding,
  type OutboundFinding,
} from './checks.js';
import type { Cluster } from './cluster.js';
import { Lifecycle, type Tracked } from './negativacoes.js';
import type { Providers, Setup } from './providers.js';
import type { ScenarioSummary } from './report.js';
import { PROGRESS, waitForState } from './scale.js';

export interface Workload {
  serasa: number;
  tecnospeed: number;
  /** BMP callbacks to send (proposals of four statuses; every tenth sends each twice). */
  callbacks: number;
  /** Negativacoes created per second, and BMP proposals started per second. */
  perSecond: number;
}

/** How many proposals make `callbacks` callbacks. */
export function proposalsFor(callbacks: number): number {
  let proposals = 0;
  for (let sent = 0; sent < callbacks; proposals++) sent += callbacksOf(proposals);
  return proposals;
}

export interface Outcome {
  /** true, or why the wait for the end state gave up (the findings then say what is missing). */
  converged: true | string;
  /** The negativacoes the host asked for. */
  tracked: Tracked[];
  /**
   * Seconds spent sending the load, until everything converged, and until every event's message
   * was recorded `entregue` (from the start).
   */
  seconds: { load: number; converged: number; delivered: number };
  negativacoes: Finding;
  bmp: Finding & { late: number };
  acknowledged: Finding;
  outbound: OutboundFinding;
  jobs: Record<string, number>;
  inbound: Record<string, number>;
}

/**
 * The host's traffic (negativacoes created, then paid once inserted) and BMP's callbacks, all
 * through the balancer, until every negativacao is `removida`, every proposal has sent its
 * statuses and every event has reached the host, or a timeout that grows with the load runs
 * out; then reads what happened. Kills and restarts are the caller's, running beside it.
 */
export async function runWorkload(
  cluster: Cluster,
  db: () => Kysely<DB>,
  providers: Providers,
  setup: Setup,
  workload: Workload,
): Promise<Outcome> {
  // Generous, and growing with the load: the waits are guards, not the measure.
  const items = workload.serasa + workload.tecnospeed + workload.callbacks;
  const timeoutMs = 120_000 + 100 * items;
  const lifecycle = new Lifecycle(cluster, db);
  let converged: true | string;
  // Interleaved, so both providers are busy through the whole run.
  for (let i = 0; i < Math.max(workload.serasa, workload.tecnospeed); i++) {
    if (i < workload.serasa) lifecycle.plan(1, 'serasa', setup.serasaId);
    if (i < workload.tecnospeed) lifecycle.plan(1, 'tecnospeed', setup.tecnospeedId);
  }
  lifecycle.startPaying();
  const startedAt = Date.now();
  const seconds = { load: 0, converged: 0, delivered: 0 };
  let lastReport = Date.now();
  const report = (text: string) => {
    if (!PROGRESS || Date.now() - lastReport < 10_000) return;
    lastReport = Date.now();
    console.log(`[reliability] ${Math.round((Date.now() - startedAt) / 1000)} s: ${text}`);
  };
  try {
    await Promise.all([
      lifecycle.createAll(16, workload.perSecond),
      launchProposals(providers.bmp, proposalsFor(workload.callbacks), workload.perSecond / 4),
    ]);
    seconds.load = Math.round((Date.now() - startedAt) / 1000);
    let left = '';
    converged = await waitForState(
      async () => {
        const serasa = await notRemoved(
          db(),
          lifecycle.tracked.filter((t) => t.provedor === 'serasa'),
        );
        const tecnospeed = await notRemoved(
          db(),
          lifecycle.tracked.filter((t) => t.provedor === 'tecnospeed'),
        );
        const sending = (await bmpRecords(providers.bmp)).filter((p) => p.em_andamento).length;
        left = `${serasa} Serasa and ${tecnospeed} Tecnospeed negativacoes not removida, ${sending} BMP proposals still sending`;
        report(left);
        return serasa + tecnospeed === 0 && sending === 0;
      },
      () => `every negativacao removida and every BMP callback sent (${left})`,
      timeoutMs,
    ).then(
      () => true as const,
      (error: Error) => error.message,
    );
    seconds.converged = Math.round((Date.now() - startedAt) / 1000);
  } finally {
    await lifecycle.stop();
  }
  // The host can hold a message before its sender records the answer (or, when the sender was
  // killed there, before the job's lease runs out and it is sent again): wait for both.
  let outbound = await checkOutbound(db(), providers, setup);
  await waitForState(
    async () => {
      outbound = await checkOutbound(db(), providers, setup);
      report(
        `${outbound.lost} events not at the host, ${outbound.unsettled} messages not yet entregue`,
      );
      return outbound.lost === 0 && outbound.unsettled === 0;
    },
    () =>
      `every event delivered to the host and recorded entregue (${outbound.lost} of ` +
      `${outbound.total} missing, ${outbound.unsettled} not yet entregue)`,
    60_000 + 10 * outbound.total,
  ).catch(() => undefined); // the finding says what is missing
  seconds.delivered = Math.round((Date.now() - startedAt) / 1000);
  return {
    converged,
    seconds,
    tracked: lifecycle.tracked,
    negativacoes: await checkNegativacoes(db(), lifecycle.tracked, providers),
    bmp: await checkBmp(db(), providers),
    acknowledged: await checkAcknowledged(db(), providers),
    outbound,
    jobs: await jobStates(db()),
    inbound: await inboundStates(db()),
  };
}

/** The scenario's row of the summary table, from what was measured. */
export function summarize(
  base: Pick<ScenarioSummary, 'cenario' | 'banco' | 'processos'> & {
    startedAt: number;
    kills: number;
    restarts: number;
    reinicios_postgres?: number;
  },
  cluster: Cluster,
  outcome: Outcome,
  detalhes: Record<string, unknown> = {},
): ScenarioSummary {
  const { negativacoes, bmp, outbound, acknowledged, jobs, inbound } = outcome;
  const findings = [negativacoes, bmp, outbound, acknowledged];
  return {
    cenario: base.cenario,
    banco: base.banco,
    processos: base.processos,
    duracao_s: Math.round((Date.now() - base.startedAt) / 1000),
    negativacoes: negativacoes.total,
    callbacks_bmp: bmp.total,
    eventos_entrada: Object.values(inbound).reduce((a, b) => a + b, 0),
    eventos_saida: outbound.total,
    entregas_recebidas: outbound.received,
    kills: base.kills,
    restarts: base.restarts,
    reinicios_postgres: base.reinicios_postgres ?? 0,
    perdidos: findings.reduce((sum, f) => sum + f.lost, 0),
    duplicados: findings.reduce((sum, f) => sum + f.duplicated, 0),
    detalhes: {
      convergiu: outcome.converged,
      segundos: outcome.seconds,
      reentregas_ao_host: outbound.redelivered,
      recusadas_pelo_host: outbound.refused,
      bmp_fora_de_ordem: bmp.late,
      jobs,
      eventos_entrada: inbound,
      cliente: cluster.clientStats,
      balanceador: {
        cortadas_502: cluster.balancer.cut,
        redirecionadas: cluster.balancer.failedOver,
      },
      ...detalhes,
      problemas: findings.flatMap((f) => f.problems),
    },
  };
}

/** The end state every scenario must reach: converged, nothing lost, nothing twice. */
export function expectNothingLostOrDuplicated(outcome: Outcome): void {
  expect(outcome.converged).toBe(true);
  for (const [name, found] of Object.entries({
    negativacoes: outcome.negativacoes,
    bmp: outcome.bmp,
    outbound: outcome.outbound,
    acknowledged: outcome.acknowledged,
  })) {
    expect(found.problems, name).toEqual([]);
    expect(found, name).toMatchObject({ lost: 0, duplicated: 0 });
  }
  expect(outcome.outbound.refused).toBe(0);
  expect(outcome.jobs.dead ?? 0).toBe(0);
  expect(Object.keys(outcome.inbound)).toEqual(['processado']);
}
