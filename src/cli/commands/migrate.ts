import type { Command } from 'commander';
import { connectDatabase } from '../../infra/db/connect-database.js';
import { migrateDatabase } from '../../infra/db/migrate-database.js';
import { loadConfig } from '../../infra/config/load-config.js';
import { join } from 'node:path';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('aplica as migracoes pendentes (start/serve/worker tambem aplicam ao iniciar)')
    .action(async () => {
      const config = loadConfig();
      const database = connectDatabase({
        databaseUrl: config.databaseUrl,
        sqliteFile: join(config.dataDir, 'credgate.db'),
      });
      try {
        const applied = await migrateDatabase(database);
        process.stdout.write(
          applied.length ? `migracoes aplicadas: ${applied.join(', ')}\n` : 'banco ja atualizado\n',
        );
      } finally {
        await database.close();
      }
    });
}
