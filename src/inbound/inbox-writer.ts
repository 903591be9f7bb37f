import type { Insertable } from 'kysely';
import type { Database } from '../infra/db/connect-database.js';
import type { EventoEntradaTable } from '../infra/db/schema.js';
import { insertRows, type RowInsert } from '../infra/db/row-inserts.js';
import type { JobQueue } from '../infra/queue/job-queue.js';
import { INBOUND_QUEUE, PROCESS_INBOUND_BATCH } from '../jobs/process-inbound-event.js';

type EventRow = Insertable<EventoEntradaTable>;

interface Pending {
  row: EventRow;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Largest number of events written in one transaction. */
const MAX_BATCH = 256;

/**
 * Group commit for inbound events: requests arriving together share one commit (one fsync on
 * SQLite; one statement, hence one round trip, on PostgreSQL) and one processing job. Each
 * caller's promise resolves only after the commit holding its event — and that job — is done,
 * so the HTTP answer is never sent for an event that is not durable.
 */
export class InboxWriter {
  private buffer: Pending[] = [];
  private lanes = 0;
  private laneStarting = false;

  /**
   * @param maxLanes transactions in flight at once. SQLite has one writer, so 1; on PostgreSQL a
   * commit is a network round trip, so while one batch commits the next can already be written.
   */
  constructor(
    private readonly database: Database,
    private readonly jobs: JobQueue,
    private readonly maxLanes = database.dialect === 'postgres' ? 4 : 1,
  ) {}

  /** Stores the event; accepted events (situacao 'pendente') get processing queued in the same commit. */
  store(row: EventRow): Promise<void> {
    return new Promise((resolve, reject) => {
      this.buffer.push({ row, resolve, reject });
      if (this.lanes < this.maxLanes && !this.laneStarting) {
        // Deferred so that requests arriving in the same turn join this lane's first batch.
        this.laneStarting = true;
        this.lanes++;
        setImmediate(() => {
          this.laneStarting = false;
          void this.runLane();
        });
      }
    });
  }

  private async runLane(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, MAX_BATCH);
      try {
        await this.write(batch.map((p) => p.row));
        for (const pending of batch) pending.resolve();
      } catch {
        // One bad row must not fail its neighbours: retry them one commit each.
        for (const pending of batch) {
          await this.write([pending.row]).then(pending.resolve, pending.reject);
        }
      }
    }
    this.lanes--;
  }

  /** The events and, for accepted ones, their processing job: one commit, one statement on PostgreSQL. */
  private async write(rows: EventRow[]): Promise<void> {
    const insertEvents: RowInsert = { table: 'eventos_entrada', rows };
    const eventoIds = rows.filter((row) => row.situacao === 'pendente').map((row) => row.id);
    if (eventoIds.length === 0) {
      await insertRows(this.database, insertEvents);
      return;
    }
    await this.jobs.insertWithJob([insertEvents], {
      kind: PROCESS_INBOUND_BATCH,
      queue: INBOUND_QUEUE,
      payload: { eventoIds },
      inHand: rows,
    });
  }
}
