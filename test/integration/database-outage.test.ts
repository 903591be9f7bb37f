import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.js';
import { createContext, startServer } from '../../src/create-app.js';
import { createApiKey } from '../../src/infra/auth/api-keys.js';
import { ManualClock } from '../../src/infra/clock.js';
import { loadConfig } from '../../src/infra/config/load-config.js';
import { PROVIDERS } from '../../src/providers/registry.js';
import { memoryLogger } from '../support/memory-log.js';
import {
  createTestDatabase,
  TEST_PG_URL,
  testBackend,
  type TestDatabase,
} from '../support/test-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

/**
 * A TCP relay to the shared PostgreSQL server that can fail like the server going away: `down`
 * cuts every connection through it and refuses new ones; `up` listens again on the same port.
 * Only this test's own connections are cut; the server itself is never touched.
 */
async function startRelay(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const relay = createServer((client) => {
        const upstream = connect(target.port, target.host);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('error', () => undefined);
          socket.on('close', () => {
            sockets.delete(socket);
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      relay.once('error', reject);
      relay.listen(port, '127.0.0.1', () => {
        server = relay;
        resolve((relay.address() as { port: number }).port);
      });
    });
  const port = await listen(0);
  const down = async () => {
    const closing = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    if (closing) await new Promise((resolve) => closing.close(resolve));
  };
  return { port, down, up: () => listen(port), close: down };
}

const SECRETS = /127\.0\.0\.1|5432|postgres|ECONN|terminat|search_path|t_[0-9a-f]{12}/i;

describe.runIf(testBackend() === 'postgres')('PostgreSQL unreachable', () => {
  const clock = new ManualClock();
  let testDb: TestDatabase;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let ctx: AppContext;
  let close: () => Promise<void>;
  let url: string;
  let apiKey: string;
  let logLines: string[];
  let runs = 0;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const target = new URL(TEST_PG_URL);
    relay = await startRelay({ host: target.hostname, port: Number(target.port || 5432) });
    const relayed = new URL(TEST_PG_URL);
    relayed.hostname = '127.0.0.1';
    relayed.port = String(relay.port);
    const dataDir = mkdtempSync(join(tmpdir(), 'credgate-data-'));
    const { logger, lines } = memoryLogger();
    logLines = lines;
    ctx = await createContext({
      config: loadConfig({
        env: {},
        overrides: {
          mode: 'production',
          dataDir,
          databaseUrl: relayed.toString(),
          http: { port: 0 },
        },
      }),
      logger,
      clock,
      providers: PROVIDERS,
      pgSchema: testDb.location.pgSchema,
    });
    const server = await startServer(ctx, {
      // The database goes away after this request took its Idempotency-Key and before it could
      // answer, so the 5xx it ends with cannot be forgotten either.
      extraRoutes: async (app) => {
        app.post('/v1/teste/queda', { config: { reexecutavel: true } }, async (_request, reply) => {
          runs += 1;
          if (runs === 1) {
            await relay.down();
            await sql`select 1`.execute(ctx.database.db);
          }
          return reply.code(201).send({ execucao: runs });
        });
      },
    });
    url = server.url;
    apiKey = (await createApiKey(ctx.database, clock, 'test')).key;
    close = async () => {
      await server.app.close();
      await ctx.pdf.close();
      await ctx.database.close();
      rmSync(dataDir, { recursive: true, force: true });
    };
  });
  afterAll(async () => {
    await close?.();
    await relay?.close();
    await testDb?.cleanup();
  });

  const call = async (path: string, init: RequestInit = {}, key = apiKey) => {
    const response = await fetch(url + path, {
      ...init,
      headers: { authorization: `Bearer ${key}`, ...(init.headers as Record<string, string>) },
    });
    const text = await response.text();
    return { status: response.status, retryAfter: response.headers.get('retry-after'), text };
  };
  const crash = () =>
    call('/v1/teste/queda', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'queda-1' },
      body: JSON.stringify({ pedido: 1 }),
    });

  it('answers 503 banco_indisponivel with Retry-After, says so on /ready, and leaks nothing', async () => {
    expect((await call('/v1/integracoes')).status).toBe(200);
    // Known only to the database, so authenticating it needs the database too.
    const uncached = (await createApiKey(testDb.database, clock, 'sem-cache')).key;

    const failed = await crash();
    expect(failed.status).toBe(503);
    expect(failed.retryAfter).toBe('5');
    expect(JSON.parse(failed.text).erro.codigo).toBe('banco_indisponivel');
    expect(failed.text).not.toMatch(SECRETS);

    for (const answer of [
      await call('/v1/integracoes'),
      await call('/v1/integracoes', {}, uncached),
    ]) {
      expect(answer.status).toBe(503);
      expect(answer.retryAfter).toBe('5');
      expect(JSON.parse(answer.text).erro.codigo).toBe('banco_indisponivel');
      expect(answer.text).not.toMatch(SECRETS);
    }
    const ready = await fetch(`${url}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'banco_indisponivel' });
    expect(logLines.join('\n')).toContain('could not settle the idempotency key');

    await relay.up();
    await waitFor(async () => (await fetch(`${url}/ready`)).status === 200, 'ready again');
    expect((await call('/v1/integracoes', {}, uncached)).status).toBe(200);
  });

  it('lets the key whose 5xx could not be forgotten run again once its lease ends', async () => {
    const stuck = await testDb.database.db
      .selectFrom('idempotency_keys')
      .select('state')
      .where('key', '=', 'queda-1')
      .executeTakeFirstOrThrow();
    expect(stuck.state).toBe('em_andamento');

    const held = await crash();
    expect(held.status).toBe(409);
    expect(held.retryAfter).toBe(String(ctx.config.http.idempotencyLeaseMs / 1000));
    expect(JSON.parse(held.text).erro.codigo).toBe('requisicao_em_andamento');

    clock.advance(ctx.config.http.idempotencyLeaseMs);
    const rerun = await crash();
    expect(rerun.status).toBe(201);
    expect(JSON.parse(rerun.text)).toEqual({ execucao: 2 });
    expect(runs).toBe(2);
  });
});

describe.runIf(testBackend() === 'sqlite')('SQLite locked past its busy timeout', () => {
  let t: TestApp;
  let holder: SqliteDatabase.Database | undefined;
  beforeAll(async () => {
    t = await startTestApp({ workers: false });
  });
  afterEach(() => {
    if (holder?.inTransaction) holder.exec('rollback');
    holder?.close();
  });
  afterAll(async () => t?.close());

  it('answers 503 banco_indisponivel with Retry-After, and the retry succeeds once free', async () => {
    const request = () =>
      t.api('/v1/integracoes', {
        method: 'POST',
        headers: { 'idempotency-key': 'travado-1' },
        json: {
          provedor: 'bmp',
          ambiente: 'producao',
          descricao: 'durante a trava',
          credenciais: { recebimento: { token: 'token-bmp-123' } },
        },
      });
    expect((await t.api('/v1/integracoes')).status).toBe(200);
    // Another process writing for longer than busy_timeout (5 s).
    holder = new SqliteDatabase(t.testDb.location.sqliteFile);
    holder.exec('begin immediate');
    const locked = await request();
    expect(locked.status).toBe(503);
    expect(locked.headers.get('retry-after')).toBe('5');
    const text = await locked.text();
    expect(JSON.parse(text).erro.codigo).toBe('banco_indisponivel');
    expect(text).not.toMatch(/SQLITE|locked|\.db/);

    holder.exec('rollback');
    const free = await request();
    expect(free.status).toBe(201);
    expect(free.headers.get('idempotent-replayed')).toBeNull();
  });
});
