import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { maskUrlSecrets } from '../../infra/logging/create-logger.js';
import { pageQuery } from './shared-schemas.js';

const jsonOf = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

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
        }),
      },
    },
    async (request) => {
      const { limite, apos, tipo, negativacao_id } = request.query;
      const rows = await ctx.database.db
        .selectFrom('alertas')
        .selectAll()
        .$if(!!tipo, (qb) => qb.where('tipo', '=', tipo!))
        .$if(!!negativacao_id, (qb) => qb.where('negativacao_id', '=', negativacao_id!))
        .$if(!!apos, (qb) => qb.where('id', '<', apos!))
        .orderBy('id', 'desc')
        .limit(limite + 1)
        .execute();
      const page = rows.slice(0, limite);
      return {
        dados: page.map((row) => ({ ...row, detalhes: jsonOf(row.detalhes) })),
        proximo: rows.length > limite ? page.at(-1)!.id : null,
      };
    },
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
    async (request) => {
      const { limite, apos, situacao, integracao_id } = request.query;
      const rows = await ctx.database.db
        .selectFrom('eventos_entrada')
        .selectAll()
        .$if(!!situacao, (qb) => qb.where('situacao', '=', situacao!))
        .$if(!!integracao_id, (qb) => qb.where('integracao_id', '=', integracao_id!))
        .$if(!!apos, (qb) => qb.where('id', '<', apos!))
        .orderBy('id', 'desc')
        .limit(limite + 1)
        .execute();
      const page = rows.slice(0, limite);
      return {
        dados: page.map((row) => ({
          ...row,
          caminho: maskUrlSecrets(row.caminho),
          query: jsonOf(row.query),
          cabecalhos: jsonOf(row.cabecalhos),
          corpo: row.corpo ? Buffer.from(row.corpo).toString('utf8') : null,
          resultado: jsonOf(row.resultado),
        })),
        proximo: rows.length > limite ? page.at(-1)!.id : null,
      };
    },
  );
}
