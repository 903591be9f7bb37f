// Child process: `credgate serve` (HTTP only, no workers) in a PostgreSQL schema of its own.
// Settings come from CREDGATE_* / DATABASE_URL exactly as for the CLI; the schema from
// BENCH_PG_SCHEMA (the CLI has no such setting: production uses the `public` schema).
import { createContext, startServer } from '../../src/create-app.js';
import { loadConfig } from '../../src/infra/config/load-config.js';

const config = loadConfig({ overrides: { http: { port: 0 } } });
const ctx = await createContext({ config, pgSchema: process.env.BENCH_PG_SCHEMA });
const { app, url } = await startServer(ctx);
process.stdout.write(`READY ${url}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await app.close();
  await ctx.database.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
