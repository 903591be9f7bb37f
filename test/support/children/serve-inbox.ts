// Child process: credgate HTTP server only (no workers), over the database given in the env.
import { createContext, startServer } from '../../../src/create-app.js';
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
    http: { port: 0 },
  },
});
const ctx = await createContext({
  config,
  logger: createLogger({ level: 'silent' }),
  pgSchema: location.pgSchema,
  sqliteFile: location.sqliteFile,
});
const { url } = await startServer(ctx);
process.stdout.write(`READY ${url}\n`);
