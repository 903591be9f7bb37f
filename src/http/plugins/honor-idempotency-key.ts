import type { FastifyInstance } from 'fastify';
import { isoNow, type Clock } from '../../infra/clock.js';
import { sha256Hex } from '../../infra/crypto/tokens.js';
import type { Database } from '../../infra/db/connect-database.js';
import { body } from './handle-errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey?: string;
  }
}

const MAX_KEY_LENGTH = 255;

/**
 * `Idempotency-Key` on POST /v1/*: the first request with a key runs and its answer is kept;
 * a retry with the same key and body gets that same answer without running again; the same
 * key with another body is refused (422); a retry while the first is still running gets 409.
 * Failures (5xx) are not kept, so the client may retry them with the same key.
 */
export function honorIdempotencyKey(app: FastifyInstance, database: Database, clock: Clock): void {
  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || !request.apiKeyId || typeof key !== 'string') return;
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
      return reply
        .code(400)
        .send(
          body('campo_invalido', `deve ter de 1 a ${MAX_KEY_LENGTH} caracteres`, 'Idempotency-Key'),
        );
    }
    const path = request.url.split('?')[0];
    const requestHash = sha256Hex(
      `${request.method} ${path}\n${JSON.stringify(request.body ?? null)}`,
    );
    const inserted = await database.db
      .insertInto('idempotency_keys')
      .values({
        api_key_id: request.apiKeyId,
        key,
        method: request.method,
        path,
        request_hash: requestHash,
        state: 'em_andamento',
        created_at: isoNow(clock),
      })
      .onConflict((oc) => oc.columns(['api_key_id', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (inserted) {
      request.idempotencyKey = key;
      return;
    }
    const stored = await database.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('api_key_id', '=', request.apiKeyId)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    if (stored.request_hash !== requestHash) {
      return reply
        .code(422)
        .send(
          body(
            'idempotency_key_reutilizada',
            'esta Idempotency-Key ja foi usada com outra requisicao',
            'Idempotency-Key',
          ),
        );
    }
    if (stored.state === 'em_andamento') {
      return reply
        .code(409)
        .send(
          body(
            'requisicao_em_andamento',
            'a requisicao original ainda esta em andamento',
            'Idempotency-Key',
          ),
        );
    }
    return reply
      .code(stored.response_status!)
      .header('idempotent-replayed', 'true')
      .header('content-type', 'application/json; charset=utf-8')
      .send(stored.response_body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.idempotencyKey;
    if (!key || !request.apiKeyId) return payload;
    request.idempotencyKey = undefined;
    const owner = request.apiKeyId;
    if (reply.statusCode >= 500 || typeof payload !== 'string') {
      await database.db
        .deleteFrom('idempotency_keys')
        .where('api_key_id', '=', owner)
        .where('key', '=', key)
        .execute();
    } else {
      await database.db
        .updateTable('idempotency_keys')
        .set({ state: 'concluida', response_status: reply.statusCode, response_body: payload })
        .where('api_key_id', '=', owner)
        .where('key', '=', key)
        .execute();
    }
    return payload;
  });
}
