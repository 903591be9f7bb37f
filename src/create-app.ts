import type { FastifyInstance } from 'fastify';
import type { AppContext } from './app-context.js';
import { systemClock, type Clock } from './infra/clock.js';
import type { Config } from './infra/config/config-schema.js';
import { ensureApiKey } from './infra/auth/api-keys.js';
import { loadMasterKey, SecretBox } from './infra/crypto/secret-box.js';
import { connectDatabase } from './infra/db/connect-database.js';
import { migrateDatabase } from './infra/db/migrate-database.js';
import { createLogger, type Logger } from './infra/logging/create-logger.js';
import { JobQueue } from './infra/queue/job-queue.js';
import { listenForJobs } from './infra/queue/listen-for-jobs.js';
import { startWorker } from './infra/queue/run-worker.js';
import { WakeSignal } from './infra/queue/wake-signal.js';
import { jobHandlers } from './jobs/job-handlers.js';
import { INBOUND_QUEUE } from './jobs/process-inbound-event.js';
import { startEventFanOut } from './jobs/fan-out-eventos.js';
import { WEBHOOK_QUEUE } from './use-cases/webhooks/entrega-store.js';
import type { ProviderAdapter } from './providers/contract.js';
import { buildRegistry } from './providers/registry.js';
import { buildServer } from './http/build-server.js';
import { defaultFaults, sandboxPlugin } from './sandboxes/sandbox-plugin.js';
import { RateLimiter } from './infra/rate-limiter.js';
import { scheduleFlagging } from './jobs/flag-unconfirmed-transmissions.js';
import { scheduleNextPurge } from './jobs/purge-expired-records.js';
import { seedDemoIntegracoes } from './use-cases/seed-demo-integracoes.js';
import { ProviderClients } from './use-cases/integracoes/provider-clients.js';
import { PdfPrinter } from './reports/print-pdf.js';
import { join } from 'node:path';

export interface CreateContextOptions {
  config: Config;
  clock?: Clock;
  logger?: Logger;
  /** Replaces the provider registry (tests add a test provider). */
  providers?: readonly ProviderAdapter[];
  /** PostgreSQL schema (tests isolate themselves in one). */
  pgSchema?: string;
  sqliteFile?: string;
}

/** The composition root: builds every dependency once, from configuration. */
export async function createContext(options: CreateContextOptions): Promise<AppContext> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ level: config.log.level });
  const database = connectDatabase({
    databaseUrl: config.databaseUrl,
    sqliteFile: options.sqliteFile ?? join(config.dataDir, 'credgate.db'),
    pgSchema: options.pgSchema,
    onPoolError: (error) => logger.warn({ err: error }, 'idle database connection lost'),
  });
  await migrateDatabase(database);
  if (config.bootstrapApiKey) {
    const outcome = await ensureApiKey(database, clock, 'bootstrap', config.bootstrapApiKey);
    if (outcome === 'created') logger.info('bootstrap API key registered');
  }
  const wake = new WakeSignal();
  const jobs = new JobQueue(
    database,
    clock,
    {
      leaseMs: config.queue.leaseMs,
      maxAttempts: config.queue.maxAttempts,
      backoff: { baseMs: config.queue.backoffBaseMs, maxMs: config.queue.backoffMaxMs },
    },
    wake,
  );
  const httpAddress = { url: `http://${config.http.host}:${config.http.port}` };
  const secretBox = new SecretBox(
    loadMasterKey({ masterKey: config.masterKey, dataDir: config.dataDir }),
  );
  const providers = buildRegistry(options.providers);
  return {
    config,
    database,
    clock,
    logger,
    secretBox,
    providers,
    jobs,
    providerClients: new ProviderClients({ database, secretBox, providers, clock }),
    rateLimiter: new RateLimiter(),
    pdf: new PdfPrinter({ executablePath: config.chromiumPath }),
    wake,
    httpAddress,
    publicUrl: () => (config.http.publicUrl ?? httpAddress.url).replace(/\/$/, ''),
  };
}

/** HTTP server; in demo mode it also mounts every provider sandbox under /sandbox/<provider>. */
export async function startServer(
  ctx: AppContext,
  options: { extraRoutes?: (server: FastifyInstance) => Promise<void> } = {},
): Promise<{ app: FastifyInstance; url: string }> {
  const demo = ctx.config.mode === 'demo';
  const app = await buildServer(ctx, {
    mount: async (server) => {
      if (demo) {
        for (const provider of ctx.providers.values()) {
          if (!provider.sandbox) continue;
          const faults = defaultFaults(ctx.config.sandbox);
          await server.register(sandboxPlugin(provider.sandbox, faults), {
            prefix: `/sandbox/${provider.id}`,
          });
        }
      }
      await options.extraRoutes?.(server);
    },
  });
  const address = await app.listen({ host: ctx.config.http.host, port: ctx.config.http.port });
  const url = address.replace('[::1]', 'localhost');
  ctx.httpAddress.url = url;
  if (demo) await seedDemoIntegracoes(ctx, (provider) => `${ctx.publicUrl()}/sandbox/${provider}`);
  return { app, url };
}

/** Job workers for this process, woken in-process and, on PostgreSQL, by LISTEN/NOTIFY. */
export async function startWorkers(ctx: AppContext) {
  const { config } = ctx;
  await scheduleNextPurge(ctx);
  await scheduleFlagging(ctx);
  const common = {
    queue: ctx.jobs,
    wake: ctx.wake,
    handlers: jobHandlers(ctx),
    logger: ctx.logger.child({ component: 'worker' }),
    pollIntervalMs: config.queue.pollIntervalMs,
    leaseMs: config.queue.leaseMs,
    retainCompletedMs: 7 * 24 * 3600 * 1000,
    now: () => ctx.clock.now(),
  };
  const workers = [
    startWorker({ ...common, concurrency: config.queue.concurrency }),
    startWorker({
      ...common,
      queues: [INBOUND_QUEUE],
      concurrency: config.queue.inboundConcurrency,
    }),
    // Outbound webhooks wait on the host's endpoints (up to 15 s each): never ahead of transmissions.
    startWorker({ ...common, queues: [WEBHOOK_QUEUE], concurrency: config.queue.concurrency }),
  ];
  const fanOut = startEventFanOut(ctx, config.queue.pollIntervalMs);
  const listener = ctx.database.pg
    ? listenForJobs({
        connectionString: ctx.database.pg.connectionString,
        channel: `${ctx.database.pg.channelPrefix}_jobs`,
        wake: ctx.wake,
        logger: ctx.logger,
      })
    : undefined;
  return {
    id: workers[0].id,
    async stop() {
      await fanOut.stop();
      await Promise.all(workers.map((worker) => worker.stop()));
      await listener?.close();
    },
  };
}
