import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../src/infra/db/migrate-database.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('migration 003: confirmation deadlines move from jobs to a column', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t?.cleanup());

  it('goes down and up again, handing each pending verificar-confirmacao job over to its row', async () => {
    const { db } = t.database;
    expect(await migrateDatabase(t.database, '002-create-negativacoes-consultas')).toEqual([
      '007-create-lotes',
      '006-create-webhooks',
      '005-create-propostas',
      '004-add-acompanhamento',
      '003-add-confirmacao-ate',
    ]);
    const at = '2026-11-01T10:00:00.000Z';
    await sql`insert into integracoes (id, provedor, ambiente, descricao, situacao, configuracoes,
      credenciais_cifradas, token_hash, token_cifrado, criada_em, atualizada_em)
      values ('int_1', 'serasa_experian', 'homologacao', 'x', 'ativa', '{}', 'c', 'h', 't', ${at}, ${at})`.execute(
      db,
    );
    const negativacao = (id: string, status: string) =>
      sql`insert into negativacoes (id, integracao_id, provedor, status, credor, devedor_documento,
        devedor, contrato, valor_centavos, vencimento, natureza, faturas, chaves_provedor,
        criada_em, atualizada_em)
        values (${id}, 'int_1', 'serasa_experian', ${status}, '1', '2', '{}', ${id}, 100,
        '2026-10-01', 'x', '[]', '{}', ${at}, ${at})`.execute(db);
    const job = (id: string, negativacaoId: string, runAt: string) =>
      sql`insert into jobs (id, queue, kind, payload, state, max_attempts, run_at, created_at, updated_at)
        values (${id}, 'default', 'verificar-confirmacao',
        ${JSON.stringify({ negativacaoId, referencia: 'r' })}, 'available', 5, ${runAt}, ${at}, ${at})`.execute(
        db,
      );
    await negativacao('neg_awaiting', 'aguardando_confirmacao_inserir');
    await negativacao('neg_awaiting_10', 'aguardando_confirmacao_remover');
    await negativacao('neg_done', 'inserida');
    await job('job_1', 'neg_awaiting', '2026-11-02T10:00:00.000Z');
    await job('job_2', 'neg_awaiting_10', '2026-11-02T11:00:00.000Z');
    await job('job_3', 'neg_done', '2026-11-02T12:00:00.000Z');

    expect(await migrateDatabase(t.database)).toEqual([
      '003-add-confirmacao-ate',
      '004-add-acompanhamento',
      '005-create-propostas',
      '006-create-webhooks',
      '007-create-lotes',
    ]);
    const rows = await db
      .selectFrom('negativacoes')
      .select(['id', 'confirmacao_ate'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { id: 'neg_awaiting', confirmacao_ate: '2026-11-02T10:00:00.000Z' },
      { id: 'neg_awaiting_10', confirmacao_ate: '2026-11-02T11:00:00.000Z' },
      { id: 'neg_done', confirmacao_ate: null },
    ]);
    const left = await db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', 'verificar-confirmacao')
      .execute();
    expect(left).toEqual([]);
  });
});
