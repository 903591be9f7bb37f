import type { SandboxState, Webhook } from './state.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Seed 000: up to five attempts within 30 minutes of the request, five more later, then one the
 * next day. The offsets inside those windows are the sandbox's choice (Serasa does not publish
 * them), measured from the first attempt and multiplied by `escala_tempo`.
 */
export const RETRY_OFFSETS_MS = [
  0,
  1 * MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  3 * HOUR,
  4 * HOUR,
  5 * HOUR,
  6 * HOUR,
  24 * HOUR,
];

/** Queues a webhook (or holds it when `reter_webhooks` is on). */
export function emitWebhook(state: SandboxState, webhook: Webhook): void {
  state.sent.set(webhook.uuid, webhook);
  if (state.config.reter_webhooks) {
    state.held.push(webhook);
    return;
  }
  dispatch(state, webhook, state.config.atraso_webhook_ms);
}

export function dispatch(state: SandboxState, webhook: Webhook, delayMs = 0): void {
  for (let copy = 0; copy < webhook.copias; copy++) {
    state.later(delayMs, () => void attempt(state, webhook, 0));
  }
}

async function attempt(state: SandboxState, webhook: Webhook, index: number): Promise<void> {
  const target = state.target(webhook.clientId);
  const record = {
    uuid: webhook.uuid,
    evento: webhook.evento,
    tentativa: index + 1,
    em: new Date().toISOString(),
  };
  let delivered = false;
  if (!target) {
    state.registros.entregas.push({ ...record, erro: 'nenhuma URL de webhook cadastrada' });
  } else {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const auth = target.autenticacao;
    if (auth.tipo === 'basic') {
      headers.authorization = `Basic ${Buffer.from(`${auth.usuario ?? ''}:${auth.senha ?? ''}`).toString('base64')}`;
    } else if (auth.tipo === 'bearer') {
      headers.authorization = `Bearer ${auth.token ?? ''}`;
    }
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(webhook.payload),
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      state.registros.entregas.push({ ...record, status_http: response.status });
      delivered = response.ok;
    } catch (error) {
      state.registros.entregas.push({ ...record, erro: (error as Error).message });
    }
  }
  const next = index + 1;
  if (!delivered && next < RETRY_OFFSETS_MS.length) {
    const waitMs = (RETRY_OFFSETS_MS[next] - RETRY_OFFSETS_MS[index]) * state.config.escala_tempo;
    state.later(waitMs, () => void attempt(state, webhook, next));
  }
}
