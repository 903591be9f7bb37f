import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from '../../app-context.js';
import { isSchemaCurrent } from '../../infra/db/migrate-database.js';
import type { Metrics } from '../plugins/collect-metrics.js';

export function healthRoutes(app: FastifyInstance, ctx: AppContext, metrics: Metrics): void {
  app.get(
    '/health',
    { schema: { tags: ['operacao'], summary: 'Liveness: the process answers' } },
    async () => ({
      status: 'ok',
    }),
  );

  app.get(
    '/ready',
    {
      schema: {
        tags: ['operacao'],
        summary: 'Readiness: database reachable and migrations applied',
      },
    },
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(ctx.database.db);
        const current = await isSchemaCurrent(ctx.database);
        if (!current) return reply.code(503).send({ status: 'migracoes_pendentes' });
        return { status: 'pronto', banco: ctx.database.dialect };
      } catch {
        return reply.code(503).send({ status: 'banco_indisponivel' });
      }
    },
  );

  app.get(
    '/metrics',
    { schema: { tags: ['operacao'], summary: 'Prometheus metrics' } },
    async (_request, reply) => {
      reply.header('content-type', metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  );
}
