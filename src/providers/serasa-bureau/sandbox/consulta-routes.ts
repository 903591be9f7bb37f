import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { systemClock, type Clock } from '../../../infra/clock.js';
import {
  decodeResponse,
  defaultLayouts,
  HEADER_SIZE,
  LayoutError,
  type DecodedResponse,
} from '../b49c/index.js';
import { buildAnswer, buildError, continuationStart } from './build-response.js';
import { CENARIOS, cenarioPadrao } from './cenarios.js';

/** What the host received, credentials masked, so tests can count billed queries (INI). */
export interface ConsultaRecebida {
  recebida_em: string;
  metodo: string;
  ambiente: string;
  logon: string;
  funcao: string;
  documento: string;
  /** The `p` parameter with logon, senha and nova senha replaced by asterisks. */
  p_mascarado: string;
  resposta: 'dados' | 'erro' | `http_${number}`;
}

export class SerasaBureauSandboxState {
  /** Logon → senha accepted by the host. */
  readonly usuarios = new Map<string, string>([
    ['DEMO0001', 'demo1234'],
    ['00186487', '11003344'],
  ]);
  readonly recebidas: ConsultaRecebida[] = [];

  constructor(readonly clock: Clock = systemClock) {}
}

const LOGIN = 24;

/**
 * `/<Homologa|Prod>/consultahttps`: `p` by POST (form-encoded) or GET. Checks logon and senha,
 * reads the request with the shipped layouts, answers the document's scenario in parts of 99
 * records, and B901 errors for requests it cannot serve.
 */
export async function consultaRoutes(app: FastifyInstance, state: SerasaBureauSandboxState) {
  const layouts = defaultLayouts();
  // The raw bytes: `p` is latin1, and URLSearchParams would decode escapes as UTF-8.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'buffer' },
    (_request, body, done) => done(null, (body as Buffer).toString('latin1')),
  );

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const { ambiente } = request.params as { ambiente: string };
    const p =
      request.method === 'GET'
        ? formValue(request.raw.url?.split('?')[1] ?? '')
        : formValue(typeof request.body === 'string' ? request.body : '');
    const send = (status: number, body: string) =>
      reply.code(status).type('text/plain; charset=iso-8859-1').send(body);
    if (p === undefined || p.length < LOGIN + HEADER_SIZE) {
      return send(400, 'PARAMETRO p AUSENTE OU MENOR QUE LOGON + SENHA + NOVA SENHA + B49C');
    }
    const logon = p.slice(0, 8).trimEnd();
    const senha = p.slice(8, 16).trimEnd();
    const pedidoTexto = p.slice(LOGIN);
    const cabecalho = pedidoTexto.slice(0, HEADER_SIZE);
    const recebida: ConsultaRecebida = {
      recebida_em: state.clock.now().toISOString(),
      metodo: request.method,
      ambiente,
      logon,
      funcao: cabecalho.slice(57, 60),
      documento: cabecalho.slice(10, 25).replace(/^0+(?=\d{11})/, ''),
      p_mascarado: '*'.repeat(LOGIN) + pedidoTexto,
      resposta: 'dados',
    };
    state.recebidas.push(recebida);
    const fail = (
      codigo: string,
      mensagem: string,
      erros?: Array<{ codigo: string; registro: string }>,
    ) => {
      recebida.resposta = 'erro';
      return send(200, buildError({ layouts, cabecalho, codigo, mensagem, erros }));
    };
    if (state.usuarios.get(logon) !== senha) return fail('002', 'USUARIO OU SENHA INVALIDA');

    let pedido;
    try {
      pedido = decodeResponse(pedidoTexto, layouts);
    } catch (error) {
      if (!(error instanceof LayoutError)) throw error;
      return fail('999', 'STRING DE ENTRADA INVALIDA', [{ codigo: '1031', registro: 'B49C' }]);
    }
    const erros = inconsistencias(pedido, cabecalho);
    if (erros.length > 0) return fail('999', 'ERRO DE CONSISTENCIA NA STRING DE ENTRADA', erros);
    if (recebida.funcao === 'ENC') {
      // Ends a conversation: nothing is consulted (what `testar` relies on to check a logon).
      return send(
        200,
        buildAnswer({ layouts, pedido, registros: [], inicio: 0, agora: state.clock.now() }),
      );
    }
    const documento = documentoDe(cabecalho);
    recebida.documento = documento;
    const cenario = CENARIOS[documento] ?? cenarioPadrao(documento);
    if (cenario.http) {
      recebida.resposta = `http_${cenario.http}`;
      return send(cenario.http, 'ERRO INTERNO DO HOST');
    }
    const inicio = recebida.funcao === 'CON' ? continuationStart(cabecalho) : 0;
    return send(
      200,
      buildAnswer({
        layouts,
        pedido,
        registros: cenario.registros,
        inicio,
        agora: state.clock.now(),
      }),
    );
  };
  app.post('/:ambiente/consultahttps', handler);
  app.get('/:ambiente/consultahttps', handler);
}

type Inconsistencia = { codigo: string; registro: string };

/** Tabela B pairs (research 2.5) for what the host cannot serve; empty when it can. */
function inconsistencias(pedido: DecodedResponse, cabecalho: string): Inconsistencia[] {
  const desconhecidos = pedido.registros.filter((r) => !r.eco);
  if (desconhecidos.length > 0) {
    return desconhecidos.map((r) => ({ codigo: '1031', registro: r.registro }));
  }
  const funcao = cabecalho.slice(57, 60);
  if (funcao !== 'INI' && funcao !== 'CON' && funcao !== 'ENC') {
    return [{ codigo: '1030', registro: 'B49C' }];
  }
  const tipoPessoa = cabecalho.slice(25, 26);
  if (
    funcao !== 'ENC' &&
    ((tipoPessoa !== 'F' && tipoPessoa !== 'J') || !/^\d+$/.test(documentoDe(cabecalho)))
  ) {
    return [{ codigo: '1005', registro: 'B49C' }];
  }
  return [];
}

/** NUM DOC (pos 11-25): a CNPJ's 14 digits or a CPF's 11, as TIPO PESSOA says. */
function documentoDe(cabecalho: string): string {
  return cabecalho.slice(25, 26) === 'J' ? cabecalho.slice(11, 25) : cabecalho.slice(14, 25);
}

/** The `p` field of a form-encoded string, decoded byte by byte (latin1). */
function formValue(form: string): string | undefined {
  for (const pair of form.split('&')) {
    const equals = pair.indexOf('=');
    if (equals < 0 || pair.slice(0, equals) !== 'p') continue;
    return pair
      .slice(equals + 1)
      .replaceAll('+', ' ')
      .replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  return undefined;
}
