import { sql, type Kysely } from 'kysely';

/**
 * A transmission's confirmation deadline becomes a column swept periodically, instead of one
 * `verificar-confirmacao` job per transmission. Pending jobs of that kind hand their run time over.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('negativacoes').addColumn('confirmacao_ate', 'text').execute();
  await db.schema
    .createIndex('negativacoes_confirmacao_ate_idx')
    .on('negativacoes')
    .column('confirmacao_ate')
    .where(sql<boolean>`confirmacao_ate is not null`)
    .execute();
  await sql`
    update negativacoes set confirmacao_ate = (
      select min(run_at) from jobs
      where kind = 'verificar-confirmacao' and state in ('available', 'retryable')
        and payload like '%"negativacaoId":"' || negativacoes.id || '"%'
    )
    where status in ('aguardando_confirmacao_inserir', 'aguardando_confirmacao_remover')
      and sinalizada_em is null`.execute(db);
  await sql`delete from jobs where kind = 'verificar-confirmacao'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('negativacoes_confirmacao_ate_idx').execute();
  await db.schema.alterTable('negativacoes').dropColumn('confirmacao_ate').execute();
}
