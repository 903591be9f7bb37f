import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Clock } from '../../infra/clock.js';
import { sha256Hex } from '../../infra/crypto/tokens.js';
import type { Database } from '../../infra/db/connect-database.js';
import { body } from './handle-errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route refuses a repeat by its natural key (409 naming what exists), so a request whose
     * process died may run again once its Idempotency-Key's lease is over.
     */
    reexecutavel?: boolean;
  }
  interface FastifyRequest {
    /** The key this request holds, and when it took it: only that hold may settle the key. */
    idempotencyKey?: { key: string; takenAt: string };
  }
}

const MAX_KEY_LENGTH = 255;
/** Taking a key is a few statements that can each lose a race; past this many, answer 409. */
const MAX_TAKE_ROUNDS = 3;

/**
 * `Idempotency-Key` on POST /v1/*: the first request with a key runs and its answer is kept;
 * a retry with the same key and body gets that same answer without running again; the same
 * key with another body is refused (422); a retry while the first is still running gets 409
 * with Retry-After. Failures (5xx) are not kept, so the client may retry them with the same key.
 *
 * A running request holds its key for `leaseMs` (`created_at` is when it took it). A process
 * killed mid-request, or a database down when a 5xx was to be forgotten, leaves the key
 * `em_andamento` with nobody to settle it; once the lease is over, a retry takes it over and
 * runs the request again, on routes marked `reexecutavel`: those refuse a repeat by their natural
 * key (a negativacao's creditor + debtor + contract, a payment's fatura or negativacao + date), so
 * the re-run answers 409 naming what the first run created. On the others (consultas, billed by
 * the bureau; integracoes; webhooks; lotes) a re-run could do it twice: the retry gets 409
 * `requisicao_interrompida` for good, telling the client to check what exists before sending the
 * request again under a new key.
 */
export function honorIdempotencyKey(
  app: FastifyInstance,
  database: Database,
  clock: Clock,
  leaseMs: number,
): void {
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
    const apiKeyId = request.apiKeyId;
    const path = request.url.split('?')[0];
    const requestHash = sha256Hex(
      `${request.method} ${path}\n${JSON.stringify(request.body ?? null)}`,
    );
    let heldUntil = clock.now().getTime();
    for (let round = 0; round < MAX_TAKE_ROUNDS; round++) {
      const nowMs = clock.now().getTime();
      const now = new Date(nowMs).toISOString();
      const inserted = await database.db
        .insertInto('idempotency_keys')
        .values({
          api_key_id: apiKeyId,
          key,
          method: request.method,
          path,
          request_hash: requestHash,
          state: 'em_andamento',
          created_at: now,
        })
        .onConflict((oc) => oc.columns(['api_key_id', 'key']).doNothing())
        .returning('key')
        .executeTakeFirst();
      if (inserted) {
        request.idempotencyKey = { key, takenAt: now };
        return;
      }
      const stored = await database.db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('api_key_id', '=', apiKeyId)
        .where('key', '=', key)
        .executeTakeFirst();
      // Forgotten (a 5xx) between the two statements: free to take again.
      if (!stored) continue;
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
      if (stored.state !== 'em_andamento') {
        return reply
          .code(stored.response_status!)
          .header('idempotent-replayed', 'true')
          .header('content-type', 'application/json; charset=utf-8')
          .send(stored.response_body);
      }
      heldUntil = Date.parse(stored.created_at) + leaseMs;
      if (nowMs < heldUntil) break;
      if (request.routeOptions.config.reexecutavel !== true) return interrupted(reply);
      // One statement guarded on the holder's timestamp: of two retries racing for an expired
      // hold, only the first matches; the other reads the new hold in its next round.
      const retaken = await database.db
        .updateTable('idempotency_keys')
        .set({ created_at: now })
        .where('api_key_id', '=', apiKeyId)
        .where('key', '=', key)
        .where('state', '=', 'em_andamento')
        .where('created_at', '=', stored.created_at)
        .returning('key')
        .executeTakeFirst();
      if (retaken) {
        request.log.warn(
          { idempotencyKey: key, heldSince: stored.created_at },
          'idempotency key taken over after its lease expired; running the request again',
        );
        request.idempotencyKey = { key, takenAt: now };
        return;
      }
      heldUntil = nowMs + leaseMs;
    }
    return stillRunning(reply, heldUntil - clock.now().getTime(), leaseMs);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const held = request.idempotencyKey;
    if (!held || !request.apiKeyId) return payload;
    request.idempotencyKey = undefined;
    const owner = request.apiKeyId;
    try {
      // Guarded on our hold: if a retry took the key over after our lease, it settles it.
      if (reply.statusCode >= 500 || typeof payload !== 'string') {
        await database.db
          .deleteFrom('idempotency_keys')
          .where('api_key_id', '=', owner)
          .where('key', '=', held.key)
          .where('state', '=', 'em_andamento')
          .where('created_at', '=', held.takenAt)
          .execute();
      } else {
        await database.db
          .updateTable('idempotency_keys')
          .set({ state: 'concluida', response_status: reply.statusCode, response_body: payload })
          .where('api_key_id', '=', owner)
          .where('key', '=', held.key)
          .where('state', '=', 'em_andamento')
          .where('created_at', '=', held.takenAt)
          .execute();
      }
    } catch (error) {
      // The answer stands, whatever it is: replacing it with an error would hide a success
      // from the client. The key stays em_andamento until its lease ends; then a retry runs
      // the request again and learns the outcome from the route's own duplicate check.
      request.log.warn(
        { err: error, idempotencyKey: held.key },
        'could not settle the idempotency key; it is released when its lease ends',
      );
    }
    return payload;
  });
}

function stillRunning(reply: FastifyReply, remainingMs: number, leaseMs: number) {
  const seconds = Math.max(1, Math.ceil(Math.min(remainingMs, leaseMs) / 1000));
  return reply
    .code(409)
    .header('retry-after', String(seconds))
    .send(
      body(
        'requisicao_em_andamento',
        `a requisicao original ainda esta em andamento; tente de novo com a mesma ` +
          `Idempotency-Key em ${seconds} s`,
        'Idempotency-Key',
      ),
    );
}

function interrupted(reply: FastifyReply) {
  return reply
    .code(409)
    .send(
      body(
        'requisicao_interrompida',
        'a requisicao original foi interrompida sem resposta e seu resultado e desconhecido: ' +
          'confira se o recurso foi criado antes de enviar de novo, com outra Idempotency-Key',
        'Idempotency-Key',
      ),
    );
}
