import type { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { LRUCache } from 'lru-cache';
import { Agent, request, type Dispatcher } from 'undici';
import {
  BlockedAddressError,
  resolveTarget,
  UnresolvedHostError,
  type ResolvedAddress,
  type Resolver,
} from './guard-address.js';

/** The part of an answer's body kept with each attempt, in bytes. */
export const EXCERPT_BYTES = 1024;

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** CREDGATE_ALLOW_PRIVATE_WEBHOOKS: skip the address check (the address is pinned anyway). */
  allowPrivate: boolean;
  /** Longest wait for the whole answer (headers and the excerpt), ms. */
  timeoutMs: number;
  /** The worker shutting down. */
  signal?: AbortSignal;
  resolve?: Resolver;
}

export type WebhookAnswer =
  | {
      tipo: 'resposta';
      status: number;
      /** The first EXCERPT_BYTES of the body. */
      resposta: string;
      retryAfter?: string;
      latenciaMs: number;
    }
  | {
      tipo: 'falha';
      /** `codigo: detail`, e.g. `tempo_esgotado: sem resposta em 15000 ms`. */
      erro: string;
      latenciaMs: number;
    };

/** The worker is stopping: the attempt is neither a success nor a failure of the endpoint. */
export class DeliveryCancelledError extends Error {
  override name = 'DeliveryCancelledError';
}

/**
 * One POST of a signed event. The host is resolved and checked here, at delivery time, and the
 * connection goes to the address that was checked (a DNS answer changed in between cannot slip
 * in). Redirects are not followed: a 3xx is an answer like any other non-2xx.
 */
export async function sendWebhook(call: WebhookRequest): Promise<WebhookAnswer> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const url = new URL(call.url);
  let target: ResolvedAddress;
  try {
    target = await resolveTarget(url, { allowPrivate: call.allowPrivate, resolve: call.resolve });
  } catch (error) {
    if (error instanceof BlockedAddressError) {
      return { tipo: 'falha', erro: `endereco_bloqueado: ${error.message}`, latenciaMs: elapsed() };
    }
    if (error instanceof UnresolvedHostError) {
      return { tipo: 'falha', erro: `host_nao_resolvido: ${error.message}`, latenciaMs: elapsed() };
    }
    throw error;
  }
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = call.signal ? AbortSignal.any([timeout, call.signal]) : timeout;
  try {
    const response = await request(url, {
      method: 'POST',
      headers: {
        ...call.headers,
        'content-type': 'application/json',
        'user-agent': 'credgate-webhooks/1',
      },
      body: call.body,
      dispatcher: pinnedDispatcher(url, target),
      signal,
    });
    const resposta = await readExcerpt(response.body);
    const retryAfter = response.headers['retry-after'];
    return {
      tipo: 'resposta',
      status: response.statusCode,
      resposta,
      retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
      latenciaMs: elapsed(),
    };
  } catch (error) {
    if (call.signal?.aborted) throw new DeliveryCancelledError('worker stopping');
    const erro = timeout.aborted
      ? `tempo_esgotado: sem resposta completa em ${call.timeoutMs} ms`
      : `falha_de_rede: ${describe(error)}`;
    return { tipo: 'falha', erro, latenciaMs: elapsed() };
  }
}

/**
 * Reads at most EXCERPT_BYTES and drops the rest (and the connection with it). The status came
 * in time, so a body cut short by the deadline still leaves the answer as it is: what was read.
 */
async function readExcerpt(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      chunks.push(buffer);
      size += buffer.length;
      if (size >= EXCERPT_BYTES) break;
    }
  } catch {
    // Deadline or connection lost while reading the body.
  }
  body.destroy();
  return Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8');
}

function describe(error: unknown): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const { message, code, cause } = current as {
      message?: string;
      code?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string') parts.push(code);
    else if (message) parts.push(message);
    current = cause;
  }
  return parts.join(' ') || String(error);
}

/**
 * A connection pool per origin and checked address whose lookup answers that address only; TLS
 * still verifies the certificate against the host name. Pools are kept for reuse a while.
 */
const pools = new LRUCache<string, Agent>({
  max: 64,
  ttl: 5 * 60_000,
  dispose: (agent) => void agent.close(),
});

function pinnedDispatcher(url: URL, target: ResolvedAddress): Dispatcher {
  const key = `${url.origin}|${target.address}`;
  let agent = pools.get(key);
  if (!agent) {
    agent = new Agent({
      connect: {
        lookup: (_hostname, options, callback) => {
          if ((options as { all?: boolean }).all) {
            callback(null, [{ address: target.address, family: target.family }]);
          } else {
            callback(null, target.address, target.family);
          }
        },
      },
    });
    pools.set(key, agent);
  }
  return agent;
}
