// Child process: credgate's workers only (job queues and event fan-out) over the database in
// the env, allowed to call local webhook endpoints. Prints READY once started.
import { createContext, startWorkers } from '../../../src/create-app.js';
import { loadConfig } from '../../../src/infra/config/load-config.js';
import { createLogger } from '../../../src/infra/logging/create-logger.js';

const location = JSON.parse(process.env.TEST_DB_LOCATION!) as {
  databaseUrl?: string;
  sqliteFile?: string;
  pgSchema?: string;
};
const config = loadConfig({
  env: {},
  overrides: {
    mode: 'production',
    dataDir: process.env.TEST_DATA_DIR,
    masterKey: process.env.TEST_MASTER_KEY,
    databaseUrl: location.databaseUrl,
    allowPrivateWebhooks: true,
    queue: { leaseMs: 1000, pollIntervalMs: 100 },
  },
});
const ctx = await createContext({
  config,
  logger: createLogger({ level: 'silent' }),
  pgSchema: location.pgSchema,
  sqliteFile: location.sqliteFile,
});
await startWorkers(ctx);
process.stdout.write('READY\n');
