import { sql, type Kysely } from 'kysely';

/**
 * Credit proposals reported by provider callbacks (BMP), each callback's place in their history,
 * and `eventos`: what changed, stored for the host system in the same transaction as the change.
 * Inbound events get the provider reference they name, so refused callbacks can be listed with
 * the proposal they concern.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('propostas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('integracao_id', 'text', (c) => c.notNull().references('integracoes.id'))
    .addColumn('proposta', 'text', (c) => c.notNull())
    .addColumn('identificador', 'text')
    .addColumn('situacao', 'integer')
    .addColumn('situacao_nome', 'text')
    .addColumn('descricao_ocorrencia', 'text')
    .addColumn('fora_de_ordem', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('criada_em', 'text', (c) => c.notNull())
    .addColumn('atualizada_em', 'text', (c) => c.notNull())
    .addUniqueConstraint('propostas_integracao_proposta_key', ['integracao_id', 'proposta'])
    .execute();
  await db.schema
    .createIndex('propostas_proposta_idx')
    .on('propostas')
    .column('proposta')
    .execute();
  await db.schema
    .createIndex('propostas_identificador_idx')
    .on('propostas')
    .column('identificador')
    .execute();
  await db.schema
    .createIndex('propostas_atualizada_idx')
    .on('propostas')
    .column('atualizada_em')
    .execute();

  await db.schema
    .createTable('proposta_situacoes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proposta_id', 'text', (c) => c.notNull().references('propostas.id'))
    .addColumn('evento_entrada_id', 'text', (c) => c.notNull().references('eventos_entrada.id'))
    .addColumn('situacao', 'integer', (c) => c.notNull())
    .addColumn('nome', 'text')
    .addColumn('descricao_ocorrencia', 'text')
    .addColumn('corpo', 'text')
    .addColumn('metodo', 'text', (c) => c.notNull())
    .addColumn('recebida_em', 'text', (c) => c.notNull())
    .addColumn('resultado', 'text', (c) => c.notNull())
    .addColumn('chave_dedup', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('proposta_situacoes_proposta_idx')
    .on('proposta_situacoes')
    .columns(['proposta_id', 'id'])
    .execute();
  // A callback is applied (or flagged) once: two workers racing on two stored copies cannot both
  // insert the row that acts on it. Copies recorded as duplicates, and a repeat past the retry
  // window recorded as a regression, share the key and stay out of the index.
  await db.schema
    .createIndex('proposta_situacoes_chave_dedup_idx')
    .on('proposta_situacoes')
    .columns(['proposta_id', 'chave_dedup'])
    .unique()
    .where(sql<boolean>`resultado <> 'duplicada' and resultado <> 'regressao'`)
    .execute();

  await db.schema
    .createTable('eventos')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tipo', 'text', (c) => c.notNull())
    .addColumn('dados', 'text', (c) => c.notNull())
    .addColumn('criado_em', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('eventos_criado_idx').on('eventos').column('criado_em').execute();

  await db.schema.alterTable('eventos_entrada').addColumn('referencia', 'text').execute();
  await db.schema
    .createIndex('eventos_entrada_referencia_idx')
    .on('eventos_entrada')
    .columns(['integracao_id', 'referencia'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // SQLite refuses to drop an indexed column.
  await db.schema.dropIndex('eventos_entrada_referencia_idx').execute();
  await db.schema.alterTable('eventos_entrada').dropColumn('referencia').execute();
  for (const table of ['eventos', 'proposta_situacoes', 'propostas']) {
    await db.schema.dropTable(table).execute();
  }
}
