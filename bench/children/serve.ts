// Child process: `credgate serve` (HTTP only; workers too with BENCH_WORKERS=1), as the CLI builds it, plus one
// benchmark-only route: POST /__bench/vazio takes a raw body exactly like the inbound route and
// answers at once — the ceiling for a 1 KB POST on this server. Settings come from CREDGATE_* /
// DATABASE_URL as for the CLI; a PostgreSQL schema of its own from BENCH_PG_SCHEMA.
import { createContext, startServer, startWorkers } from '../../src/create-app.js';
import { loadConfig } from '../../src/infra/config/load-config.js';

const config = loadConfig({ overrides: { http: { port: 0 } } });
const ctx = await createContext({ config, pgSchema: process.env.BENCH_PG_SCHEMA });
const { app, url } = await startServer(ctx, {
  extraRoutes: async (server) => {
    await server.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) =>
        done(null, body),
      );
      scope.post('/__bench/vazio', async () => ({ recebido: true }));
    });
  },
});
// BENCH_WORKERS=1: also the job workers, i.e. `credgate start` without the demo.
const workers = process.env.BENCH_WORKERS === '1' ? await startWorkers(ctx) : undefined;
process.stdout.write(`READY ${url}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await app.close();
  await workers?.stop();
  await ctx.database.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
