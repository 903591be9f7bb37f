import type { Kysely } from 'kysely';

/**
 * Providers without webhooks (Tecnospeed): what polling last saw of a transmission, so each
 * provider change is recorded exactly once; a pending consulta's reference, and the provider's
 * own HTML report; where the integration's customer stands in the provider's registration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('integracoes').addColumn('cadastro', 'text').execute();
  await db.schema.alterTable('consultas').addColumn('referencia', 'text').execute();
  await db.schema.alterTable('consultas').addColumn('html_provedor', 'text').execute();
  await db.schema.alterTable('negativacoes').addColumn('situacao_provedor', 'text').execute();
  await db.schema
    .alterTable('negativacoes')
    .addColumn('historico_provedor_visto', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('negativacoes').dropColumn('historico_provedor_visto').execute();
  await db.schema.alterTable('negativacoes').dropColumn('situacao_provedor').execute();
  await db.schema.alterTable('consultas').dropColumn('html_provedor').execute();
  await db.schema.alterTable('consultas').dropColumn('referencia').execute();
  await db.schema.alterTable('integracoes').dropColumn('cadastro').execute();
}
