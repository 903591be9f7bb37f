import type { Command } from 'commander';
import { systemClock } from '../../infra/clock.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../../infra/auth/api-keys.js';
import { withDatabase } from '../with-database.js';

export function registerApiKeyCommands(program: Command): void {
  const apiKey = program
    .command('api-key')
    .description('chaves de API (guardadas apenas como hash)');
  apiKey
    .command('create')
    .description('cria uma chave e a mostra uma unica vez')
    .requiredOption('-n, --name <name>', 'nome para reconhecer a chave (ex.: erp-producao)')
    .action(async ({ name }: { name: string }) => {
      const { id, key } = await withDatabase((db) => createApiKey(db, systemClock, name));
      process.stdout.write(`${key}\n`);
      process.stderr.write(`chave ${id} criada; guarde-a agora: ela nao sera mostrada de novo\n`);
    });
  apiKey
    .command('list')
    .description('lista as chaves (prefixo, criacao, revogacao)')
    .action(async () => {
      const keys = await withDatabase((db) => listApiKeys(db));
      for (const k of keys) {
        process.stdout.write(
          `${k.id}  ${k.key_prefix}…  ${k.name}  ${k.created_at}${k.revoked_at ? `  revogada ${k.revoked_at}` : ''}\n`,
        );
      }
    });
  apiKey
    .command('revoke <id>')
    .description('revoga uma chave')
    .action(async (id: string) => {
      const revoked = await withDatabase((db) => revokeApiKey(db, systemClock, id));
      if (!revoked) throw new Error(`chave ${id} inexistente ou ja revogada`);
      process.stdout.write(`chave ${id} revogada\n`);
    });
}
