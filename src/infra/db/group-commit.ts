import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from './schema.js';

/** What a unit of work sees: its transaction and a hook that runs once that commit is done. */
export interface GroupedTx {
  db: Transaction<DB>;
  afterCommit: (hook: () => void) => void;
}

interface Queued {
  work: (tx: GroupedTx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Units of work sharing one commit at most; bounds how long one batch holds the connection. */
const MAX_BATCH = 64;

/**
 * Group commit for SQLite: units of work that ask for a transaction while another batch is
 * committing share the next commit, so a burst pays one WAL write and one fsync instead of one
 * per unit. Each unit runs in a savepoint of its own: a unit that throws is rolled back alone
 * and rejected; the others commit. A caller's promise resolves only after the shared commit,
 * so nothing is acknowledged before it is durable. Units run one after another, exactly as
 * separate transactions on SQLite's single connection would.
 */
export class GroupCommit {
  private queue: Queued[] = [];
  private draining = false;

  constructor(private readonly db: Kysely<DB>) {}

  run<T>(work: (tx: GroupedTx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        // Deferred one turn so that units asked for in the same turn join the first batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.commit(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.draining = false;
    }
  }

  private async commit(batch: Queued[]): Promise<void> {
    const committed: Array<{ unit: Queued; value: unknown; hooks: Array<() => void> }> = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const unit of batch) {
          const unitHooks: Array<() => void> = [];
          const tx: GroupedTx = { db: trx, afterCommit: (hook) => unitHooks.push(hook) };
          // Alone in its batch, a unit needs no savepoint: its failure rolls back the transaction.
          if (batch.length === 1) {
            committed.push({ unit, value: await unit.work(tx), hooks: unitHooks });
            continue;
          }
          await sql`savepoint unidade`.execute(trx);
          try {
            const value = await unit.work(tx);
            await sql`release unidade`.execute(trx);
            committed.push({ unit, value, hooks: unitHooks });
          } catch (error) {
            await sql`rollback to unidade`.execute(trx);
            await sql`release unidade`.execute(trx);
            unit.reject(error);
          }
        }
      });
    } catch (error) {
      // The commit itself failed (or a lone unit threw): nothing of this batch is stored.
      for (const unit of batch) unit.reject(error);
      return;
    }
    for (const { unit, value, hooks } of committed) {
      // A hook that throws fails its own caller (its work is committed), never the others.
      try {
        for (const hook of hooks) hook();
        unit.resolve(value);
      } catch (error) {
        unit.reject(error);
      }
    }
  }
}
