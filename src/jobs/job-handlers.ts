import type { AppContext } from '../app-context.js';
import { PROCESS_INBOUND_EVENT } from '../inbound/inbox-writer.js';
import type { JobHandler } from '../infra/queue/run-worker.js';
import { processInboundEvent } from './process-inbound-event.js';
import { PURGE_EXPIRED_RECORDS, purgeExpiredRecords } from './purge-expired-records.js';

/** Every job kind and its handler: one file per job under jobs/, one line here. */
export function jobHandlers(ctx: AppContext): Record<string, JobHandler> {
  return {
    [PROCESS_INBOUND_EVENT]: processInboundEvent(ctx),
    [PURGE_EXPIRED_RECORDS]: purgeExpiredRecords(ctx),
  };
}
