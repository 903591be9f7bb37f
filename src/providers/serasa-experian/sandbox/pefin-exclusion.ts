import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { emitWebhook } from './deliver-webhooks.js';
import { authorize } from './iam.js';
import { CONTRATO_BAIXA_COM_ERRO } from './magic.js';
import { copiasDe, responder } from './pefin-inclusion.js';
import { parseExclusao, type PedidoExclusao } from './pefin-schema.js';
import { debtKey, type Divida, type SandboxState } from './state.js';
import { payloadExclusao } from './webhook-payloads.js';
import { erroPefin } from './wire-http.js';

/**
 * Error messages of exclusion webhooks. Serasa's wording for an unknown debt is not in any
 * source: "DIVIDA NAO ENCONTRADA" is the sandbox's choice, as is the BXERR transient failure.
 */
export const ERROS_EXCLUSAO = {
  naoEncontrada: { statusCode: '404', message: 'DIVIDA NAO ENCONTRADA PARA EXCLUSAO' },
  falhaTransitoria: { statusCode: '422', message: 'EXCLUSAO NAO PROCESSADA - TENTE NOVAMENTE' },
} as const;

function localizar(state: SandboxState, pedido: PedidoExclusao, cadus: string | null) {
  if (cadus === null) {
    return state.dividas.get(debtKey(pedido.credor, pedido.devedor, pedido.contrato ?? ''));
  }
  for (const divida of state.dividas.values()) {
    if (divida.cadusKey === cadus && divida.credor === pedido.credor) return divida;
  }
  return undefined;
}

/** Removing a principal debt removes its guarantors too (research §3.9). */
function baixar(state: SandboxState, divida: Divida): void {
  divida.ativa = false;
  if (divida.tipo !== 'principal') return;
  const key = debtKey(divida.credor, divida.devedor, divida.contrato);
  for (const other of state.dividas.values()) {
    if (other.principal === key) other.ativa = false;
  }
}

/** Applies an exclusion to the base; the webhook error, or null when the debt was removed. */
function julgar(state: SandboxState, divida: Divida | undefined) {
  if (!divida?.ativa) return ERROS_EXCLUSAO.naoEncontrada;
  divida.exclusoes += 1;
  if (divida.contrato.startsWith(CONTRATO_BAIXA_COM_ERRO) && divida.exclusoes === 1) {
    return ERROS_EXCLUSAO.falhaTransitoria;
  }
  baixar(state, divida);
  return null;
}

/** `DELETE /collection/debt/contract` and `/collection/debt/cadus/:cadus`, parameters in headers. */
export function exclusionRoutes(app: FastifyInstance, state: SandboxState): void {
  const excluir = (porCadus: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const clientId = authorize(state, request, reply);
    if (!clientId) return reply;
    const parsed = parseExclusao(request.headers, !porCadus);
    if (!parsed.ok) return erroPefin(reply, parsed.message);
    const pedido = parsed.value;
    const cadus = porCadus ? (request.params as { cadus: string }).cadus : null;
    const divida = localizar(state, pedido, cadus);
    const contrato = divida?.contrato ?? pedido.contrato;
    const uuid = randomUUID();
    state.registros.exclusoes.push({
      transactionId: uuid,
      recebida_em: new Date().toISOString(),
      credor: pedido.credor,
      devedor: pedido.devedor,
      contrato: contrato ?? '',
      motivo: pedido.motivo,
      cadus,
    });
    const erro = julgar(state, divida);
    emitWebhook(state, {
      uuid,
      evento: erro ? 'exclusao_erro' : 'exclusao_sucesso',
      clientId,
      copias: copiasDe(state, contrato),
      payload: payloadExclusao(uuid, { ...pedido, contrato }, divida, erro && { ...erro }),
    });
    return responder(state, reply, uuid);
  };
  app.delete('/collection/debt/contract', excluir(false));
  app.delete('/collection/debt/cadus/:cadus', excluir(true));
}
