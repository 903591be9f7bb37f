import { sql, type Kysely } from 'kysely';

/**
 * Outbound events (Standard Webhooks): the host's endpoints, one `entregas` row per event and
 * endpoint (its id is the `webhook-id`, stable across retries), and every attempt made.
 * `eventos.distribuido_em` is null until the event has been fanned out to the endpoints; the
 * partial index keeps that backlog cheap to find however large the table grows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('descricao', 'text', (c) => c.notNull())
    // JSON array of event types; empty means every type.
    .addColumn('tipos', 'text', (c) => c.notNull())
    .addColumn('segredo_cifrado', 'text', (c) => c.notNull())
    .addColumn('segredo_anterior_cifrado', 'text')
    .addColumn('segredo_anterior_ate', 'text')
    .addColumn('ativo', 'integer', (c) => c.notNull())
    .addColumn('desativado_motivo', 'text')
    .addColumn('desativado_em', 'text')
    .addColumn('falhando_desde', 'text')
    .addColumn('excluido_em', 'text')
    .addColumn('criado_em', 'text', (c) => c.notNull())
    .addColumn('atualizado_em', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('entregas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('evento_id', 'text', (c) => c.notNull().references('eventos.id'))
    .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id'))
    .addColumn('situacao', 'text', (c) => c.notNull())
    .addColumn('tentativas', 'integer', (c) => c.notNull())
    .addColumn('proxima_em', 'text')
    .addColumn('envio_job', 'text')
    .addColumn('envio_desde', 'text')
    .addColumn('ultima_tentativa_em', 'text')
    .addColumn('ultimo_status', 'integer')
    .addColumn('ultimo_erro', 'text')
    .addColumn('entregue_em', 'text')
    .addColumn('criada_em', 'text', (c) => c.notNull())
    // Fan-out and replays may meet an event twice: one message per event and endpoint.
    .addUniqueConstraint('entregas_evento_webhook_key', ['evento_id', 'webhook_id'])
    .execute();
  await db.schema
    .createIndex('entregas_webhook_idx')
    .on('entregas')
    .columns(['webhook_id', 'id'])
    .execute();

  await db.schema
    .createTable('entrega_tentativas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entrega_id', 'text', (c) => c.notNull().references('entregas.id'))
    .addColumn('numero', 'integer', (c) => c.notNull())
    .addColumn('iniciada_em', 'text', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('latencia_ms', 'integer', (c) => c.notNull())
    .addColumn('resposta', 'text')
    .addColumn('erro', 'text')
    .addColumn('resultado', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('entrega_tentativas_entrega_idx')
    .on('entrega_tentativas')
    .columns(['entrega_id', 'id'])
    .execute();

  await db.schema.alterTable('eventos').addColumn('distribuido_em', 'text').execute();
  // Events stored before this migration had no endpoint to go to.
  await sql`update eventos set distribuido_em = criado_em`.execute(db);
  await db.schema
    .createIndex('eventos_pendentes_idx')
    .on('eventos')
    .column('id')
    .where(sql<boolean>`distribuido_em is null`)
    .execute();
  await db.schema.createIndex('eventos_tipo_idx').on('eventos').columns(['tipo', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('eventos_tipo_idx').execute();
  // SQLite refuses to drop an indexed column.
  await db.schema.dropIndex('eventos_pendentes_idx').execute();
  await db.schema.alterTable('eventos').dropColumn('distribuido_em').execute();
  for (const table of ['entrega_tentativas', 'entregas', 'webhooks']) {
    await db.schema.dropTable(table).execute();
  }
}
