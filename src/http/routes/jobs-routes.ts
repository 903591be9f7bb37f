import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { RequestError } from '../../domain/errors.js';
import { cursorApos } from '../../use-cases/paginate.js';
import { errorResponses, pageQuery } from './shared-schemas.js';

const jobState = z.enum(['available', 'running', 'retryable', 'completed', 'dead', 'cancelled']);

/** Operators' view of the job queue: what is waiting, what died and why, and a way to retry it. */
export function jobsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['operacao'];

  r.get(
    '/v1/jobs',
    {
      schema: {
        tags,
        summary: 'Lista jobs da fila (ex.: state=dead para os que esgotaram as tentativas)',
        querystring: pageQuery.extend({ state: jobState.optional(), kind: z.string().optional() }),
      },
    },
    async (request) => {
      const { limite, apos, state, kind } = request.query;
      const after = cursorApos(apos, 'job');
      const rows = await ctx.jobs.list({ state, kind, after, limit: limite + 1 });
      const page = rows.slice(0, limite);
      return {
        dados: page.map((row) => ({ ...row, payload: JSON.parse(row.payload) as unknown })),
        proximo: rows.length > limite ? page.at(-1)!.id : null,
        contagem: await ctx.jobs.countByState(),
      };
    },
  );

  r.post(
    '/v1/jobs/:id/reexecutar',
    {
      schema: {
        tags,
        summary: 'Devolve um job morto (dead) ou cancelado a fila, com novas tentativas',
        params: z.object({ id: z.string() }),
        response: {
          200: z.object({ id: z.string(), state: z.literal('available') }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      if (!(await ctx.jobs.retry(request.params.id))) {
        throw new RequestError(
          409,
          'job_nao_reexecutavel',
          'job inexistente ou nao esta dead/cancelled',
          'id',
        );
      }
      return { id: request.params.id, state: 'available' as const };
    },
  );
}
