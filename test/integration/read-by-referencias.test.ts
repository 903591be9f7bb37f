import { sql, type CompiledQuery, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readByReferencias } from '../../src/use-cases/negativacoes/negativacao-store.js';
import { startSerasaHarness, type SerasaHarness } from '../support/serasa-setup.js';
import { testBackend } from '../support/test-database.js';

// The inbound batch path (PostgreSQL) reads the negativacoes its verdicts point at in one
// statement. It must find exactly the rows each reference names, and stay on the indexes when
// the table has never been analyzed (a fresh install's first bulk, or autovacuum off): a batch's
// hundred references once made PostgreSQL scan the whole table for every batch.
describe.runIf(testBackend() === 'postgres')('negativacoes read by provider reference', () => {
  let h: SerasaHarness;
  beforeAll(async () => {
    h = await startSerasaHarness({ workers: false });
    // 3,000 rows, half with a removal reference too; never analyzed.
    await sql`
      insert into negativacoes (id, integracao_id, provedor, status, credor, devedor_documento,
        devedor, contrato, valor_centavos, vencimento, natureza, faturas, referencia_inclusao,
        referencia_baixa, chaves_provedor, criada_em, atualizada_em)
      select 'neg-' || g, ${h.integracaoId}, 'serasa_experian', 'inserida', '11222333000181',
        '12345678909', '{}', 'CT-' || g, 1000, '2025-01-01', 'TI', '[]', 'inc-' || g,
        case when g % 2 = 0 then 'bx-' || g end, '{}', '2025-01-01T00:00:00Z',
        '2025-01-01T00:00:00Z'
      from generate_series(1, 3000) as g`.execute(h.app.ctx.database.db);
  });
  afterAll(async () => h?.close());

  it('finds each referenced row once, by inclusion or removal reference, and nothing else', async () => {
    const { rows } = await readByReferencias(h.app.ctx.database, {
      inclusoes: ['inc-7', 'inc-8', 'inc-missing'],
      baixas: ['bx-10', 'bx-11'],
    });
    expect(rows.map((row) => row.id).sort()).toEqual(['neg-10', 'neg-7', 'neg-8']);
    expect(rows.find((row) => row.id === 'neg-10')).toMatchObject({ referencia_baixa: 'bx-10' });
  });

  it('looks up a batch of 200 references on the indexes, not by scanning the table', async () => {
    const refs = (prefix: string) =>
      Array.from({ length: 100 }, (_, i) => `${prefix}-${i * 20 + 2}`);
    const { db } = h.app.ctx.database;
    const params = { inclusoes: refs('inc'), baixas: refs('bx') };
    const compiled = await compiledBy(db, (standIn) =>
      readByReferencias({ db: standIn, dialect: 'postgres' }, params),
    );
    const { rows } = await db.executeQuery<{ 'QUERY PLAN': unknown }>({
      ...compiled,
      sql: `explain (format json) ${compiled.sql}`,
    });
    const plan = JSON.stringify(rows[0]['QUERY PLAN']);
    expect(plan).toContain('Index Scan');
    expect(plan).not.toContain('Seq Scan');
    const { rows: found } = await readByReferencias(h.app.ctx.database, params);
    expect(found).toHaveLength(200);
  });
});

/**
 * The statement `run` sends through `db`, compiled but not run: `run` gets a stand-in for `db`
 * whose executeQuery only records it.
 */
async function compiledBy<D>(db: Kysely<D>, run: (db: Kysely<D>) => Promise<unknown>) {
  let compiled: CompiledQuery | undefined;
  const standIn = new Proxy(db, {
    get(target, name) {
      if (name === 'executeQuery') {
        return async (query: CompiledQuery) => {
          compiled = query;
          return { rows: [] };
        };
      }
      const value = Reflect.get(target, name) as unknown;
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
  await run(standIn);
  if (!compiled) throw new Error('no statement sent');
  return compiled;
}
