import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import {
  getProposta,
  listPropostas,
  RECUSADAS_MOSTRADAS,
} from '../../use-cases/propostas/list-propostas.js';
import { errorResponses, instanteFiltro, pageQuery } from './shared-schemas.js';

const view = z.record(z.string(), z.unknown());

/** Proposals reported by provider callbacks (BMP E-Consignado), read-only. */
export function propostasRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['propostas'];

  r.get(
    '/v1/propostas',
    {
      schema: {
        tags,
        summary:
          'Lista propostas recebidas por callback (mais novas primeiro, paginadas por cursor)',
        description:
          'Uma proposta nasce com o primeiro callback do provedor. `situacao` e a mais avancada ' +
          'recebida; `fora_de_ordem` conta os callbacks que chegaram depois de uma situacao mais ' +
          'avancada. Datas: data e hora ISO 8601 em UTC (ex.: 2026-01-05T12:00:00Z), como em ' +
          '/v1/negativacoes.',
        querystring: pageQuery.extend({
          integracao_id: z.string().optional(),
          situacao: z.coerce
            .number()
            .int()
            .min(0)
            .optional()
            .describe('id da situacao no provedor'),
          identificador: z.string().optional().describe('codigoOperacao enviado na inclusao'),
          atualizada_desde: instanteFiltro.optional(),
          atualizada_ate: instanteFiltro.optional(),
        }),
        response: {
          200: z.object({ dados: z.array(view), proximo: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => listPropostas(ctx, request.query),
  );

  r.get(
    '/v1/propostas/:proposta',
    {
      schema: {
        tags,
        summary: 'Mostra uma proposta com todos os callbacks recebidos para ela',
        description:
          'Pelo GUID do provedor, em maiusculas ou minusculas (ou pelo id prp_...). O historico ' +
          'lista, em ordem de chegada, todos os callbacks aceitos (situacao, identificador, ' +
          'descricao_ocorrencia, resultado: aplicada, fora_de_ordem, regressao, desconhecida, ' +
          `duplicada) e os ${RECUSADAS_MOSTRADAS} recusados mais recentes (veredito, ex.: ` +
          'nao_autenticado), pois qualquer um que tenha a URL pode gerar recusados; ' +
          '`recusados_total` conta todos eles, mostrados ou nao. Se duas integracoes receberam ' +
          'o mesmo GUID, responde 409 e pede `integracao_id`.',
        params: z.object({ proposta: z.string().describe('GUID da proposta no provedor') }),
        querystring: z.object({ integracao_id: z.string().optional() }),
        response: { 200: view, ...errorResponses },
      },
    },
    async (request) => getProposta(ctx, request.params.proposta, request.query.integracao_id),
  );
}
