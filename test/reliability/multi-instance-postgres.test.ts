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
import { KILL_EVERY_MS, rateFor, scaled } from './support/scale.js';
import { expectNothingLostOrDuplicated, runWorkload, summarize } from './support/scenario.js';

// Three credgate processes (HTTP only, HTTP + workers, workers only) share one PostgreSQL schema
// behind one balancer, the way a deployment runs them. The host creates negativacoes at Serasa
// and Tecnospeed through the API and pays each once inserted; BMP sends proposal callbacks to
// the shared inbound URL; every event goes to the host's webhook endpoint. Meanwhile one process
// is SIGKILLed every few seconds and started again on its port.
describe.runIf(testBackend() === 'postgres')('multi-instance on PostgreSQL with kills', () => {
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

  it('ends every negativacao removida, once at each provider; applies every callback once; delivers every event', async () => {
    const startedAt = Date.now();
    testDb = await createTestDatabase();
    providers = await startProviders();
    cluster = await startCluster(testDb.location, ['serve', 'all', 'worker'], CLUSTER_ENV);
    const setup = await configureProviders(cluster, providers);
    chaos = killRepeatedly(cluster, KILL_EVERY_MS);
    const database = testDb.database;
    const outcome = await runWorkload(cluster, () => database.db, providers, setup, {
      serasa: scaled(2500),
      tecnospeed: scaled(2500),
      callbacks: scaled(5000, 8),
      perSecond: rateFor(scaled(2500) * 2),
    });
    await chaos.stop();

    recordSummary(
      summarize(
        {
          cenario: '1-multi-instancia-postgres',
          banco: 'postgres',
          processos: cluster.instances.length,
          startedAt,
          kills: chaos.kills,
          restarts: chaos.restarts,
        },
        cluster,
        outcome,
        { papeis: cluster.instances.map((i) => i.role) },
      ),
    );
    expectNothingLostOrDuplicated(outcome);
    // Enough kills landed during the load for the run to mean something.
    expect(chaos.kills).toBeGreaterThanOrEqual(3);
  });
});
