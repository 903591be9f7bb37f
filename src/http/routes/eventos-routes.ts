import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { getEvento, listEventos } from '../../use-cases/eventos/list-eventos.js';
import { TIPOS_EVENTO } from '../../use-cases/eventos/tipos-evento.js';
import { replayEvento } from '../../use-cases/webhooks/replay-eventos.js';
import { errorResponses, instanteFiltro, pageQuery } from './shared-schemas.js';

const eventoView = z.object({
  id: z.string(),
  tipo: z.string(),
  criado_em: z.string(),
  dados: z.unknown(),
  distribuido_em: z.string().nullable(),
});

const idParams = z.object({ id: z.string().describe('id do evento (evt_...)') });

/** Host-facing events: what the webhooks send, also readable by pulling. */
export function eventosRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['eventos'];

  r.get(
    '/v1/eventos',
    {
      schema: {
        tags,
        summary: 'Lista os eventos (mais novos primeiro, paginados por cursor)',
        description:
          `Tipos: ${TIPOS_EVENTO.join(', ')}. \`tipo\`, \`criado_em\` e \`dados\` sao o ` +
          '`type`, `timestamp` e `data` do corpo enviado aos webhooks. Para consumir por ' +
          'consulta periodica, filtre `desde` com alguns segundos de folga e ignore ids ja vistos.',
        querystring: pageQuery.extend({
          tipo: z.enum(TIPOS_EVENTO).optional(),
          desde: instanteFiltro.optional(),
          ate: instanteFiltro.optional(),
        }),
        response: {
          200: z.object({ dados: z.array(eventoView), proximo: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => listEventos(ctx, request.query),
  );

  r.get(
    '/v1/eventos/:id',
    {
      schema: {
        tags,
        summary: 'Mostra um evento e a situacao da sua entrega a cada endpoint',
        params: idParams,
        response: {
          200: eventoView.extend({ entregas: z.array(z.record(z.string(), z.unknown())) }),
          ...errorResponses,
        },
      },
    },
    async (request) => getEvento(ctx, request.params.id),
  );

  r.post(
    '/v1/eventos/:id/reenviar',
    {
      schema: {
        tags,
        summary: 'Reenvia agora um evento a um endpoint, ou a todos os ativos que recebem o tipo',
        description:
          'A mensagem ja existente e reenviada com o mesmo `webhook-id`; a um endpoint que ' +
          'ainda nao a tinha, e criada.',
        params: idParams,
        body: z
          .object({ webhook_id: z.string().optional().describe('padrao: todos os ativos') })
          .nullish(),
      },
    },
    async (request, reply) =>
      reply.code(202).send(await replayEvento(ctx, request.params.id, request.body?.webhook_id)),
  );
}
