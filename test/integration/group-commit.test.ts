import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Tx } from '../../src/infra/db/connect-database.js';
import { createTestDatabase, testBackend, type TestDatabase } from '../support/test-database.js';

function insertAlerta(tx: Tx, id: string) {
  return tx.db
    .insertInto('alertas')
    .values({
      id,
      tipo: 'teste',
      mensagem: id,
      detalhes: '{}',
      criado_em: new Date().toISOString(),
    })
    .execute();
}

describe('transactions (group commit on SQLite)', () => {
  let testDb: TestDatabase;

  beforeEach(async () => {
    testDb = await createTestDatabase();
  });
  afterEach(async () => {
    await testDb.cleanup();
  });

  async function storedIds(): Promise<string[]> {
    const rows = await testDb.database.db
      .selectFrom('alertas')
      .select('id')
      .orderBy('id')
      .execute();
    return rows.map((row) => row.id);
  }

  it('rolls back only the unit that threw; the others commit and run their hooks', async () => {
    const hooks: string[] = [];
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        testDb.database.transact(async (tx) => {
          const id = `a${i}`;
          await insertAlerta(tx, id);
          tx.afterCommit(() => hooks.push(id));
          if (i === 4) throw new Error('unidade 4 falhou');
          return id;
        }),
      ),
    );

    expect(outcomes[4]).toEqual({ status: 'rejected', reason: new Error('unidade 4 falhou') });
    const ok = outcomes.filter((o) => o.status === 'fulfilled').map((o) => o.value);
    expect(ok).toEqual(['a0', 'a1', 'a2', 'a3', 'a5', 'a6', 'a7', 'a8', 'a9']);
    expect(await storedIds()).toEqual(ok);
    expect(hooks.sort()).toEqual(ok);
  });

  it('fails only the caller whose after-commit hook threw, and keeps committing', async () => {
    const outcomes = await Promise.allSettled(
      ['h0', 'h1', 'h2'].map((id) =>
        testDb.database.transact(async (tx) => {
          await insertAlerta(tx, id);
          tx.afterCommit(() => {
            if (id === 'h1') throw new Error('hook falhou');
          });
          return id;
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await storedIds()).toEqual(['h0', 'h1', 'h2']);
    // The write path is still open.
    await testDb.database.transact((tx) => insertAlerta(tx, 'h3'));
    expect(await storedIds()).toEqual(['h0', 'h1', 'h2', 'h3']);
  });

  it('rolls back a unit that ran alone and threw', async () => {
    await expect(
      testDb.database.transact(async (tx) => {
        await insertAlerta(tx, 'sozinho');
        throw new Error('falhou');
      }),
    ).rejects.toThrow('falhou');
    expect(await storedIds()).toEqual([]);
  });

  it('answers a caller only after the commit its work shares with the burst', async () => {
    const log: string[] = [];
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        testDb.database
          .transact(async (tx) => {
            await insertAlerta(tx, `b${i}`);
            log.push(`work ${i}`);
          })
          .then(() => log.push(`done ${i}`)),
      ),
    );
    expect(await storedIds()).toEqual(['b0', 'b1', 'b2', 'b3', 'b4']);
    if (testBackend() === 'sqlite') {
      // One batch: every unit ran before the first caller heard back, and in the order asked.
      expect(log.slice(0, 5)).toEqual(['work 0', 'work 1', 'work 2', 'work 3', 'work 4']);
      expect(log.slice(5).sort()).toEqual(['done 0', 'done 1', 'done 2', 'done 3', 'done 4']);
    }
  });

  it('commitOne stores a single statement', async () => {
    await testDb.database.commitOne(({ db }) =>
      db
        .insertInto('alertas')
        .values({ id: 'c1', tipo: 't', mensagem: 'm', detalhes: '{}', criado_em: 'x' })
        .execute(),
    );
    expect(await storedIds()).toEqual(['c1']);
  });
});
