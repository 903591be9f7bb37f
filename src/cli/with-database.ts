import { join } from 'node:path';
import { loadConfig } from '../infra/config/load-config.js';
import { connectDatabase, type Database } from '../infra/db/connect-database.js';
import { migrateDatabase } from '../infra/db/migrate-database.js';

/** For one-shot commands: the configured database, migrated, closed when `work` is done. */
export async function withDatabase<T>(work: (database: Database, applied: string[]) => Promise<T>) {
  const config = loadConfig();
  const database = connectDatabase({
    databaseUrl: config.databaseUrl,
    sqliteFile: join(config.dataDir, 'credgate.db'),
  });
  try {
    const applied = await migrateDatabase(database);
    return await work(database, applied);
  } finally {
    await database.close();
  }
}
