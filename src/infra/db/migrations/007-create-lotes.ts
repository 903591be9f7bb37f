import type { Kysely } from 'kysely';

/**
 * Bulk negativacao: a `lote` is one upload (CSV or JSON) validated row by row; each row keeps
 * the data as read, its validation errors and, once confirmed, the negativacao it became. The
 * row's `situacao` moves `valida` → `criada` in the same commit that inserts its negativacao, so
 * a retried job sees which rows are done.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lotes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('integracao_id', 'text', (c) => c.notNull().references('integracoes.id'))
    .addColumn('formato', 'text', (c) => c.notNull())
    .addColumn('situacao', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('validas', 'integer', (c) => c.notNull())
    .addColumn('invalidas', 'integer', (c) => c.notNull())
    .addColumn('criado_em', 'text', (c) => c.notNull())
    .addColumn('confirmado_em', 'text')
    .addColumn('concluido_em', 'text')
    .execute();

  await db.schema
    .createTable('lote_linhas')
    .addColumn('lote_id', 'text', (c) => c.notNull().references('lotes.id'))
    // 1-based data row number (the header is not counted).
    .addColumn('linha', 'integer', (c) => c.notNull())
    .addColumn('situacao', 'text', (c) => c.notNull())
    // The row as read (JSON): CSV columns as text, or the JSON row as sent.
    .addColumn('dados', 'text', (c) => c.notNull())
    // Validation errors (JSON array of {campo, codigo, mensagem}); null when valid.
    .addColumn('erros', 'text')
    // Valid rows: the normalized request the confirmation turns into a negativacao (JSON).
    .addColumn('pedido', 'text')
    // No foreign key: the row is claimed (this set) before its negativacao is inserted.
    .addColumn('negativacao_id', 'text')
    // Why creating the negativacao failed at confirmation (JSON {codigo, mensagem, campo}).
    .addColumn('erro', 'text')
    .addPrimaryKeyConstraint('lote_linhas_pk', ['lote_id', 'linha'])
    .execute();
  await db.schema
    .createIndex('lote_linhas_situacao_idx')
    .on('lote_linhas')
    .columns(['lote_id', 'situacao', 'linha'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('lote_linhas').execute();
  await db.schema.dropTable('lotes').execute();
}
