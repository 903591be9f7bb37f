import type { AppContext } from '../app-context.js';
import { onEventosAnnounced } from '../use-cases/eventos/store-evento.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { FAN_OUT_BATCH, fanOutEventos } from '../use-cases/webhooks/fan-out-eventos.js';

type Deps = Pick<AppContext, 'database' | 'clock' | 'jobs' | 'logger'>;

export interface EventFanOut {
  stop(): Promise<void>;
}

/**
 * Not a queued job: a loop per worker process that turns stored events into deliveries. A job
 * per event would double the rows written for every status change; the loop instead reads the
 * pending events (`distribuido_em` null) in batches. It runs when this process announces a commit
 * (milliseconds) and every `pollIntervalMs` otherwise (events committed by other processes, or
 * left by a crash); two processes share the backlog safely (rows locked and skipped on
 * PostgreSQL, one writer on SQLite, one message per event and endpoint either way).
 */
/**
 * After a commit is announced, the loop waits this long (ms) before fanning out, so the events of
 * the commits that follow go in the same statement: under load, one run per few dozen events
 * instead of one per commit, for at most this much more latency.
 */
const GATHER_MS = 20;

export function startEventFanOut(ctx: Deps, pollIntervalMs: number): EventFanOut {
  let stopping = false;
  let signalled = false;
  let wakeUp: (() => void) | undefined;
  const unsubscribe = onEventosAnnounced(() => {
    signalled = true;
    wakeUp?.();
  });
  const logger = ctx.logger.child({ component: 'fan-out' });

  async function loop(): Promise<void> {
    while (!stopping) {
      signalled = false;
      let failed = false;
      try {
        while (!stopping && (await fanOutEventos(ctx)) >= FAN_OUT_BATCH);
      } catch (error) {
        failed = true;
        logger.error({ err: error }, 'event fan-out failed; retrying at the next poll');
      }
      if (stopping) continue;
      if (signalled && !failed) {
        await sleep(GATHER_MS);
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, pollIntervalMs);
        function done() {
          clearTimeout(timer);
          wakeUp = undefined;
          resolve();
        }
        wakeUp = done;
      });
      if (signalled) await sleep(GATHER_MS);
    }
  }

  const looping = loop();
  return {
    async stop() {
      stopping = true;
      unsubscribe();
      wakeUp?.();
      await looping;
    },
  };
}
