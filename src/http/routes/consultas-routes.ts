import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { RequestError } from '../../domain/errors.js';
import type { TrocaHttp } from '../../providers/exchange.js';
import { listConsultas, loadConsulta } from '../../use-cases/consultas/list-consultas.js';
import { presentConsulta } from '../../use-cases/consultas/present-consulta.js';
import { renderConsultaHtml } from '../../use-cases/consultas/render-consulta-report.js';
import { runConsulta } from '../../use-cases/consultas/run-consulta.js';
import { errorResponses, pageQuery } from './shared-schemas.js';

const view = z.record(z.string(), z.unknown());
const idParams = z.object({ id: z.string().describe('id da consulta (con_...)') });

export function consultasRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['consultas'];

  r.post(
    '/v1/consultas',
    {
      schema: {
        tags,
        summary: 'Consulta de credito de um CPF/CNPJ',
        description:
          'Responde 201 com a consulta registrada: `situacao` `concluida` (com `resumo`, `relatorio` e ' +
          'links para HTML e PDF) ou `erro` (recusa do provedor, ex.: `documento_nao_encontrado`, ' +
          '`produto_nao_autorizado`). Provedor assincrono (Tecnospeed): 202 com `situacao` ' +
          '`processando`; a resposta e buscada pelo gateway e lida depois em GET /v1/consultas/{id}. ' +
          'Provedor fora do ar: 503. Produtos: GET /v1/integracoes/{id}/produtos.',
        body: z.object({
          integracao_id: z.string(),
          documento: z.string().describe('CPF ou CNPJ, com ou sem pontuacao'),
          produto: z.string().describe('codigo do produto (Serasa: reportName)'),
          uf: z.string().length(2).optional(),
          finalidade: z.string().max(200).optional().describe('motivo da consulta (LGPD)'),
        }),
        response: { 201: view, 202: view, ...errorResponses },
      },
    },
    async (request, reply) => {
      const consulta = await runConsulta(ctx, request.body);
      return reply.code(consulta.situacao === 'processando' ? 202 : 201).send(consulta);
    },
  );

  r.get(
    '/v1/consultas',
    {
      schema: {
        tags,
        summary: 'Lista consultas (mais novas primeiro, paginadas por cursor)',
        querystring: pageQuery.extend({
          documento: z.string().optional(),
          integracao_id: z.string().optional(),
          situacao: z.enum(['processando', 'concluida', 'erro']).optional(),
        }),
        response: { 200: z.object({ dados: z.array(view), proximo: z.string().nullable() }) },
      },
    },
    async (request) => listConsultas(ctx, request.query),
  );

  const load = (id: string) => loadConsulta(ctx, id);

  r.get(
    '/v1/consultas/:id',
    {
      schema: {
        tags,
        summary:
          'Mostra uma consulta: resumo, relatorio normalizado, resposta original e trocas HTTP',
        params: idParams,
        response: { 200: view, ...errorResponses },
      },
    },
    async (request) => presentConsulta(await load(request.params.id), true),
  );

  r.get(
    '/v1/consultas/:id/auditoria',
    {
      schema: {
        tags,
        summary:
          'O que foi enviado ao provedor e o que ele respondeu, em bruto (credenciais mascaradas)',
        description:
          'Uma entrada por troca HTTP, na ordem: `enviado` e `recebido` como trafegaram (Serasa ' +
          'Bureau: a string B49C com logon, senha e nova senha trocados por asteriscos, e a ' +
          'resposta de cada parte da continuacao).',
        params: idParams,
        response: { 200: view, ...errorResponses },
      },
    },
    async (request) => {
      const row = await load(request.params.id);
      const trocas = JSON.parse(row.trocas) as TrocaHttp[];
      return {
        consulta_id: row.id,
        provedor: row.provedor,
        trocas: trocas.map((troca) => ({
          metodo: troca.requisicao.metodo,
          url: troca.requisicao.url,
          enviado: troca.requisicao.corpo ?? null,
          status: troca.resposta?.status ?? null,
          recebido: troca.resposta?.corpo ?? null,
          duracao_ms: troca.duracao_ms,
          falha: troca.falha ?? null,
        })),
      };
    },
  );

  const report = async (id: string) => {
    const row = await load(id);
    if (row.situacao !== 'concluida') {
      throw new RequestError(
        409,
        'relatorio_indisponivel',
        `a consulta ${id} nao foi concluida (situacao ${row.situacao})`,
      );
    }
    return renderConsultaHtml(row);
  };

  r.get(
    '/v1/consultas/:id/relatorio.html',
    { schema: { tags, summary: 'Relatorio da consulta em HTML imprimivel', params: idParams } },
    async (request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        // The report is self-contained: no scripts, no external resources.
        .header(
          'content-security-policy',
          "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
        )
        .send(await report(request.params.id)),
  );

  r.get(
    '/v1/consultas/:id/relatorio.pdf',
    {
      schema: {
        tags,
        summary: 'Relatorio da consulta em PDF (impresso pelo Chromium; 503 se nao instalado)',
        params: idParams,
      },
    },
    async (request, reply) => {
      const pdf = await ctx.pdf.print(await report(request.params.id));
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="relatorio-${request.params.id}.pdf"`)
        .send(pdf);
    },
  );
}
