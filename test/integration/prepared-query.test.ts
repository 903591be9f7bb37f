import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareQuery } from '../../src/infra/db/prepared-query.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const insertAlerta = prepareQuery<{ id: string; mensagem: string }, never>((db, params) =>
  db.insertInto('alertas').values({
    id: params.id,
    // A constant between two parameters: it must keep its place in the parameter list.
    tipo: 'teste',
    mensagem: params.mensagem,
    detalhes: '{}',
    criado_em: '2026-01-01T00:00:00.000Z',
  }),
);

const selectAlertas = prepareQuery<
  { tipo: string; depois: string },
  { id: string; mensagem: string }
>((db, params) =>
  db
    .selectFrom('alertas')
    .select(['id', 'mensagem'])
    .where('tipo', '=', params.tipo)
    .where('id', '>', params.depois)
    .orderBy('id'),
);

describe('prepared queries', () => {
  let testDb: TestDatabase;

  beforeEach(async () => {
    testDb = await createTestDatabase();
  });
  afterEach(async () => {
    await testDb.cleanup();
  });

  it('compiles once and binds each run its own values, in and out of transactions', async () => {
    const { database } = testDb;
    await insertAlerta(database, { id: 'a1', mensagem: 'primeira' });
    await database.transact(async (tx) => {
      await insertAlerta(tx, { id: 'a2', mensagem: 'segunda' });
      await insertAlerta(tx, { id: 'a3', mensagem: "com 'aspas' e ; ponto e virgula" });
    });
    await expect(
      database.transact(async (tx) => {
        await insertAlerta(tx, { id: 'a4', mensagem: 'desfeita' });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');

    expect((await selectAlertas(database, { tipo: 'teste', depois: 'a1' })).rows).toEqual([
      { id: 'a2', mensagem: 'segunda' },
      { id: 'a3', mensagem: "com 'aspas' e ; ponto e virgula" },
    ]);
    expect((await selectAlertas(database, { tipo: 'outro', depois: '' })).rows).toEqual([]);
  });
});
