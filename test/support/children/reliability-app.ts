// Child process for the reliability suite: credgate as a deployment runs it, over the database in
// the env. TEST_ROLE picks `serve` (HTTP only), `worker` (jobs only) or `all` (both); settings come
// from CREDGATE_* variables as in production. Prints `READY <url>` (`READY worker` without HTTP).
import pino from 'pino';
import { createContext, startServer, startWorkers } from '../../../src/create-app.js';
import { loadConfig } from '../../../src/infra/config/load-config.js';
import { createLogger } from '../../../src/infra/logging/create-logger.js';

const role = process.env.TEST_ROLE ?? 'all';
const location = JSON.parse(process.env.TEST_DB_LOCATION!) as {
  databaseUrl?: string;
  sqliteFile?: string;
  pgSchema?: string;
};
const config = loadConfig({
  env: process.env,
  overrides: {
    mode: 'production',
    dataDir: process.env.TEST_DATA_DIR,
    masterKey: process.env.TEST_MASTER_KEY,
    bootstrapApiKey: process.env.TEST_API_KEY,
    databaseUrl: location.databaseUrl,
    http: { port: Number(process.env.TEST_PORT ?? 0) },
  },
});
const ctx = await createContext({
  config,
  // Warnings go to stderr, which the parent keeps for the failure message of a child that dies.
  logger: createLogger({
    level: process.env.TEST_LOG_LEVEL ?? 'silent',
    destination: pino.destination(2),
  }),
  pgSchema: location.pgSchema,
  sqliteFile: location.sqliteFile,
});
const url = role === 'worker' ? 'worker' : (await startServer(ctx)).url;
if (role !== 'serve') await startWorkers(ctx);
process.stdout.write(`READY ${url}\n`);
