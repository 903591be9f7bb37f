import type { SandboxState, Webhook, WebhookTarget } from './state.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * When each attempt starts, measured from the first one and multiplied by `escala_tempo`.
 * Seed 000 (HubSoft's wiki) says: up to five attempts within 30 minutes, five more later, then
 * one the next day. Serasa publishes no exact offsets, so these are the sandbox's choice:
 * 0, 1, 5, 15, 30 min; then 2, 3, 4, 5, 6 h; then 24 h. Eleven attempts in all.
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

/** A receiver that never answers must not pin an attempt forever. */
const ATTEMPT_TIMEOUT_MS = 10_000;

/** Queues a webhook, or holds it while `reter_webhooks` is on. */
export function emitWebhook(state: SandboxState, webhook: Webhook): void {
  state.sent.set(webhook.uuid, webhook);
  if (state.config.reter_webhooks) {
    state.held.push(webhook);
    return;
  }
  dispatch(state, webhook, state.config.atraso_webhook_ms);
}

/** Starts each copy's retry chain after `delayMs`; the copies are independent deliveries. */
export function dispatch(state: SandboxState, webhook: Webhook, delayMs = 0): void {
  for (let copia = 1; copia <= webhook.copias; copia++) {
    state.later(delayMs, () => void attempt(state, webhook, copia, 0));
  }
}

/**
 * Delivers the first attempt of each webhook one after the other, in the given order, so a
 * test can make the receiver see an exclusion before its inclusion. Retries then follow the
 * schedule independently.
 */
export async function releaseInOrder(state: SandboxState, webhooks: Webhook[]): Promise<void> {
  for (const webhook of webhooks) {
    for (let copia = 1; copia <= webhook.copias; copia++) {
      await attempt(state, webhook, copia, 0);
    }
  }
}

function authorization(target: WebhookTarget): Record<string, string> {
  const auth = target.autenticacao;
  if (auth.tipo === 'basic') {
    const pair = `${auth.usuario ?? ''}:${auth.senha ?? ''}`;
    return { authorization: `Basic ${Buffer.from(pair).toString('base64')}` };
  }
  if (auth.tipo === 'bearer') return { authorization: `Bearer ${auth.token ?? ''}` };
  return {};
}

type Outcome = { status_http?: number; erro?: string };

/** One POST; resolves to the HTTP status or the network error, never rejects. */
async function post(
  state: SandboxState,
  target: WebhookTarget,
  webhook: Webhook,
): Promise<Outcome> {
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authorization(target) },
      body: JSON.stringify(webhook.payload),
      signal: AbortSignal.any([state.closing.signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
    });
    await response.arrayBuffer().catch(() => undefined);
    return { status_http: response.status };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { erro: cause ?? (error instanceof Error ? error.message : String(error)) };
  }
}

async function attempt(
  state: SandboxState,
  webhook: Webhook,
  copia: number,
  index: number,
): Promise<void> {
  if (state.closed) return;
  // Read at each attempt: a URL registered after a failure is used by the next retry.
  const target = state.target(webhook.clientId);
  const outcome: Outcome = target
    ? await post(state, target, webhook)
    : { erro: 'nenhuma URL de webhook cadastrada' };
  if (state.closed) return;
  state.registros.entregas.push({
    uuid: webhook.uuid,
    evento: webhook.evento,
    tentativa: index + 1,
    copia,
    ...outcome,
    em: new Date().toISOString(),
  });
  const delivered =
    outcome.status_http !== undefined && outcome.status_http >= 200 && outcome.status_http < 300;
  const next = index + 1;
  if (delivered || next >= RETRY_OFFSETS_MS.length) return;
  const waitMs = (RETRY_OFFSETS_MS[next] - RETRY_OFFSETS_MS[index]) * state.config.escala_tempo;
  state.later(waitMs, () => void attempt(state, webhook, copia, next));
}
