import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.js';
import { createContext, startWorkers } from '../../src/create-app.js';
import { loadConfig } from '../../src/infra/config/load-config.js';
import { createLogger } from '../../src/infra/logging/create-logger.js';
import { createWebhook } from '../../src/use-cases/webhooks/create-webhook.js';
import { fanOutEventos } from '../../src/use-cases/webhooks/fan-out-eventos.js';
import { spawnChild, type Child } from '../support/spawn-child.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';
import {
  emitirAlerta,
  iniciarReceptorWebhooks,
  registrar,
  verificar,
  type ReceptorWebhooks,
} from '../support/webhook-setup.js';

// A worker dies (SIGKILL) after sending a message and before hearing the answer. Its job's lease
// expires, another process runs the job again and sends the message again with the same
// webhook-id: at least once, never lost, and the host can drop the repeat by its id.
describe('a delivery worker killed in the middle of an attempt', () => {
  let testDb: TestDatabase | undefined;
  let receptor: ReceptorWebhooks | undefined;
  let child: Child | undefined;
  let ctx: AppContext | undefined;
  let stopWorkers: (() => Promise<void>) | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'credgate-webhooks-crash-'));
  afterEach(async () => {
    await child?.kill();
    await stopWorkers?.();
    await ctx?.database.close();
    await receptor?.close();
    await testDb?.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends the message again with the same webhook-id once the lease expires', async () => {
    testDb = await createTestDatabase();
    // The first request is never answered: the worker is killed while it waits.
    receptor = await iniciarReceptorWebhooks((n) => (n === 1 ? 'pendurar' : 200));
    const masterKey = randomBytes(32).toString('base64');
    const { location } = testDb;
    ctx = await createContext({
      config: loadConfig({
        env: {},
        overrides: {
          mode: 'production',
          dataDir,
          masterKey,
          databaseUrl: location.databaseUrl,
          allowPrivateWebhooks: true,
          queue: { leaseMs: 1000, pollIntervalMs: 100 },
        },
      }),
      logger: createLogger({ level: 'silent' }),
      pgSchema: location.pgSchema,
      sqliteFile: location.sqliteFile,
    });
    const { webhook, segredo } = await createWebhook(ctx, { url: receptor.url });
    await emitirAlerta(ctx, 'antes_da_queda');
    expect(await fanOutEventos(ctx)).toBe(1);

    child = spawnChild('deliver-webhooks', {
      TEST_DB_LOCATION: JSON.stringify(location),
      TEST_DATA_DIR: dataDir,
      TEST_MASTER_KEY: masterKey,
    });
    const primeira = await receptor.esperar(1, 20_000);
    await child.kill();
    const { db } = ctx.database;
    const claimed = await db.selectFrom('entregas').selectAll().executeTakeFirstOrThrow();
    expect(claimed).toMatchObject({ situacao: 'pendente', tentativas: 0 });
    expect(claimed.envio_job).not.toBeNull();

    const workers = await startWorkers(ctx);
    stopWorkers = () => workers.stop();
    const segunda = await receptor.esperar(2, 20_000);
    expect(segunda.cabecalhos['webhook-id']).toBe(primeira.cabecalhos['webhook-id']);
    expect(segunda.corpo).toBe(primeira.corpo);
    for (const chamada of [primeira, segunda]) {
      expect((verificar(segredo, chamada) as { data: { tipo: string } }).data.tipo).toBe(
        'antes_da_queda',
      );
    }
    const entrega = await waitFor(
      async () =>
        (await db
          .selectFrom('entregas')
          .selectAll()
          .where('webhook_id', '=', webhook.id)
          .where('situacao', '=', 'entregue')
          .executeTakeFirst()) ?? null,
      'the message recorded as delivered',
    );
    expect(entrega).toMatchObject({
      id: primeira.cabecalhos['webhook-id'],
      tentativas: 1,
      envio_job: null,
    });
    const tentativas = await db.selectFrom('entrega_tentativas').selectAll().execute();
    expect(tentativas).toEqual([expect.objectContaining({ numero: 1, status: 200 })]);
    expect(receptor.chamadas).toHaveLength(2);
  });
});

describe('two processes fanning out the same backlog at once', () => {
  let app: TestApp | undefined;
  afterEach(async () => app?.close());

  it('create one message and one delivery job per event and endpoint', async () => {
    app = await startTestApp({ workers: false, config: { allowPrivateWebhooks: true } });
    await registrar(app, 'http://127.0.0.1:9/a');
    await registrar(app, 'http://127.0.0.1:9/b');
    for (let i = 0; i < 300; i++) await emitirAlerta(app.ctx, `lote_${i}`);
    const outro = { ...app.ctx, database: app.testDb.connectAgain() };
    const drain = async (ctx: AppContext) => {
      while ((await fanOutEventos(ctx)) > 0);
    };
    await Promise.all([drain(app.ctx), drain(outro)]);

    const { db } = app.ctx.database;
    const entregas = await db.selectFrom('entregas').select(['evento_id', 'webhook_id']).execute();
    expect(entregas).toHaveLength(600);
    expect(new Set(entregas.map((e) => `${e.evento_id}|${e.webhook_id}`)).size).toBe(600);
    const jobs = await db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', 'entregar-webhook')
      .execute();
    expect(jobs).toHaveLength(600);
    const pendentes = await db
      .selectFrom('eventos')
      .select('id')
      .where('distribuido_em', 'is', null)
      .execute();
    expect(pendentes).toEqual([]);
  });
});
