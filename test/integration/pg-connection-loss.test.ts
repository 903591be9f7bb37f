import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { connectDatabase, type Database } from '../../src/infra/db/connect-database.js';
import {
  createTestDatabase,
  TEST_PG_URL,
  testBackend,
  type TestDatabase,
} from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

// A database restart ends every connection, including one a transaction holds between two
// statements. pg-pool only listens for errors on idle clients, so that one used to emit an
// 'error' nobody handled, and the process died (found by test/reliability/postgres-restart).
describe.runIf(testBackend() === 'postgres')(
  'a connection ended by the server mid-transaction',
  () => {
    let testDb: TestDatabase | undefined;
    let database: Database | undefined;
    afterEach(async () => {
      await database?.close();
      await testDb?.cleanup();
    });

    it('fails that transaction, is reported, and the next query reconnects', async () => {
      testDb = await createTestDatabase();
      const reported: Error[] = [];
      database = connectDatabase({
        ...testDb.location,
        onPoolError: (error) => void reported.push(error),
      });
      const admin = new pg.Client({ connectionString: TEST_PG_URL });
      await admin.connect();
      try {
        const transaction = database.transact(async (tx) => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(
            tx.db,
          );
          await admin.query('select pg_terminate_backend($1)', [rows[0].pid]);
          // Idle between statements when the server's goodbye arrives, as in a restart.
          await waitFor(() => reported.length > 0, 'the lost connection to be reported');
          await sql`select 1`.execute(tx.db);
        });
        await expect(transaction).rejects.toThrow();
        expect(reported[0].message).toMatch(/terminat/);
        const { rows } = await sql<{ one: number }>`select 1 as one`.execute(database.db);
        expect(rows).toEqual([{ one: 1 }]);
      } finally {
        await admin.end();
      }
    });
  },
);
