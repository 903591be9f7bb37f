import { parseJsonLeniently } from '../../../sandboxes/lenient-json.js';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';

/**
 * `internalCode` values of the sandbox's 422 answers. Tecnospeed publishes no catalogue (research
 * A.9), so these numbers are the sandbox's own: 1xxx field rules, 2xxx cadastro, 3xxx consulta,
 * 4xxx negativacao, 5xxx baixa. A client should keep the code verbatim and not branch on it.
 */
export const CODIGOS = {
  corpoInvalido: 1001,
  obrigatorio: 1002,
  tipoInvalido: 1003,
  tamanhoExcedido: 1004,
  documentoInvalido: 1005,
  ufInvalida: 1006,
  cepInvalido: 1007,
  dataInvalida: 1008,
  valorInvalido: 1009,
  emailInvalido: 1010,
  telefoneInvalido: 1011,
  cnpjJaCadastrado: 2001,
  cnpjNaoCadastrado: 2002,
  codConsultaInvalido: 3001,
  ufObrigatoria: 3002,
  documentoIncompativel: 3003,
  protocoloConsultaDesconhecido: 3004,
  vencimentoFuturo: 4001,
  emissaoPosterior: 4002,
  tituloPrescrito: 4003,
  especieInvalida: 4004,
  protocoloNegativacaoDesconhecido: 4005,
  negativacaoDuplicada: 4006,
  filtroObrigatorio: 4007,
  codMotivoInvalido: 5001,
  situacaoNaoPermiteBaixa: 5002,
} as const;

export interface ErroCampo {
  message: string;
  internalCode: number;
}

/** The seed's 422 body: `{code, message, errors:[{message, internalCode}]}`. */
export function erro422(reply: FastifyReply, errors: ErroCampo[]) {
  return reply.code(422).send({ code: 422, message: 'Unprocessable Entity', errors });
}

/**
 * The seed's 401 body is `{code: 401, message}` (its example message, "Unprocessable Entity", is a
 * copy slip); the sandbox says which header failed, never echoing a value.
 */
export function erro401(reply: FastifyReply, motivo: string) {
  return reply.code(401).send({ code: 401, message: `Unauthorized: ${motivo}` });
}

/** Not documented: the sandbox answers an unknown cadastro with 404 in the 422 envelope. */
export function erro404(reply: FastifyReply, erro: ErroCampo) {
  return reply.code(404).send({ code: 404, message: 'Not Found', errors: [erro] });
}

/**
 * Broken JSON is a 422 in the documented envelope (the real status is unknown); an empty body is
 * read as no body so that the route's own validation names the missing fields.
 */
export function installWireBodyHandling(app: FastifyInstance): void {
  parseJsonLeniently(app, 422);

  app.setErrorHandler<FastifyError>(async (error, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status < 400 || status >= 500) throw error;
    return erro422(reply, [
      { message: `Requisicao invalida: ${error.message}`, internalCode: CODIGOS.corpoInvalido },
    ]);
  });
}
