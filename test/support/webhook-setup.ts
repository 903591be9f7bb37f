import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { expect, vi } from 'vitest';
import type { AppContext } from '../../src/app-context.js';
import { raiseAlerta } from '../../src/use-cases/alertas/raise-alerta.js';
import { WEBHOOK_QUEUE } from '../../src/use-cases/webhooks/entrega-store.js';
import type { TestApp } from './test-app.js';
import { waitFor } from './wait-for.js';

export interface Chamada {
  cabecalhos: IncomingMessage['headers'];
  corpo: string;
}

/** What the receiver answers to request number `n` (from 1): a status (and headers), or hang. */
export type Resposta =
  number | { status: number; headers?: Record<string, string>; corpo?: string } | 'pendurar';

/** A webhook endpoint on 127.0.0.1 that records every request and answers as scripted. */
export async function iniciarReceptorWebhooks(roteiro: (n: number) => Resposta = () => 200) {
  const chamadas: Chamada[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let corpo = '';
    req.setEncoding('utf8');
    req.on('data', (parte: string) => (corpo += parte));
    req.on('end', () => {
      chamadas.push({ cabecalhos: req.headers, corpo });
      const acao = roteiro(chamadas.length);
      if (acao === 'pendurar') return;
      const {
        status,
        headers,
        corpo: resposta,
      } = typeof acao === 'number' ? { status: acao, headers: {}, corpo: undefined } : acao;
      res.writeHead(status, headers);
      res.end(resposta ?? (status < 300 ? '{"ok":true}' : `erro ${status} do receptor`));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    port,
    chamadas,
    /** Waits until `n` requests have arrived; returns the last one. */
    async esperar(n: number, timeoutMs = 10_000): Promise<Chamada> {
      await waitFor(
        () => chamadas.length >= n,
        `${n} webhook requests (got ${chamadas.length})`,
        timeoutMs,
      );
      return chamadas[n - 1];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type ReceptorWebhooks = Awaited<ReturnType<typeof iniciarReceptorWebhooks>>;

/**
 * Verifies a delivered request with the reference Standard Webhooks library, as a host would,
 * at `agora` (the reference checks the timestamp against its clock: the manual clock's time is
 * lent to it for the call). Returns the parsed body; throws when the signature does not match.
 */
export function verificar(segredo: string, chamada: Chamada, agora: Date = new Date()): unknown {
  vi.useFakeTimers({ toFake: ['Date'], now: agora });
  try {
    return new Webhook(segredo).verify(chamada.corpo, chamada.cabecalhos as Record<string, string>);
  } finally {
    vi.useRealTimers();
  }
}

/** Registers an endpoint through the API; returns its id and secret. */
export async function registrar(
  app: TestApp,
  url: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; segredo: string }> {
  const response = await app.api('/v1/webhooks', { method: 'POST', json: { url, ...extra } });
  const body = (await response.json()) as { id: string; segredo: string };
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body;
}

/** An `integracao.alerta` event, stored the way every alert stores it. */
export async function emitirAlerta(ctx: AppContext, tipo = 'teste', detalhes = {}): Promise<void> {
  await ctx.database.transact((tx) =>
    raiseAlerta(tx, ctx.clock, { tipo, mensagem: `alerta ${tipo}`, detalhes }),
  );
}

/** Messages of an endpoint as the API lists them (newest first). */
export async function entregas(app: TestApp, webhookId: string, query = '') {
  const response = await app.api(`/v1/webhooks/${webhookId}/entregas${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { dados: EntregaLida[] }).dados;
}

export interface EntregaLida {
  id: string;
  evento_id: string;
  tipo: string;
  situacao: string;
  proxima_em: string | null;
  ultimo_status: number | null;
  ultimo_erro: string | null;
  tentativas: Array<{
    numero: number;
    status: number | null;
    latencia_ms: number;
    resposta: string | null;
    erro: string | null;
    resultado: string;
  }>;
}

/** Waits until the endpoint's only (or newest) message has made `n` attempts. */
export async function esperarTentativas(app: TestApp, webhookId: string, n: number) {
  return waitFor(async () => {
    const [ultima] = await entregas(app, webhookId);
    return ultima && ultima.tentativas.length >= n ? ultima : null;
  }, `${n} attempts recorded for ${webhookId}`);
}

/**
 * Delivery jobs runnable now, taken out of the queue by a probe worker: proves that nothing is
 * due before a scheduled time without waiting for a worker's poll.
 */
export async function jobsDevidos(ctx: AppContext): Promise<number> {
  const taken = await ctx.jobs.claim('sonda-teste', [WEBHOOK_QUEUE], 50);
  for (const job of taken) await ctx.jobs.release('sonda-teste', [job.id]);
  return taken.length;
}

/** Moves the manual clock and wakes the delivery worker so due jobs run now. */
export function acordar(ctx: AppContext): void {
  ctx.wake.notify(WEBHOOK_QUEUE);
}
