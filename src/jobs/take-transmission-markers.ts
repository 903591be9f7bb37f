import { sql } from 'kysely';
import type { Clock } from '../infra/clock.js';
import type { Database } from '../infra/db/connect-database.js';
import { prepareShapedQuery } from '../infra/db/prepared-query.js';
import { GatheredCalls } from '../infra/gather-calls.js';
import type { NegativacaoRow } from '../use-cases/negativacoes/negativacao-store.js';

interface Marker {
  id: string;
  jobId: string;
}

/**
 * Marks pending rows as being transmitted by their jobs and reads them, for a worker's jobs
 * starting together. On PostgreSQL the marks asked for in one event-loop turn (a claim hands a
 * worker several jobs at once), or while the previous statement is on its way, are taken by one
 * statement instead of one each; on SQLite each is one unit of a group commit already.
 */
export class TransmissionMarkers {
  private readonly calls = new GatheredCalls<Marker, NegativacaoRow | undefined>(
    async (markers) => {
      const values: unknown[] = [this.clock.now().toISOString()];
      for (const { id, jobId } of markers) values.push(id, jobId);
      const count = markers.length;
      const { rows } = await takeMarkers(this.database, String(count), count, values);
      const marked = new Map(rows.map((row) => [row.id, row]));
      // Two calls for one row in a batch (a follow-up job beside its job, or one job run twice
      // after its lease lapsed): the row goes to the first call of the job that marked it.
      return markers.map(({ id, jobId }) => {
        const row = marked.get(id);
        if (row?.transmissao_job !== jobId) return undefined;
        marked.delete(id);
        return row;
      });
    },
  );

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  /**
   * The row, marked since `transmissao_desde` for `jobId`; undefined when it is not a pending
   * row free of any attempt (already sent, settled, or marked by another job).
   */
  async take(id: string, jobId: string): Promise<NegativacaoRow | undefined> {
    if (this.database.dialect === 'postgres') {
      try {
        return await this.calls.call({ id, jobId });
      } catch {
        // One row's trouble (a lock, a deadlock) failed the whole batch: each call goes alone,
        // so only its own error reaches its job. A batch that did commit leaves the mark, which
        // the call alone then finds taken: the job hands the row to reconciliation.
      }
    }
    return this.takeAlone(id, jobId);
  }

  private async takeAlone(id: string, jobId: string): Promise<NegativacaoRow | undefined> {
    const desde = this.clock.now().toISOString();
    const { rows } = await this.database.commitOne((target) =>
      takeMarkers(target, '1', 1, [desde, id, jobId]),
    );
    return rows[0];
  }
}

/**
 * Marks `count` rows: params are the time, then each row's id and job. The ids are matched on
 * the primary key (`id in (...)`), which PostgreSQL plans as an index scan even on a table never
 * analyzed. Compiled once per batch size.
 */
const takeMarkers = prepareShapedQuery<number, NegativacaoRow>((db, count, params) => {
  const ids = Array.from({ length: count }, (_, i) => params[1 + 2 * i] as string);
  const jobOf = sql.join(
    ids.map((id, i) => sql`when ${id} then ${params[2 + 2 * i] as string}`),
    sql` `,
  );
  return db
    .updateTable('negativacoes')
    .set({
      transmissao_desde: params[0] as string,
      transmissao_job: count === 1 ? (params[2] as string) : sql<string>`case id ${jobOf} end`,
    })
    .where('id', 'in', ids)
    .where('status', '=', 'aguardando')
    .where('acao', 'is not', null)
    .where('transmissao_desde', 'is', null)
    .returningAll();
});
