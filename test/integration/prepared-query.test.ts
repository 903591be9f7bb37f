import type { Insertable } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareQuery, prepareShapedQuery } from '../../src/infra/db/prepared-query.js';
import { insertRows } from '../../src/infra/db/row-inserts.js';
import type { JobTable } from '../../src/infra/db/schema.js';
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

  it('binds every run of a shaped insert its own rows, rows of different columns included', async () => {
    const { database } = testDb;
    // Cast: the schema types `attempt` as required, and leaving it out is the point here.
    const job = (id: string, attempt?: number, lockedBy?: string) =>
      ({
        id,
        queue: 'q',
        kind: 'k',
        payload: '{}',
        state: 'available',
        ...(attempt !== undefined && { attempt }),
        max_attempts: 3,
        run_at: '2026-01-01T00:00:00.000Z',
        ...(lockedBy !== undefined && { locked_by: lockedBy }),
        created_at: '2026-01-01T00:00:00.000Z',
        updated_at: '2026-01-01T00:00:00.000Z',
      }) as Insertable<JobTable>;
    // Same shape twice (the plan is reused), then rows of different columns in one statement.
    await insertRows(database, { table: 'jobs', rows: [job('j1', 2), job('j2', 5)] });
    await insertRows(database, { table: 'jobs', rows: [job('j3', 7), job('j4', 1)] });
    await insertRows(database, { table: 'jobs', rows: [job('j5', 4, 'w'), job('j6', 6)] });
    const expected = [
      { id: 'j1', attempt: 2, locked_by: null },
      { id: 'j2', attempt: 5, locked_by: null },
      { id: 'j3', attempt: 7, locked_by: null },
      { id: 'j4', attempt: 1, locked_by: null },
      { id: 'j5', attempt: 4, locked_by: 'w' },
      { id: 'j6', attempt: 6, locked_by: null },
    ];
    if (database.dialect === 'postgres') {
      // A column a row leaves undefined takes its default (NOT NULL DEFAULT 0), as with Kysely;
      // SQLite has no DEFAULT in a VALUES list, so there Kysely (and this) writes NULL.
      await insertRows(database, { table: 'jobs', rows: [job('j7', 3), job('j8')] });
      expected.push(
        { id: 'j7', attempt: 3, locked_by: null },
        { id: 'j8', attempt: 0, locked_by: null },
      );
    }
    const rows = await database.db
      .selectFrom('jobs')
      .select(['id', 'attempt', 'locked_by'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual(expected);
  });

  it('runs shapes past its plan limit correctly, compiling them each time', async () => {
    const { database } = testDb;
    const select = prepareShapedQuery<number, { id: string }>(
      (db, count, params) =>
        db
          .selectFrom('alertas')
          .select('id')
          .where(
            'id',
            'in',
            Array.from({ length: count }, (_, i) => params[i] as string),
          )
          .orderBy('id'),
      1,
    );
    for (const id of ['a1', 'a2', 'a3']) await insertAlerta(database, { id, mensagem: id });
    const run = async (ids: string[]) =>
      (await select(database, String(ids.length), ids.length, ids)).rows.map((r) => r.id);
    expect(await run(['a1'])).toEqual(['a1']);
    expect(await run(['a2', 'a3'])).toEqual(['a2', 'a3']);
    expect(await run(['a1', 'a3'])).toEqual(['a1', 'a3']);
    expect(await run(['a2'])).toEqual(['a2']);
  });
});
