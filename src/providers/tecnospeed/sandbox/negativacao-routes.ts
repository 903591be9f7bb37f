import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Ambiente } from '../../contract.js';
import { autorizarUsuario } from './auth.js';
import { chamadaDe } from './call-log.js';
import { inicioDoDia, validarNegativacao } from './negativacao-schema.js';
import {
  ativa,
  permiteBaixa,
  planejarBaixa,
  planejarEtapas,
  situacaoAtual,
  vistaNegativacao,
} from './negativacao-timeline.js';
import type { Negativacao, PedidoNegativacao, SandboxState } from './state.js';
import { isObject } from './validation.js';
import { CODIGOS, erro422, type ErroCampo } from './wire-http.js';

type Query = Partial<Record<'protocolo' | 'documento' | 'nossoNumero' | 'numDocumento', string>>;

/** The creditor's negativacoes of this environment. */
function doCredor(state: SandboxState, ambiente: Ambiente, cnpjCredor: string): Negativacao[] {
  return [...state.negativacoes.values()].filter(
    (n) => n.ambiente === ambiente && n.cnpjCredor === cnpjCredor,
  );
}

function duplicada(
  state: SandboxState,
  existentes: Negativacao[],
  pedido: PedidoNegativacao,
): Negativacao | undefined {
  if (!state.config.recusar_duplicadas) return undefined;
  const agora = state.now();
  return existentes.find(
    (n) =>
      n.pedido.documento === pedido.documento &&
      n.pedido.divida.nossoNumero === pedido.divida.nossoNumero &&
      ativa(situacaoAtual(n, agora).situacao),
  );
}

/**
 * Stored, then the socket is destroyed before any byte of an answer: the client cannot tell
 * whether the request was processed, which is what reconciliation must handle.
 */
function perderResposta(state: SandboxState, request: FastifyRequest, reply: FastifyReply) {
  state.config.perder_resposta_negativacao -= 1;
  const chamada = chamadaDe(request);
  if (chamada) chamada.resposta_perdida = true;
  reply.hijack();
  request.raw.socket.destroy();
  return reply;
}

function validarRemocao(
  state: SandboxState,
  corpo: unknown,
): ErroCampo | { protocolo: string; codMotivo: string } {
  if (!isObject(corpo)) {
    return { message: 'O corpo deve ser um objeto JSON', internalCode: CODIGOS.corpoInvalido };
  }
  const { protocolo, codMotivo } = corpo;
  if (typeof protocolo !== 'string' || protocolo === '') {
    return { message: 'O campo protocolo e obrigatorio', internalCode: CODIGOS.obrigatorio };
  }
  // The type of codMotivo is undocumented: text or a number, read as two digits ("01").
  const valido = typeof codMotivo === 'string' || Number.isInteger(codMotivo);
  const codigo = valido ? String(codMotivo).padStart(2, '0') : '';
  if (!state.config.motivos_baixa.includes(codigo)) {
    const aceitos = state.config.motivos_baixa.join(', ');
    const message = `codMotivo invalido (aceitos: ${aceitos})`;
    return { message, internalCode: CODIGOS.codMotivoInvalido };
  }
  return { protocolo, codMotivo: codigo };
}

/**
 * `POST /negativacao`, `GET /negativacao` (by protocolo, or the lookup below) and
 * `POST /negativacao/remover`. A protocolo is only visible to its creditor in its environment;
 * an unknown one is a 422.
 */
export function negativacaoRoutes(app: FastifyInstance, state: SandboxState, ambiente: Ambiente) {
  app.post('/negativacao', async (request, reply) => {
    const usuario = autorizarUsuario(state, request, reply);
    if (!usuario) return reply;
    const pedido = validarNegativacao(request.body, state.config, inicioDoDia(state.now()));
    if (Array.isArray(pedido)) return erro422(reply, pedido);
    const existente = duplicada(state, doCredor(state, ambiente, usuario.cnpjUsuario), pedido);
    if (existente) {
      const message = `Ja existe negativacao ativa para este documento e nossoNumero (protocolo ${existente.protocolo})`;
      return erro422(reply, [{ message, internalCode: CODIGOS.negativacaoDuplicada }]);
    }
    const negativacao: Negativacao = {
      protocolo: randomUUID(),
      ambiente,
      cnpjCredor: usuario.cnpjUsuario,
      pedido,
      etapas: planejarEtapas(state, pedido, usuario.login),
      baixa: null,
    };
    state.negativacoes.set(negativacao.protocolo, negativacao);
    if (state.config.perder_resposta_negativacao > 0) return perderResposta(state, request, reply);
    return reply.code(200).send({ protocolo: negativacao.protocolo });
  });

  app.get('/negativacao', async (request, reply) => {
    const usuario = autorizarUsuario(state, request, reply);
    if (!usuario) return reply;
    const query = request.query as Query;
    const minhas = doCredor(state, ambiente, usuario.cnpjUsuario);
    const agora = state.now();
    if (query.protocolo) {
      const negativacao = minhas.find((n) => n.protocolo === query.protocolo);
      if (!negativacao) {
        const message = `Protocolo ${query.protocolo} nao encontrado`;
        return erro422(reply, [
          { message, internalCode: CODIGOS.protocoloNegativacaoDesconhecido },
        ]);
      }
      return reply.code(200).send(vistaNegativacao(negativacao, agora));
    }
    // NOT a documented Tecnospeed route: the sandbox's lookup for reconciliation after a lost
    // answer (`?documento=&nossoNumero=&numDocumento=`, any of them, all must match), answering a
    // list of the same bodies. To be confirmed with Tecnospeed before relying on it.
    const { documento, nossoNumero, numDocumento } = query;
    if (!documento && !nossoNumero && !numDocumento) {
      const message = 'Informe protocolo, ou documento/nossoNumero/numDocumento';
      return erro422(reply, [{ message, internalCode: CODIGOS.filtroObrigatorio }]);
    }
    const encontradas = minhas.filter(
      (n) =>
        (!documento || n.pedido.documento === documento) &&
        (!nossoNumero || n.pedido.divida.nossoNumero === nossoNumero) &&
        (!numDocumento || n.pedido.divida.numDocumento === numDocumento),
    );
    return reply.code(200).send(encontradas.map((n) => vistaNegativacao(n, agora)));
  });

  app.post('/negativacao/remover', async (request, reply) => {
    const usuario = autorizarUsuario(state, request, reply);
    if (!usuario) return reply;
    const remocao = validarRemocao(state, request.body);
    if ('internalCode' in remocao) return erro422(reply, [remocao]);
    const negativacao = doCredor(state, ambiente, usuario.cnpjUsuario).find(
      (n) => n.protocolo === remocao.protocolo,
    );
    if (!negativacao) {
      const message = `Protocolo ${remocao.protocolo} nao encontrado`;
      return erro422(reply, [{ message, internalCode: CODIGOS.protocoloNegativacaoDesconhecido }]);
    }
    const { situacao } = situacaoAtual(negativacao, state.now());
    if (!permiteBaixa(situacao)) {
      const message = `Negativacao na situacao ${situacao} nao pode ser baixada`;
      return erro422(reply, [{ message, internalCode: CODIGOS.situacaoNaoPermiteBaixa }]);
    }
    planejarBaixa(state, negativacao, usuario.login);
    negativacao.baixa = { codMotivo: remocao.codMotivo, em: state.agoraIso() };
    // The answer's shape is undocumented; the sandbox's choice.
    return reply.code(200).send({
      protocolo: negativacao.protocolo,
      mensagem: 'Pedido de baixa enviado',
    });
  });
}
