import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Ambiente } from '../../contract.js';
import type { Chamada, SandboxState } from './state.js';

/** Headers whose values never leave the sandbox, not even in `GET /__sandbox/registros`. */
const SECRETOS = new Set(['tokensh', 'password', 'authorization', 'cookie']);
/** Transport noise left out of the records. */
const IGNORADOS = new Set(['connection', 'keep-alive', 'accept-encoding', 'sec-fetch-mode']);

export const MASCARA = '********';

export function mascararHeaders(headers: FastifyRequest['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [nome, value] of Object.entries(headers)) {
    if (value === undefined || IGNORADOS.has(nome)) continue;
    result[nome] = SECRETOS.has(nome) ? MASCARA : Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}

const chamadas = new WeakMap<FastifyRequest, Chamada>();

/** The record of a request in flight (to flag a lost answer). */
export function chamadaDe(request: FastifyRequest): Chamada | undefined {
  return chamadas.get(request);
}

/**
 * Records every call of one environment's routes: headers (masked) when it arrives, the body once
 * parsed, the status once answered. A request refused before parsing keeps `corpo: null`.
 */
export function installCallLog(app: FastifyInstance, state: SandboxState, ambiente: Ambiente) {
  app.addHook('onRequest', async (request) => {
    const chamada: Chamada = {
      em: state.agoraIso(),
      metodo: request.method,
      caminho: request.url,
      ambiente,
      headers: mascararHeaders(request.headers),
      corpo: null,
      status: null,
      resposta_perdida: false,
    };
    chamadas.set(request, chamada);
    state.chamadas.push(chamada);
  });
  app.addHook('preHandler', async (request) => {
    const chamada = chamadas.get(request);
    if (chamada) chamada.corpo = request.body ?? null;
  });
  app.addHook('onResponse', async (request, reply) => {
    const chamada = chamadas.get(request);
    if (chamada && !chamada.resposta_perdida) chamada.status = reply.statusCode;
  });
}
