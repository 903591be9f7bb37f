import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';
import type { InboxWriter } from '../../inbound/inbox-writer.js';
import {
  receiveInboundRequest,
  type InboundAnswer,
} from '../../inbound/receive-inbound-request.js';
import type { Metrics } from '../plugins/collect-metrics.js';

interface CallbackParams {
  provedor: string;
  token: string;
}

/**
 * `/callbacks/{provedor}/{token}`: where Serasa webhooks and BMP callbacks arrive. Any method and
 * content type is taken as raw bytes, stored, and answered only after the store committed.
 */
export function callbackRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  inbox: InboxWriter,
  metrics: Metrics,
): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: ctx.config.http.inboundBodyLimitBytes },
      (_request, payload, done) => done(null, payload),
    );

    const answer = (request: FastifyRequest, result: InboundAnswer) => {
      metrics.inboundEvents.inc({
        provedor: (request.params as CallbackParams).provedor,
        veredito: result.veredito,
      });
      return result;
    };

    scope.setErrorHandler(async (error: FastifyError, request, reply) => {
      if (error.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw error;
      // The oversized body was never read; the attempt is still recorded, without it.
      const result = answer(
        request,
        await receiveInboundRequest(ctx, inbox, toReceived(request, null), 'corpo_grande'),
      );
      return reply.code(result.status).send(result.body);
    });

    scope.route({
      method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      url: '/callbacks/:provedor/:token',
      schema: {
        tags: ['recebimento'],
        summary: 'Recebe webhooks/callbacks de um provedor (URL mostrada em url_recebimento)',
        hide: false,
      },
      handler: async (request, reply) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : null;
        const result = answer(
          request,
          await receiveInboundRequest(ctx, inbox, toReceived(request, raw)),
        );
        return reply.code(result.status).send(result.body);
      },
    });
  });
}

function toReceived(request: FastifyRequest, body: Buffer | null) {
  const params = request.params as CallbackParams;
  return {
    provedor: params.provedor,
    token: params.token,
    method: request.method,
    path: request.url.split('?')[0],
    query: request.query as Record<string, string>,
    headers: request.headers,
    body,
    sourceIp: request.ip,
  };
}
