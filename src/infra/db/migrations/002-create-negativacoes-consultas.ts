import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('integracoes').addColumn('produtos_sincronizados', 'text').execute();

  await db.schema
    .createTable('negativacoes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('integracao_id', 'text', (c) => c.notNull().references('integracoes.id'))
    .addColumn('provedor', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('acao', 'text')
    .addColumn('credor', 'text', (c) => c.notNull())
    .addColumn('devedor_documento', 'text', (c) => c.notNull())
    .addColumn('devedor', 'text', (c) => c.notNull())
    .addColumn('contrato', 'text', (c) => c.notNull())
    .addColumn('valor_centavos', 'bigint', (c) => c.notNull())
    .addColumn('vencimento', 'text', (c) => c.notNull())
    .addColumn('natureza', 'text', (c) => c.notNull())
    .addColumn('faturas', 'text', (c) => c.notNull())
    .addColumn('chave_unica', 'text')
    .addColumn('referencia_inclusao', 'text')
    .addColumn('referencia_baixa', 'text')
    .addColumn('chaves_provedor', 'text', (c) => c.notNull())
    .addColumn('transmissao_desde', 'text')
    .addColumn('transmissao_job', 'text')
    .addColumn('transmissao_incerta', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('baixa', 'text')
    .addColumn('erro', 'text')
    .addColumn('pago_em', 'text')
    .addColumn('prazo_baixa', 'text')
    .addColumn('sinalizada_em', 'text')
    .addColumn('substitui_id', 'text')
    .addColumn('substituida_por_id', 'text')
    .addColumn('criada_em', 'text', (c) => c.notNull())
    .addColumn('atualizada_em', 'text', (c) => c.notNull())
    .execute();
  // One active negativacao per creditor + debtor + contract: the key is set while it is active
  // and cleared when it ends (NULLs never collide), so the database refuses a race's loser.
  await db.schema
    .createIndex('negativacoes_chave_unica_idx')
    .on('negativacoes')
    .column('chave_unica')
    .unique()
    .execute();
  await db.schema
    .createIndex('negativacoes_status_idx')
    .on('negativacoes')
    .columns(['status', 'id'])
    .execute();
  await db.schema
    .createIndex('negativacoes_devedor_idx')
    .on('negativacoes')
    .columns(['devedor_documento', 'id'])
    .execute();
  await db.schema
    .createIndex('negativacoes_contrato_idx')
    .on('negativacoes')
    .columns(['credor', 'devedor_documento', 'contrato'])
    .execute();
  await db.schema
    .createIndex('negativacoes_ref_inclusao_idx')
    .on('negativacoes')
    .column('referencia_inclusao')
    .execute();
  await db.schema
    .createIndex('negativacoes_ref_baixa_idx')
    .on('negativacoes')
    .column('referencia_baixa')
    .execute();
  await db.schema
    .createIndex('negativacoes_sinalizada_idx')
    .on('negativacoes')
    .column('sinalizada_em')
    .where(sql<boolean>`sinalizada_em is not null`)
    .execute();

  await db.schema
    .createTable('negativacao_eventos')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('negativacao_id', 'text', (c) => c.notNull().references('negativacoes.id'))
    .addColumn('tipo', 'text', (c) => c.notNull())
    .addColumn('status_anterior', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('detalhes', 'text', (c) => c.notNull())
    .addColumn('ocorrido_em', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('negativacao_eventos_neg_idx')
    .on('negativacao_eventos')
    .columns(['negativacao_id', 'id'])
    .execute();

  await db.schema
    .createTable('faturas_negativadas')
    .addColumn('fatura', 'text', (c) => c.notNull())
    .addColumn('negativacao_id', 'text', (c) => c.notNull().references('negativacoes.id'))
    .addPrimaryKeyConstraint('faturas_negativadas_pk', ['fatura', 'negativacao_id'])
    .execute();

  await db.schema
    .createTable('pagamentos')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('negativacao_id', 'text', (c) => c.notNull().references('negativacoes.id'))
    .addColumn('fatura', 'text')
    .addColumn('pago_em', 'text', (c) => c.notNull())
    .addColumn('prazo_baixa', 'text', (c) => c.notNull())
    .addColumn('registrado_em', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('alertas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tipo', 'text', (c) => c.notNull())
    .addColumn('integracao_id', 'text')
    .addColumn('negativacao_id', 'text')
    .addColumn('mensagem', 'text', (c) => c.notNull())
    .addColumn('detalhes', 'text', (c) => c.notNull())
    .addColumn('criado_em', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('consultas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('integracao_id', 'text', (c) => c.notNull().references('integracoes.id'))
    .addColumn('provedor', 'text', (c) => c.notNull())
    .addColumn('produto', 'text', (c) => c.notNull())
    .addColumn('tipo_documento', 'text', (c) => c.notNull())
    .addColumn('documento', 'text', (c) => c.notNull())
    .addColumn('situacao', 'text', (c) => c.notNull())
    .addColumn('finalidade', 'text')
    .addColumn('resumo', 'text')
    .addColumn('relatorio', 'text')
    .addColumn('original', 'text')
    .addColumn('trocas', 'text', (c) => c.notNull())
    .addColumn('erro', 'text')
    .addColumn('criada_em', 'text', (c) => c.notNull())
    .addColumn('concluida_em', 'text')
    .execute();
  await db.schema
    .createIndex('consultas_documento_idx')
    .on('consultas')
    .columns(['documento', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'consultas',
    'alertas',
    'pagamentos',
    'faturas_negativadas',
    'negativacao_eventos',
    'negativacoes',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('integracoes').dropColumn('produtos_sincronizados').execute();
}
