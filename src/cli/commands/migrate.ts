import type { Command } from 'commander';
import { withDatabase } from '../with-database.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('aplica as migracoes pendentes (start/serve/worker tambem aplicam ao iniciar)')
    .action(async () => {
      const applied = await withDatabase(async (_database, migrations) => migrations);
      process.stdout.write(
        applied.length ? `migracoes aplicadas: ${applied.join(', ')}\n` : 'banco ja atualizado\n',
      );
    });
}
