import type { AppContext } from '../app-context.js';
import type { JobHandler } from '../infra/queue/run-worker.js';
import {
  PROCESS_INBOUND_BATCH,
  PROCESS_INBOUND_EVENT,
  processInboundBatch,
  processInboundEvent,
} from './process-inbound-event.js';
import { POLL_CONSULTA, pollConsulta } from './poll-consulta.js';
import { POLL_NEGATIVACAO, pollNegativacao } from './poll-negativacao.js';
import { PURGE_EXPIRED_RECORDS, purgeExpiredRecords } from './purge-expired-records.js';
import { ALERT_BAIXA_DEADLINE, alertBaixaDeadline } from './alert-baixa-deadline.js';
import {
  FLAG_UNCONFIRMED_TRANSMISSIONS,
  flagUnconfirmedTransmissions,
} from './flag-unconfirmed-transmissions.js';
import { RECONCILE_TRANSMISSION, reconcileTransmission } from './reconcile-transmission.js';
import { TRANSMIT_NEGATIVACAO, transmitNegativacao } from './transmit-negativacao.js';
import { DELIVER_WEBHOOK, deliverWebhook } from './deliver-webhook.js';
import { PROCESS_LOTE, processLote } from './process-lote.js';

/** Every job kind and its handler: one file per job under jobs/, one line here. */
export function jobHandlers(ctx: AppContext): Record<string, JobHandler> {
  return {
    [PROCESS_INBOUND_EVENT]: processInboundEvent(ctx),
    [PROCESS_INBOUND_BATCH]: processInboundBatch(ctx),
    [PURGE_EXPIRED_RECORDS]: purgeExpiredRecords(ctx),
    [TRANSMIT_NEGATIVACAO]: transmitNegativacao(ctx),
    [RECONCILE_TRANSMISSION]: reconcileTransmission(ctx),
    [POLL_NEGATIVACAO]: pollNegativacao(ctx),
    [POLL_CONSULTA]: pollConsulta(ctx),
    [FLAG_UNCONFIRMED_TRANSMISSIONS]: flagUnconfirmedTransmissions(ctx),
    [ALERT_BAIXA_DEADLINE]: alertBaixaDeadline(ctx),
    [DELIVER_WEBHOOK]: deliverWebhook(ctx),
    [PROCESS_LOTE]: processLote(ctx),
  };
}
