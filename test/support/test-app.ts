import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/app-context.js';
import { createContext, startServer, startWorkers } from '../../src/create-app.js';
import type { Clock } from '../../src/infra/clock.js';
import { createApiKey } from '../../src/infra/auth/api-keys.js';
import { loadConfig } from '../../src/infra/config/load-config.js';
import type { ProviderAdapter } from '../../src/providers/contract.js';
import { PROVIDERS } from '../../src/providers/registry.js';
import { memoryLogger } from './memory-log.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { testProvider } from './test-provider.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestApp {
  ctx: AppContext;
  app: FastifyInstance;
  url: string;
  apiKey: string;
  logLines: string[];
  testDb: TestDatabase;
  /** fetch against the app with the API key set. */
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  workers?: boolean;
  mode?: 'demo' | 'production';
  clock?: Clock;
  config?: Record<string, unknown>;
  /** Test-only providers registered beside the real ones. */
  providers?: ProviderAdapter[];
}

/** The real server (listening on port 0) over a fresh test database, plus the test provider. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const testDb = await createTestDatabase();
  const { logger, lines } = memoryLogger();
  const config = loadConfig({
    env: {},
    overrides: {
      mode: options.mode ?? 'production',
      dataDir: mkdtempSync(join(tmpdir(), 'credgate-data-')),
      databaseUrl: testDb.location.databaseUrl,
      http: { port: 0 },
      queue: { pollIntervalMs: 200 },
      ...options.config,
    },
  });
  const ctx = await createContext({
    config,
    logger,
    clock: options.clock,
    providers: [...PROVIDERS, testProvider, ...(options.providers ?? [])],
    pgSchema: testDb.location.pgSchema,
    sqliteFile: testDb.location.sqliteFile,
  });
  const { app, url } = await startServer(ctx);
  const workers = options.workers === false ? undefined : await startWorkers(ctx);
  const { key } = await createApiKey(ctx.database, ctx.clock, 'test');
  return {
    ctx,
    app,
    url,
    apiKey: key,
    logLines: lines,
    testDb,
    api(path, init = {}) {
      const headers = new Headers(init.headers);
      if (!headers.has('authorization')) headers.set('authorization', `Bearer ${key}`);
      let body = init.body;
      if (init.json !== undefined) {
        headers.set('content-type', 'application/json');
        body = JSON.stringify(init.json);
      }
      return fetch(url + path, { ...init, headers, body });
    },
    async close() {
      await app.close();
      await workers?.stop();
      await ctx.pdf.close();
      await ctx.database.close();
      await testDb.cleanup();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

/** The `erro` of an API refusal, as tests read it. */
export interface ErroApi {
  codigo: string;
  mensagem: string;
  campo?: string;
  detalhes?: Array<{ campo: string; mensagem: string }>;
}
