import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import type { Database } from './connect-database.js';
import * as createFoundation from './migrations/001-create-foundation.js';
import * as createNegativacoesConsultas from './migrations/002-create-negativacoes-consultas.js';
import * as addConfirmacaoAte from './migrations/003-add-confirmacao-ate.js';
import * as addAcompanhamento from './migrations/004-add-acompanhamento.js';
import * as createPropostas from './migrations/005-create-propostas.js';
import * as createWebhooks from './migrations/006-create-webhooks.js';
import * as createLotes from './migrations/007-create-lotes.js';

/** Every migration, in order. Names are stored in the database: never rename one. */
const MIGRATIONS: Record<string, Migration> = {
  '001-create-foundation': createFoundation,
  '002-create-negativacoes-consultas': createNegativacoesConsultas,
  '003-add-confirmacao-ate': addConfirmacaoAte,
  '004-add-acompanhamento': addAcompanhamento,
  '005-create-propostas': createPropostas,
  '006-create-webhooks': createWebhooks,
  '007-create-lotes': createLotes,
};

export const LATEST_MIGRATION = Object.keys(MIGRATIONS).at(-1)!;

/** Migrates up (or down) to `target`, by default the latest; returns the migrations run. */
export async function migrateDatabase(
  database: Database,
  target: string = LATEST_MIGRATION,
): Promise<string[]> {
  const migrator = createMigrator(database);
  const result: MigrationResultSet = await migrator.migrateTo(target);
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${(result.error as Error).message}`);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** True when every known migration has been applied (used by /ready). */
export async function isSchemaCurrent(database: Database): Promise<boolean> {
  const migrations = await createMigrator(database).getMigrations();
  return migrations.every((m) => m.executedAt !== undefined);
}

/**
 * On PostgreSQL the bookkeeping tables live in the connection's own schema: left unset, Kysely
 * looks for its lock table across every schema of the database and trips over a neighbour's.
 */
function createMigrator(database: Database): Migrator {
  return new Migrator({
    db: database.db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableSchema: database.pg?.schema,
  });
}
