import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { listAlertas, listEventosEntrada } from '../../use-cases/alertas/list-alertas.js';
import { pageQuery } from './shared-schemas.js';

/** What needs an operator: alerts, and inbound events that matched nothing. */
export function alertasRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/alertas',
    {
      schema: {
        tags: ['alertas'],
        summary:
          'Alertas (prazo da Sumula 548, baixa com erro, sem confirmacao, ...), mais novos primeiro',
        querystring: pageQuery.extend({
          tipo: z.string().optional(),
          negativacao_id: z.string().optional(),
          integracao_id: z.string().optional(),
        }),
      },
    },
    async (request) => listAlertas(ctx, request.query),
  );

  r.get(
    '/v1/eventos-entrada',
    {
      schema: {
        tags: ['alertas'],
        summary: 'Eventos recebidos dos provedores (webhooks/callbacks), como chegaram',
        description: 'Filtre `situacao=sem_correspondencia` para ver os que nao casaram com nada.',
        querystring: pageQuery.extend({
          situacao: z
            .enum(['pendente', 'processado', 'rejeitado', 'falhou', 'sem_correspondencia'])
            .optional(),
          integracao_id: z.string().optional(),
        }),
      },
    },
    async (request) => listEventosEntrada(ctx, request.query),
  );
}
