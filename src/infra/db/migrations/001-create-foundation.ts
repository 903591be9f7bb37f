import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Migrations are append-only: a released migration is never edited, a change is a new file.

export async function up(db: Kysely<unknown>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const bytes = isPostgres ? 'bytea' : 'blob';

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key_prefix', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('api_key_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['api_key_id', 'key'])
    .execute();

  await db.schema
    .createTable('integracoes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provedor', 'text', (c) => c.notNull())
    .addColumn('ambiente', 'text', (c) => c.notNull())
    .addColumn('descricao', 'text', (c) => c.notNull())
    .addColumn('situacao', 'text', (c) => c.notNull())
    .addColumn('configuracoes', 'text', (c) => c.notNull())
    .addColumn('credenciais_cifradas', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token_cifrado', 'text', (c) => c.notNull())
    .addColumn('demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('criada_em', 'text', (c) => c.notNull())
    .addColumn('atualizada_em', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('eventos_entrada')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('integracao_id', 'text', (c) => c.references('integracoes.id'))
    .addColumn('provedor', 'text', (c) => c.notNull())
    .addColumn('metodo', 'text', (c) => c.notNull())
    .addColumn('caminho', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('cabecalhos', 'text', (c) => c.notNull())
    .addColumn('corpo', bytes)
    .addColumn('ip_origem', 'text', (c) => c.notNull())
    .addColumn('recebido_em', 'text', (c) => c.notNull())
    .addColumn('veredito', 'text', (c) => c.notNull())
    .addColumn('situacao', 'text', (c) => c.notNull())
    .addColumn('processado_em', 'text')
    .addColumn('resultado', 'text')
    .execute();
  await db.schema
    .createIndex('eventos_entrada_integracao_idx')
    .on('eventos_entrada')
    .columns(['integracao_id', 'id'])
    .execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('unique_key', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  // The claim query scans runnable jobs in run_at order; the partial index keeps finished jobs out of it.
  await db.schema
    .createIndex('jobs_runnable_idx')
    .on('jobs')
    .columns(['queue', 'run_at'])
    .where(sql<boolean>`state in ('available', 'retryable')`)
    .execute();
  await db.schema
    .createIndex('jobs_running_lease_idx')
    .on('jobs')
    .columns(['locked_until'])
    .where(sql<boolean>`state = 'running'`)
    .execute();
  // A unique job is unique while it is pending or running; once finished its key can be reused.
  // NULL keys never collide, so jobs without a key are unaffected.
  await db.schema
    .createIndex('jobs_unique_key_idx')
    .on('jobs')
    .column('unique_key')
    .unique()
    .where(sql<boolean>`state in ('available', 'retryable', 'running')`)
    .execute();
  await db.schema.createIndex('jobs_state_idx').on('jobs').columns(['state', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['jobs', 'eventos_entrada', 'integracoes', 'idempotency_keys', 'api_keys']) {
    await db.schema.dropTable(table).execute();
  }
}
