import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../../src/infra/db/connect-database.js';
import { createTestDatabase, testBackend, type TestDatabase } from '../support/test-database.js';

// Two transactions that lock the same two rows in opposite orders deadlock; PostgreSQL rolls one
// back (40P01). A webhook replay and a delivery recording its answer did this under load, and the
// replay answered 500. The rolled-back transaction must run again, whole, and commit once.
describe.runIf(testBackend() === 'postgres')('a deadlocked transaction runs again', () => {
  let t: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    t = await createTestDatabase();
    database = t.database;
    await sql`create table travas (id int primary key, n int not null)`.execute(database.db);
    await sql`insert into travas values (1, 0), (2, 0)`.execute(database.db);
  });
  afterAll(async () => t?.cleanup());

  it('both commit, each once, and only the committed attempt runs its after-commit hooks', async () => {
    let holding = 0;
    let release!: () => void;
    const bothHoldFirstRow = new Promise<void>((resolve) => (release = resolve));
    const attempts = { a: 0, b: 0 };
    const hooks = { a: 0, b: 0 };
    const lockBoth = (name: 'a' | 'b', first: number, second: number) =>
      database.transact(async (tx: Tx) => {
        attempts[name]++;
        tx.afterCommit(() => hooks[name]++);
        await sql`update travas set n = n + 1 where id = ${first}`.execute(tx.db);
        // Only the first attempts meet here; a retry goes straight on.
        if (attempts[name] === 1 && ++holding === 2) release();
        if (attempts[name] === 1) await bothHoldFirstRow;
        await sql`update travas set n = n + 1 where id = ${second}`.execute(tx.db);
      });

    const results = await Promise.allSettled([lockBoth('a', 1, 2), lockBoth('b', 2, 1)]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    // One of the two was the deadlock's victim and ran a second time.
    expect(attempts.a + attempts.b).toBe(3);
    expect(hooks).toEqual({ a: 1, b: 1 });
    const { rows } = await sql<{
      id: number;
      n: number;
    }>`select id, n from travas order by id`.execute(database.db);
    expect(rows).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
  });
});
