import { parseJsonLeniently } from '../../../sandboxes/lenient-json.js';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';

/** The credit and IAM APIs answer errors as `[{code, message}]` (research §2.7). */
export function erroSerasa(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send([{ code, message }]);
}

/** The PEFIN API answers synchronous refusals as `{errorMessage}` (research §3.3). */
export function erroPefin(reply: FastifyReply, message: string) {
  return reply.code(400).send({ errorMessage: message });
}

export const MENSAGENS = {
  naoAutorizado: 'Authorization Failed',
  documentoInvalido:
    '[ERROR][INVALID-REQUEST] informe o documento a ser consultado válido em [X-Document-Id]',
  naoEncontrado: '[ERROR][DOCUMENT_NOT_FOUND] Documento não encontrado na Serasa Experian',
  transacoesNegadas: '[ERROR][USER-NOT-AUTHORIZED] Transações negadas',
  featuresInvalidas:
    '[ERROR][INVALID-REQUEST] Features solicitadas não existem ou não estão autorizadas para o relatório',
  limite: 'Too Many Requests',
  requisicaoInvalida: 'Bad Request',
  naoParticipante: 'RNXPIA   999 EMPRESA NAO PARTICIPANTE DO CONVENIO',
} as const;

/**
 * Real clients send `{}`, nothing, or `content-type: application/json` on a bodiless DELETE;
 * Serasa accepts all of them, so the wire context takes an empty JSON body as no body. Broken
 * JSON is a 400 in the shape of the API that was called.
 */
export function installWireBodyHandling(app: FastifyInstance): void {
  parseJsonLeniently(app, 400);

  app.setErrorHandler<FastifyError>(async (error, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status < 400 || status >= 500) throw error;
    if (request.url.includes('/collection/')) return erroPefin(reply, error.message);
    return erroSerasa(reply, 400, 'BAD-REQUEST', MENSAGENS.requisicaoInvalida);
  });
}
