import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testBackend, type TestDatabase } from '../support/test-database.js';
import { CLUSTER_ENV, startCluster, type Cluster } from './support/cluster.js';
import type { ObservedSandbox } from './support/observed-sandbox.js';
import { configureProviders, startProviders, type Providers } from './support/providers.js';
import { recordSummary } from './support/report.js';
import { peakPerWindow, retryGaps } from './support/retry-analysis.js';
import { RATE, rateFor, scaled, waitForState } from './support/scale.js';
import { expectNothingLostOrDuplicated, runWorkload, summarize } from './support/scenario.js';

const BACKOFF = { baseMs: 250, maxMs: 8000 };
/** Tecnospeed polls per second the integration allows, per process. */
const POLL_LIMIT = 20;
const PROCESSES = 2;
const SPIKE = { everyMs: 8000, forMs: 1500, latencyMs: 5000 };
const OUTAGE_MS = 6000;

/** Every `everyMs`, each sandbox answers nothing for 5 s (the client gives up at 3 s). */
function latencySpikes(sandboxes: ObservedSandbox[]) {
  let stopped = false;
  let paused = false;
  let spikes = 0;
  const calm = () => {
    for (const s of sandboxes) s.faults.latencyMs = 0;
  };
  const loop = (async () => {
    while (!stopped) {
      await sleep(SPIKE.everyMs);
      if (stopped || paused) continue;
      for (const s of sandboxes) s.faults.latencyMs = SPIKE.latencyMs;
      spikes++;
      await sleep(SPIKE.forMs);
      calm();
    }
  })();
  return {
    get spikes() {
      return spikes;
    },
    /** No spike while the outage is measured: a stalled call would blur its count. */
    pause(value: boolean) {
      paused = value;
      if (value) calm();
    },
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

// Serasa and Tecnospeed fail 30% of the calls (15% a 503, 15% never answered), every few seconds
// stall for 5 s, and Serasa is down altogether for 6 s in the middle. Two credgate processes on
// PostgreSQL carry the host's negativacoes through it. Everything must converge, once; and the
// way it gets there is checked against the providers' side: retries back off, polls keep to the
// integration's rate, an outage does not bring a stampede.
describe.runIf(testBackend() === 'postgres')('providers failing, stalling and down', () => {
  let testDb: TestDatabase | undefined;
  let providers: Providers | undefined;
  let cluster: Cluster | undefined;
  let spikes: ReturnType<typeof latencySpikes> | undefined;
  afterAll(async () => {
    await spikes?.stop();
    await cluster?.close();
    await providers?.close();
    await testDb?.cleanup();
  });

  it('converges once each, backing off, within the rate limits, without a herd after an outage', async () => {
    const startedAt = Date.now();
    testDb = await createTestDatabase();
    providers = await startProviders();
    cluster = await startCluster(
      testDb.location,
      Array.from({ length: PROCESSES }, () => 'all' as const),
      {
        ...CLUSTER_ENV,
        CREDGATE_QUEUE_BACKOFF_BASE_MS: String(BACKOFF.baseMs),
        CREDGATE_QUEUE_BACKOFF_MAX_MS: String(BACKOFF.maxMs),
        // Every unanswered call here was never processed (hung or cut while stalled): the
        // sooner the window ends, the sooner it is sent again.
        CREDGATE_NEGATIVACAO_JANELA_RECONCILIACAO_MS: '6000',
      },
    );
    const setup = await configureProviders(cluster, providers, {
      serasaTimeoutMs: 3000,
      tecnospeedTimeoutMs: 3000,
      tecnospeedLimit: POLL_LIMIT,
    });
    const { serasa, tecnospeed } = providers;
    for (const s of [serasa, tecnospeed])
      Object.assign(s.faults, { errorRate: 0.15, timeoutRate: 0.15 });
    spikes = latencySpikes([serasa, tecnospeed]);
    const database = testDb.database;
    // Fewer than the other scenarios: this one is about converging under faults, and each
    // item's backoff, not the volume, sets how long it takes.
    const workload = {
      serasa: scaled(500),
      tecnospeed: scaled(500),
      callbacks: 0,
      perSecond: rateFor(scaled(500) * 2, RATE / 2),
    };
    const running = runWorkload(cluster, () => database.db, providers, setup, workload);

    // Serasa down for 6 s once a third of the negativacoes are in.
    const third = Math.ceil((workload.serasa + workload.tecnospeed) / 3);
    await waitForState(
      async () => {
        const { n } = await database.db
          .selectFrom('negativacoes')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        return Number(n) >= third;
      },
      `${third} negativacoes created`,
      60_000,
      200,
    );
    spikes.pause(true);
    const outage = { from: Date.now(), to: 0 };
    Object.assign(serasa.faults, { errorRate: 1, timeoutRate: 0 });
    await sleep(OUTAGE_MS);
    Object.assign(serasa.faults, { errorRate: 0.15, timeoutRate: 0.15 });
    outage.to = Date.now();
    spikes.pause(false);
    const outcome = await running;
    await spikes.stop();
    for (const s of [serasa, tecnospeed]) Object.assign(s.faults, { errorRate: 0, timeoutRate: 0 });

    // Backoff: after its k-th refused attempt a job waits at least half of base * 2^(k-1).
    const ids = outcome.tracked.flatMap((t) => (t.id ? [t.id] : []));
    const gaps = await retryGaps(database.db, ids, BACKOFF);
    const tooSoon = gaps.filter((g) => g.gapMs < g.minimumMs - 25);
    // Rate limit: Tecnospeed never saw more status reads (polls, and the lookups of unanswered
    // transmissions) in a second than the processes allow.
    const isPoll = (a: { method: string; url: string }) =>
      a.method === 'GET' && a.url.includes('/negativacao?');
    const pollPeak = peakPerWindow(tecnospeed.arrivals, isPoll, 1000);
    // Herd: during the outage each refused negativacao may try at most the attempts its backoff
    // allows in 6 s (the one that found it down, then at 125, 375, 875, 1875, 3875 ms at the
    // earliest; the next is 7875 ms away).
    const isSerasaDebt = (a: { url: string; at: number }) =>
      a.url.startsWith('/collection/debt') && a.at >= outage.from && a.at <= outage.to;
    const duringOutage = serasa.arrivals.filter(isSerasaDebt).length;
    const refusedDuringOutage = await database.db
      .selectFrom('negativacao_eventos')
      .select('negativacao_id')
      .distinct()
      .where('tipo', '=', 'falha_de_transmissao')
      .where('ocorrido_em', '>=', new Date(outage.from).toISOString())
      .where('ocorrido_em', '<=', new Date(outage.to).toISOString())
      .execute();
    const uncertain = await database.db
      .selectFrom('negativacao_eventos')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tipo', '=', 'transmissao_incerta')
      .executeTakeFirstOrThrow();

    recordSummary(
      summarize(
        {
          cenario: '4-provedores-com-falhas',
          banco: 'postgres',
          processos: PROCESSES,
          startedAt,
          kills: 0,
          restarts: 0,
        },
        cluster,
        outcome,
        {
          falhas: {
            erros: 0.15,
            sem_resposta: 0.15,
            picos_de_5s: spikes.spikes,
            queda_serasa_ms: OUTAGE_MS,
          },
          retentativas_medidas: gaps.length,
          retentativas_antes_do_backoff: tooSoon.length,
          transmissoes_incertas: Number(uncertain.n),
          pico_consultas_tecnospeed_por_s: pollPeak,
          limite_consultas_por_s: POLL_LIMIT * PROCESSES,
          chamadas_serasa_na_queda: duringOutage,
          negativacoes_recusadas_na_queda: refusedDuringOutage.length,
        },
      ),
    );
    expectNothingLostOrDuplicated(outcome);
    // The faults did happen: refused attempts were retried, unanswered ones reconciled.
    expect(gaps.length).toBeGreaterThanOrEqual(5);
    expect(Number(uncertain.n)).toBeGreaterThan(0);
    expect(tooSoon).toEqual([]);
    // Each process spaces its reads 1/limit apart; a request may reach the sandbox a little
    // sooner or later than it started, which can fit one more per process in a window.
    expect(pollPeak).toBeLessThanOrEqual((POLL_LIMIT + 1) * PROCESSES);
    expect(refusedDuringOutage.length).toBeGreaterThan(0);
    expect(duringOutage).toBeLessThanOrEqual(6 * refusedDuringOutage.length);
  });
});
