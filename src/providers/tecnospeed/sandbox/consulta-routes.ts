import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Ambiente } from '../../contract.js';
import { autorizarUsuario } from './auth.js';
import { gerarRelatorio } from './report-data.js';
import { relatorioHtml } from './report-html.js';
import type { Consulta, SandboxState } from './state.js';
import { isObject, Validador } from './validation.js';
import { CODIGOS, erro422, type ErroCampo } from './wire-http.js';

type Pedido = Pick<Consulta, 'documento' | 'codConsulta' | 'uf' | 'retorno'>;

/** codConsulta must be a known product, with `uf` when the product needs it (research A.5). */
function validarProduto(state: SandboxState, v: Validador, corpo: Record<string, unknown>) {
  const codigo = corpo.codConsulta;
  if (codigo === undefined || codigo === null) return v.obrigatorio('codConsulta');
  if (typeof codigo !== 'number' || !Number.isInteger(codigo)) {
    return v.erro(CODIGOS.tipoInvalido, 'O campo codConsulta deve ser um numero inteiro');
  }
  const produto = state.config.produtos_consulta[String(codigo)];
  if (!produto) {
    return v.erro(CODIGOS.codConsultaInvalido, `codConsulta ${codigo} nao disponivel`);
  }
  return { codigo, produto };
}

function validarConsulta(state: SandboxState, corpo: unknown): Pedido | ErroCampo[] {
  if (!isObject(corpo)) {
    return [{ message: 'O corpo deve ser um objeto JSON', internalCode: CODIGOS.corpoInvalido }];
  }
  const v = new Validador(corpo);
  const documento = v.documento('documento');
  const escolhido = validarProduto(state, v, corpo);
  const uf = v.uf('uf', escolhido?.produto.exige_uf ?? false);
  if (escolhido && documento) {
    const { codigo, produto } = escolhido;
    const tipo = documento.length === 11 ? 'cpf' : 'cnpj';
    if (produto.documento !== 'ambos' && produto.documento !== tipo) {
      const message = `codConsulta ${codigo} aceita apenas ${produto.documento.toUpperCase()}`;
      v.erro(CODIGOS.documentoIncompativel, message);
    }
  }
  if (v.erros.length > 0 || !documento || !escolhido) return v.erros;
  // Only the exact string "JSON" asks for JSON; anything else (or nothing) is HTML (research A.5).
  const retorno = corpo.retorno === 'JSON' ? 'JSON' : 'HTML';
  return { documento, codConsulta: escolhido.codigo, uf, retorno };
}

const emProcessamento = { mensagem: 'Consulta em processamento' };

/**
 * `POST /consultas/assincrona` answers a protocolo; `GET …?protocolo=` answers 202 for the first
 * `consultas_202` reads, then the report as JSON or HTML. An unknown protocolo is a 422 (the
 * sandbox's choice, in the documented envelope).
 */
export function consultaRoutes(app: FastifyInstance, state: SandboxState, ambiente: Ambiente) {
  app.post('/consultas/assincrona', async (request, reply) => {
    const usuario = autorizarUsuario(state, request, reply);
    if (!usuario) return reply;
    const pedido = validarConsulta(state, request.body);
    if (Array.isArray(pedido)) return erro422(reply, pedido);
    const consulta: Consulta = {
      ...pedido,
      protocolo: randomUUID(),
      ambiente,
      cnpjUsuario: usuario.cnpjUsuario,
      solicitada_em: state.agoraIso(),
      leituras: 0,
    };
    state.consultas.set(consulta.protocolo, consulta);
    return reply.code(200).send({ protocolo: consulta.protocolo });
  });

  app.get('/consultas/assincrona', async (request, reply) => {
    const usuario = autorizarUsuario(state, request, reply);
    if (!usuario) return reply;
    const { protocolo } = request.query as { protocolo?: string };
    if (!protocolo) {
      const message = 'O parametro protocolo e obrigatorio';
      return erro422(reply, [{ message, internalCode: CODIGOS.obrigatorio }]);
    }
    const consulta = state.consultas.get(protocolo);
    const visivel =
      consulta && consulta.ambiente === ambiente && consulta.cnpjUsuario === usuario.cnpjUsuario;
    if (!visivel) {
      const message = `Protocolo ${protocolo} nao encontrado`;
      return erro422(reply, [{ message, internalCode: CODIGOS.protocoloConsultaDesconhecido }]);
    }
    consulta.leituras += 1;
    if (consulta.leituras <= state.config.consultas_202) {
      return reply.code(202).send(emProcessamento);
    }
    const relatorio = gerarRelatorio({
      protocolo: consulta.protocolo,
      codConsulta: consulta.codConsulta,
      produto: state.config.produtos_consulta[String(consulta.codConsulta)]?.nome ?? 'CONSULTA',
      documento: consulta.documento,
      uf: consulta.uf,
      dataConsulta: consulta.solicitada_em,
    });
    if (consulta.retorno === 'JSON') return reply.code(200).send(relatorio);
    return reply.code(200).type('text/html; charset=utf-8').send(relatorioHtml(relatorio));
  });
}
