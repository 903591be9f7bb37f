import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testBackend, type TestDatabase } from '../support/test-database.js';
import {
  CLUSTER_ENV,
  killRepeatedly,
  startCluster,
  type Chaos,
  type Cluster,
} from './support/cluster.js';
import { configureProviders, startProviders, type Providers } from './support/providers.js';
import { recordSummary } from './support/report.js';
import { KILL_EVERY_MS, RATE, rateFor, scaled } from './support/scale.js';
import { expectNothingLostOrDuplicated, runWorkload, summarize } from './support/scenario.js';

// The SQLite deployment: one credgate process (HTTP + workers) on its database file, SIGKILLed
// every few seconds and started again, under the same traffic as the PostgreSQL scenario. While
// it is down, the host, Serasa and BMP get refused connections and retry.
describe.runIf(testBackend() === 'sqlite')('one SQLite process killed and restarted', () => {
  let testDb: TestDatabase | undefined;
  let providers: Providers | undefined;
  let cluster: Cluster | undefined;
  let chaos: Chaos | undefined;
  afterAll(async () => {
    await chaos?.stop().catch(() => undefined);
    await cluster?.close();
    await providers?.close();
    await testDb?.cleanup();
  });

  it('loses nothing acknowledged and does nothing twice across the restarts', async () => {
    const startedAt = Date.now();
    testDb = await createTestDatabase();
    providers = await startProviders();
    cluster = await startCluster(testDb.location, ['all'], CLUSTER_ENV);
    const setup = await configureProviders(cluster, providers);
    chaos = killRepeatedly(cluster, KILL_EVERY_MS);
    const database = testDb.database;
    const outcome = await runWorkload(cluster, () => database.db, providers, setup, {
      serasa: scaled(500),
      tecnospeed: scaled(500),
      callbacks: scaled(1000, 8),
      // 30 s at least: a kill and a restart take about 6 s here.
      perSecond: rateFor(scaled(500) * 2, RATE / 2, 30),
    });
    await chaos.stop();

    recordSummary(
      summarize(
        {
          cenario: '3-sqlite-um-processo',
          banco: 'sqlite',
          processos: 1,
          startedAt,
          kills: chaos.kills,
          restarts: chaos.restarts,
        },
        cluster,
        outcome,
      ),
    );
    expectNothingLostOrDuplicated(outcome);
    expect(chaos.kills).toBeGreaterThanOrEqual(3);
  });
});
