// Child process: the whole credgate (HTTP + workers) over the database and port given in the env
// (TEST_PORT unset: any free port; READY prints the URL).
import { createContext, startServer, startWorkers } from '../../../src/create-app.js';
import { loadConfig } from '../../../src/infra/config/load-config.js';
import { InboxWriter } from '../../../src/inbound/inbox-writer.js';
import { createLogger } from '../../../src/infra/logging/create-logger.js';

if (process.env.TEST_CRASH_AFTER_STORE === '1') {
  // The worst moment for a provider's callback: stored and committed, not yet answered.
  const original = Object.getOwnPropertyDescriptor(InboxWriter.prototype, 'store')!
    .value as InboxWriter['store'];
  InboxWriter.prototype.store = async function (this: InboxWriter, row) {
    await original.call(this, row);
    process.kill(process.pid, 'SIGKILL');
  };
}

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
    bootstrapApiKey: process.env.TEST_API_KEY,
    databaseUrl: location.databaseUrl,
    http: { port: Number(process.env.TEST_PORT ?? 0) },
    queue: { leaseMs: 1000, pollIntervalMs: 100 },
    negativacao: { janelaReconciliacaoMs: 120_000 },
  },
});
const ctx = await createContext({
  config,
  logger: createLogger({ level: 'silent' }),
  pgSchema: location.pgSchema,
  sqliteFile: location.sqliteFile,
});
const { url } = await startServer(ctx);
await startWorkers(ctx);
process.stdout.write(`READY ${url}\n`);
