import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../../infra/db/connect-database.js';
import { findActiveApiKey } from '../../infra/auth/api-keys.js';
import { body } from './handle-errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Id of the API key that authenticated this request (routes under /v1 only). */
    apiKeyId?: string;
  }
}

/** Every /v1 route requires `Authorization: Bearer <api key>`. */
export function requireApiKey(app: FastifyInstance, database: Database): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    if (!request.url.startsWith('/v1/') && request.url !== '/v1') return;
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send(
          body('nao_autenticado', 'envie Authorization: Bearer <chave de API>', 'Authorization'),
        );
    }
    const apiKeyId = await findActiveApiKey(database, match[1]);
    if (!apiKeyId) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer error="invalid_token"')
        .send(body('chave_invalida', 'chave de API desconhecida ou revogada', 'Authorization'));
    }
    request.apiKeyId = apiKeyId;
  });
}
