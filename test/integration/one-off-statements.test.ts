import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, oneOff, type Database } from '../../src/infra/db/connect-database.js';
import { createTestDatabase, testBackend, type TestDatabase } from '../support/test-database.js';

// Every SQL text a PostgreSQL connection runs is prepared under a name, up to a limit. A lote's
// multi-row statements change text with their row count: marked one-off, they must not be kept.
describe.runIf(testBackend() === 'postgres')('one-off statements', () => {
  let t: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    t = await createTestDatabase();
    // One connection, so the statements below and the catalogue read share it.
    database = connectDatabase({ ...t.location, pgPoolSize: 1 });
  });
  afterAll(async () => {
    await database?.close();
    await t?.cleanup();
  });

  it('are not prepared on the connection; the others are', async () => {
    await database.db.selectFrom('lotes').select('id').where('id', '=', 'lot_x').execute();
    await database.db
      .selectFrom('lotes')
      .select('id')
      .where('id', 'in', ['lot_a', 'lot_b'])
      .modifyEnd(oneOff)
      .execute();
    const { rows } = await sql<{
      statement: string;
    }>`select statement from pg_prepared_statements`.execute(database.db);
    const prepared = rows.map((row) => row.statement);
    expect(prepared.some((text) => text.includes('"id" = $1'))).toBe(true);
    expect(prepared.filter((text) => text.includes('one-off'))).toEqual([]);
  });
});
