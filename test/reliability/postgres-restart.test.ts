import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testBackend, type TestDatabase } from '../support/test-database.js';
import { CLUSTER_ENV, startCluster, type Cluster } from './support/cluster.js';
import { ensurePostgresUp, restartPostgres } from './support/postgres-server.js';
import { configureProviders, startProviders, type Providers } from './support/providers.js';
import { recordSummary } from './support/report.js';
import { rateFor, scaled, waitForState } from './support/scale.js';
import { expectNothingLostOrDuplicated, runWorkload, summarize } from './support/scenario.js';

// Two credgate processes (HTTP + workers) on one PostgreSQL under load, and the database server
// is restarted in the middle of it (`pg_ctlcluster … restart`: every connection is terminated).
// Nobody restarts credgate: its pools and its LISTEN connection must come back on their own, and
// whatever it acknowledged before the restart must still be there after it.
describe.runIf(testBackend() === 'postgres')('PostgreSQL restarted mid-run', () => {
  let testDb: TestDatabase | undefined;
  let providers: Providers | undefined;
  let cluster: Cluster | undefined;
  afterAll(async () => {
    await ensurePostgresUp();
    await cluster?.close();
    await providers?.close();
    await testDb?.cleanup();
  });

  it('reconnects by itself, keeps everything it acknowledged, loses and repeats nothing', async () => {
    const startedAt = Date.now();
    testDb = await createTestDatabase();
    providers = await startProviders();
    cluster = await startCluster(testDb.location, ['all', 'all'], CLUSTER_ENV);
    const setup = await configureProviders(cluster, providers);
    const database = testDb.database;
    const workload = {
      serasa: scaled(1000),
      tecnospeed: scaled(1000),
      callbacks: scaled(2000, 8),
      perSecond: rateFor(scaled(1000) * 2),
    };
    const running = runWorkload(cluster, () => database.db, providers, setup, workload);

    // A third of the negativacoes in: transmissions, webhooks, polls and deliveries all in flight.
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
    let downMs: number;
    try {
      downMs = await restartPostgres();
    } finally {
      await ensurePostgresUp();
    }
    const restartedAt = new Date().toISOString();
    const outcome = await running;

    // The same processes, never restarted, serve and work after the restart.
    const pids = cluster.instances.map((i) => i.child!.process.pid!);
    const alive = cluster.instances.map(
      (i) => i.child!.process.exitCode === null && i.child!.process.signalCode === null,
    );
    const ready = await Promise.all(
      cluster.instances.map(async (i) => (await fetch(`http://127.0.0.1:${i.port}/ready`)).status),
    );
    const workedAfter = await Promise.all(
      pids.map(async (pid) => {
        const { n } = await database.db
          .selectFrom('jobs')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('state', '=', 'completed')
          .where('finished_at', '>', restartedAt)
          .where('locked_by', 'like', `%:${pid}:%`)
          .executeTakeFirstOrThrow();
        return Number(n);
      }),
    );

    recordSummary(
      summarize(
        {
          cenario: '2-postgres-reiniciado',
          banco: 'postgres',
          processos: cluster.instances.length,
          startedAt,
          kills: 0,
          restarts: 0,
          reinicios_postgres: 1,
        },
        cluster,
        outcome,
        { postgres_fora_ms: downMs, jobs_depois_do_reinicio_por_processo: workedAfter },
      ),
    );
    expectNothingLostOrDuplicated(outcome);
    expect(alive).toEqual([true, true]);
    expect(cluster.instances.map((i) => i.starts)).toEqual([1, 1]);
    expect(ready).toEqual([200, 200]);
    for (const jobs of workedAfter) expect(jobs).toBeGreaterThan(0);
  });
});
