import pg from 'pg';
import type { Logger } from 'pino';
import type { WakeSignal } from './wake-signal.js';

export interface JobListener {
  close(): Promise<void>;
}

/**
 * LISTENs on PostgreSQL so workers in other processes wake the moment a job commits. Reconnects
 * on its own after a database restart; while disconnected, polling keeps jobs moving.
 */
export function listenForJobs(options: {
  connectionString: string;
  channel: string;
  wake: WakeSignal;
  logger: Logger;
  reconnectDelayMs?: number;
}): JobListener {
  let client: pg.Client | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  const scheduleReconnect = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, options.reconnectDelayMs ?? 1000);
  };

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: options.connectionString });
    // The payload is the job's queue (see JobQueue.enqueue).
    next.on('notification', (message) => options.wake.notify(message.payload || undefined));
    next.on('error', (error) => {
      options.logger.warn({ err: error }, 'job listener connection lost');
      void next.end().catch(() => undefined);
      scheduleReconnect();
    });
    try {
      await next.connect();
      await next.query(`LISTEN "${options.channel}"`);
      if (closed) {
        await next.end();
        return;
      }
      client = next;
      // Jobs committed while we were disconnected produced no notification we could hear.
      options.wake.notify();
    } catch (error) {
      options.logger.warn({ err: error }, 'job listener could not connect; retrying');
      void next.end().catch(() => undefined);
      scheduleReconnect();
    }
  }

  void connect();

  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => undefined);
    },
  };
}
