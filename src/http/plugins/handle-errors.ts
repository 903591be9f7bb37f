import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { RequestError, TryLaterError } from '../../domain/errors.js';
import { isDatabaseUnavailable } from '../../infra/db/classify-database-error.js';

export interface ErrorBody {
  erro: { codigo: string; mensagem: string; campo?: string; detalhes?: unknown };
}

const FRAMEWORK_ERRORS: Record<string, { status: number; codigo: string; mensagem: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    codigo: 'corpo_grande',
    mensagem: 'corpo acima do limite',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    codigo: 'tipo_de_conteudo_invalido',
    mensagem: 'Content-Type nao suportado; use application/json',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    codigo: 'json_invalido',
    mensagem: 'corpo JSON vazio',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    codigo: 'json_invalido',
    mensagem: 'corpo nao e JSON valido',
  },
};

const CSV = 'text/csv';

/** Long enough for a database restart or failover to finish; the client may retry sooner. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Three outcomes: a refusal the caller can fix (4xx with `{ erro: { codigo, mensagem, campo } }`),
 * a 503 when the database cannot be reached (the same request may succeed later), or an opaque
 * 500 whose details only reach the log. The 503 says nothing of the connection either: driver
 * messages carry hosts and ports.
 */
export function handleErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof RequestError) {
      if (error instanceof TryLaterError) {
        reply.header('retry-after', String(error.retryAfterSeconds));
      }
      return reply
        .code(error.status)
        .send(body(error.codigo, error.message, error.campo, error.detalhes));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const detalhes = error.validation.map((issue) => ({
        campo: fieldName(error.validationContext, issue.instancePath),
        mensagem: issue.message,
      }));
      const first = detalhes[0];
      return reply
        .code(400)
        .send(body('campo_invalido', `${first.campo}: ${first.mensagem}`, first.campo, detalhes));
    }
    const known = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
    if (known) {
      // The lotes upload takes CSV as well: say so there rather than "use application/json".
      const mensagem =
        error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' && request.server.hasContentTypeParser(CSV)
          ? `${known.mensagem} ou ${CSV}`
          : known.mensagem;
      return reply.code(known.status).send(body(known.codigo, mensagem));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send(body('requisicao_invalida', error.message));
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return reply
        .code(503)
        .header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS))
        .send(
          body(
            'banco_indisponivel',
            'banco de dados indisponivel no momento; tente de novo em instantes',
          ),
        );
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send(body('erro_interno', 'erro interno; o incidente foi registrado'));
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(body('rota_inexistente', `${request.method} ${request.url.split('?')[0]} nao existe`)),
  );
}

export function body(
  codigo: string,
  mensagem: string,
  campo?: string,
  detalhes?: unknown,
): ErrorBody {
  return {
    erro: { codigo, mensagem, ...(campo ? { campo } : {}), ...(detalhes ? { detalhes } : {}) },
  };
}

function fieldName(context: string | undefined, instancePath: string): string {
  const path = instancePath.replace(/^\//, '').replaceAll('/', '.');
  if (context === 'body') return path || 'corpo';
  return path || context || 'requisicao';
}
