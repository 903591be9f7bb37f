import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { emitWebhook } from './deliver-webhooks.js';
import { authorize } from './iam.js';
import {
  COPIAS_DUPLICADO,
  CONTRATO_DUPLICADO,
  CONTRATO_REJEITADO,
  CREDOR_NAO_PARTICIPANTE,
  MASSA_TESTE,
} from './magic.js';
import { avalistaSchema, inclusaoSchema, parsePefin } from './pefin-schema.js';
import { debtKey, type Divida, type SandboxState } from './state.js';
import { payloadInclusao, type InclusaoRecebida } from './webhook-payloads.js';
import { erroPefin, MENSAGENS } from './wire-http.js';

/** categoryId codes of the natureza table (research §3.7); others fail on the mainframe. */
const NATUREZAS = new Set(
  (
    'AD AG AL AR C1 C2 C3 C4 C5 C6 CA CB CC CD CL CM CO CP CR CT CV DA DC DE DP EC EE EG FG FI ' +
    'HO IE IM LL LM LV ME NF OA OJ OO RE RR SB SF SG SQ SR SS TC TD TE TF TI TM TP TR TT VM'
  ).split(' '),
);

/** Error messages of inclusion webhooks; the wording is the sandbox's, in Serasa's style. */
export const ERROS_INCLUSAO = {
  rejeitada: 'DADOS CADASTRAIS DO DEVEDOR INCONSISTENTES - INCLUSAO NAO EFETUADA',
  foraDaMassa: 'DOCUMENTO NAO PERTENCE A MASSA DE TESTE DE HOMOLOGACAO',
  natureza: 'NATUREZA DA DIVIDA INVALIDA',
  duplicada: 'DIVIDA JA CADASTRADA PARA ESTE CONTRATO',
  semPrincipal: 'DIVIDA PRINCIPAL NAO ENCONTRADA PARA O AVALISTA',
} as const;

export const copiasDe = (state: SandboxState, contrato: string | null) =>
  contrato?.startsWith(CONTRATO_DUPLICADO)
    ? Math.max(COPIAS_DUPLICADO, state.config.copias)
    : state.config.copias;

/** Serasa acted before answering; the delay lets crash tests lose the answer. */
export async function responder(state: SandboxState, reply: FastifyReply, transactionId: string) {
  if (state.config.atraso_resposta_ms > 0) await sleep(state.config.atraso_resposta_ms);
  return reply.code(200).send({ transactionId });
}

function motivoRecusa(state: SandboxState, pedido: InclusaoRecebida): string | null {
  if (pedido.contrato.startsWith(CONTRATO_REJEITADO)) return ERROS_INCLUSAO.rejeitada;
  if (state.config.massa_teste_estrita && !(pedido.devedor in MASSA_TESTE))
    return ERROS_INCLUSAO.foraDaMassa;
  if (!NATUREZAS.has(pedido.categoria)) return ERROS_INCLUSAO.natureza;
  if (state.dividas.get(debtKey(pedido.credor, pedido.devedor, pedido.contrato))?.ativa)
    return ERROS_INCLUSAO.duplicada;
  return null;
}

function registrar(state: SandboxState, pedido: InclusaoRecebida, extra: Partial<Divida> = {}) {
  const divida: Divida = {
    tipo: 'principal',
    credor: pedido.credor,
    devedor: pedido.devedor,
    contrato: pedido.contrato,
    valor: pedido.valor,
    categoria: pedido.categoria,
    area: pedido.area,
    vencimento: pedido.vencimento,
    cadusKey: state.nextCadusKey(),
    cadusSerie: '001',
    exclusoes: 0,
    ativa: true,
    ...extra,
  };
  state.dividas.set(debtKey(divida.credor, divida.devedor, divida.contrato), divida);
  return divida;
}

/** `POST /collection/debt/` and `/collection/debt/guarantor`: 200 {transactionId}, then a webhook. */
export function inclusionRoutes(app: FastifyInstance, state: SandboxState): void {
  const incluir = async (request: FastifyRequest, reply: FastifyReply) => {
    const clientId = authorize(state, request, reply);
    if (!clientId) return reply;
    const parsed = parsePefin(inclusaoSchema, request.body);
    if (!parsed.ok) return erroPefin(reply, parsed.message);
    const body = parsed.value;
    if (body.creditor.documentNumber === CREDOR_NAO_PARTICIPANTE) {
      return erroPefin(reply, MENSAGENS.naoParticipante);
    }
    const pedido: InclusaoRecebida = {
      credor: body.creditor.documentNumber,
      devedor: body.debtor.documentNumber,
      contrato: body.contractNumber,
      valor: body.value,
      vencimento: body.dueDate,
      categoria: body.categoryId,
      area: body.areaInformante,
    };
    const uuid = randomUUID();
    const { credor, devedor, contrato, valor, categoria } = pedido;
    const recebida_em = new Date().toISOString();
    state.registros.inclusoes.push({
      transactionId: uuid,
      recebida_em,
      credor,
      devedor,
      contrato,
      valor,
      categoria,
    });
    const recusa = motivoRecusa(state, pedido);
    const divida = recusa ? null : registrar(state, pedido);
    emitWebhook(state, {
      uuid,
      evento: recusa ? 'inclusao_erro' : 'inclusao_sucesso',
      clientId,
      copias: copiasDe(state, contrato),
      payload: payloadInclusao(
        uuid,
        pedido,
        divida,
        recusa ? { message: recusa, statusCode: 400 } : null,
      ),
    });
    return responder(state, reply, uuid);
  };
  app.post('/collection/debt/', incluir);
  app.post('/collection/debt', incluir);

  app.post('/collection/debt/guarantor', async (request, reply) => {
    const clientId = authorize(state, request, reply);
    if (!clientId) return reply;
    const parsed = parsePefin(avalistaSchema, request.body);
    if (!parsed.ok) return erroPefin(reply, parsed.message);
    const body = parsed.value;
    const credor = body.creditor.documentNumber;
    if (credor === CREDOR_NAO_PARTICIPANTE) return erroPefin(reply, MENSAGENS.naoParticipante);
    const principalKey = debtKey(credor, body.debtorDocument, body.contractNumber);
    const principal = state.dividas.get(principalKey);
    // The webhook names the guarantor as debtor: it is the person whose record was created.
    const pedido: InclusaoRecebida = {
      credor,
      devedor: body.guarantor.documentNumber,
      contrato: body.contractNumber,
      valor: body.value,
      vencimento: body.dueDate,
      categoria: body.categoryId,
      area: principal?.area ?? '',
    };
    const uuid = randomUUID();
    state.registros.avalistas.push({
      transactionId: uuid,
      recebida_em: new Date().toISOString(),
      credor,
      devedor: body.debtorDocument,
      contrato: pedido.contrato,
      avalista: pedido.devedor,
    });
    const recusa =
      principal?.ativa && principal.tipo === 'principal'
        ? motivoRecusa(state, pedido)
        : ERROS_INCLUSAO.semPrincipal;
    const divida = recusa
      ? null
      : registrar(state, pedido, { tipo: 'avalista', principal: principalKey });
    const erro = recusa ? { message: recusa, statusCode: 400 } : null;
    emitWebhook(state, {
      uuid,
      evento: recusa ? 'avalista_erro' : 'avalista_sucesso',
      clientId,
      copias: copiasDe(state, pedido.contrato),
      payload: payloadInclusao(uuid, pedido, divida, erro),
    });
    return responder(state, reply, uuid);
  });
}
