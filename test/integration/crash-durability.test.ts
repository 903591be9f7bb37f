import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.js';
import { createContext, startWorkers } from '../../src/create-app.js';
import { systemClock } from '../../src/infra/clock.js';
import { loadConfig } from '../../src/infra/config/load-config.js';
import { JobQueue } from '../../src/infra/queue/job-queue.js';
import { startWorker } from '../../src/infra/queue/run-worker.js';
import { WakeSignal } from '../../src/infra/queue/wake-signal.js';
import { PROVIDERS } from '../../src/providers/registry.js';
import { createIntegracao } from '../../src/use-cases/integracoes/create-integracao.js';
import { spawnChild, type Child } from '../support/spawn-child.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

describe('crash durability', () => {
  let testDb: TestDatabase;
  let children: Child[] = [];
  beforeEach(async () => {
    testDb = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(children.map((c) => c.kill()));
    children = [];
    await testDb.cleanup();
  });

  it('keeps every acknowledged inbound event when the server is SIGKILLed mid-flood', async () => {
    const masterKey = randomBytes(32).toString('base64');
    const dataDir = mkdtempSync(join(tmpdir(), 'credgate-crash-'));
    const config = loadConfig({
      env: {},
      overrides: {
        mode: 'production',
        dataDir,
        masterKey,
        databaseUrl: testDb.location.databaseUrl,
      },
    });
    const ctx: AppContext = await createContext({
      config,
      logger: pino({ level: 'silent' }),
      providers: PROVIDERS,
      pgSchema: testDb.location.pgSchema,
      sqliteFile: testDb.location.sqliteFile,
    });
    const integracao = await createIntegracao(ctx, {
      provedor: 'serasa_experian',
      ambiente: 'homologacao',
      descricao: 'crash',
      credenciais: { login_consulta: 'a', senha_consulta: 'b', login_pefin: 'c', senha_pefin: 'd' },
    });
    const token = new URL(integracao.url_recebimento!).pathname;

    const server = spawnChild('serve-inbox', {
      TEST_DB_LOCATION: JSON.stringify(testDb.location),
      TEST_DATA_DIR: dataDir,
      TEST_MASTER_KEY: masterKey,
    });
    children.push(server);
    const url = await server.waitForLine('READY ');

    // Fire a flood and kill the process as soon as the 25th acknowledgement arrives.
    const acknowledged: string[] = [];
    let killed = false;
    const requests = Array.from({ length: 300 }, (_, n) =>
      fetch(url + token, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ uuid: `tx-${n}` }),
      })
        .then(async (response) => {
          if (response.status !== 200) return;
          acknowledged.push(((await response.json()) as { id: string }).id);
          if (acknowledged.length >= 25 && !killed) {
            killed = true;
            server.process.kill('SIGKILL');
          }
        })
        .catch(() => undefined),
    );
    await Promise.all(requests);
    await server.kill();
    expect(killed).toBe(true);
    expect(acknowledged.length).toBeGreaterThanOrEqual(25);

    const stored = await ctx.database.db
      .selectFrom('eventos_entrada')
      .select(['id', 'situacao'])
      .execute();
    const storedIds = new Set(stored.map((s) => s.id));
    const lost = acknowledged.filter((id) => !storedIds.has(id));
    expect(lost).toEqual([]);
    // Each stored event came with its processing job in the same commit; a worker now drains them.
    const workers = await startWorkers(ctx);
    try {
      await waitFor(async () => {
        const pending = await ctx.database.db
          .selectFrom('eventos_entrada')
          .select('id')
          .where('situacao', '=', 'pendente')
          .execute();
        return pending.length === 0;
      }, 'all stored events processed');
    } finally {
      await workers.stop();
      await ctx.database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('re-runs the job of a worker SIGKILLed mid-job once its lease expires', async () => {
    const leaseMs = 1000;
    const wake = new WakeSignal();
    const queue = new JobQueue(
      testDb.database,
      systemClock,
      { leaseMs, maxAttempts: 5, backoff: { baseMs: 100, maxMs: 1000 } },
      wake,
    );
    const jobId = (await queue.enqueueNow({ kind: 'bloquear' }))!;

    const doomed = spawnChild('hang-in-job', {
      TEST_DB_LOCATION: JSON.stringify(testDb.location),
      TEST_LEASE_MS: String(leaseMs),
    });
    children.push(doomed);
    expect(await doomed.waitForLine('STARTED ')).toBe(jobId);
    await doomed.kill();
    const orphaned = (await queue.get(jobId))!;
    expect(orphaned.state).toBe('running');

    const ranAt: number[] = [];
    const survivor = startWorker({
      queue,
      wake,
      logger: pino({ level: 'silent' }),
      concurrency: 1,
      pollIntervalMs: 50,
      leaseMs,
      handlers: { bloquear: async () => void ranAt.push(Date.now()) },
    });
    try {
      const done = await waitFor(async () => {
        const row = await queue.get(jobId);
        return row?.state === 'completed' ? row : undefined;
      }, 'job re-run by the surviving worker');
      expect(done.attempt).toBe(2);
      expect(ranAt).toHaveLength(1);
      // Not before the dead worker's lease ran out.
      expect(ranAt[0]).toBeGreaterThanOrEqual(new Date(orphaned.locked_until!).getTime());
    } finally {
      await survivor.stop();
    }
  });
});
