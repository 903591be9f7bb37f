import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { invalidInput, RequestError } from '../../domain/errors.js';
import { confirmLote } from '../../use-cases/lotes/confirm-lote.js';
import { createLote, type EnvioLote } from '../../use-cases/lotes/create-lote.js';
import { loteResultadoCsv, loteTemplateCsv } from '../../use-cases/lotes/export-lote-csv.js';
import { listLoteLinhas } from '../../use-cases/lotes/list-lote-linhas.js';
import { getLote } from '../../use-cases/lotes/lote-store.js';
import { errorBody, errorResponses, pageQuery } from './shared-schemas.js';

/** An upload of 50,000 rows is about 15 MB of CSV; JSON takes about twice that. */
const LOTE_BODY_LIMIT_BYTES = 48 * 1024 * 1024;
const CSV_TYPES = ['text/csv', 'application/csv', 'application/vnd.ms-excel'];

const view = z.record(z.string(), z.unknown());
const idParams = z.object({ id: z.string().describe('id do lote (lot_...)') });
const jsonBody = z.object({
  integracao_id: z.string().min(1).optional(),
  linhas: z.array(z.unknown()).describe('cada linha com os campos de POST /v1/negativacoes'),
});

export function lotesRoutes(app: FastifyInstance, ctx: AppContext): void {
  // Scoped, so the CSV body parser serves these routes only.
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      CSV_TYPES,
      { parseAs: 'buffer', bodyLimit: LOTE_BODY_LIMIT_BYTES },
      (_request, body, done) => done(null, body),
    );
    routes(scope, ctx);
  });
}

function routes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['lotes'];

  r.get(
    '/v1/negativacoes/lotes/modelo.csv',
    { schema: { tags, summary: 'Modelo de CSV de lote: as colunas e uma linha de exemplo' } },
    async (_request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="modelo-lote-negativacoes.csv"')
        .send(loteTemplateCsv(ctx.clock)),
  );

  r.post(
    '/v1/negativacoes/lotes',
    {
      bodyLimit: LOTE_BODY_LIMIT_BYTES,
      schema: {
        tags,
        summary:
          'Envia um lote de negativacoes (CSV ou JSON) e devolve a previa; nada e transmitido',
        description:
          'Corpo `text/csv` (o arquivo como esta; colunas no modelo `GET /v1/negativacoes/lotes/modelo.csv`, ' +
          '`;` ou `,`, UTF-8 ou Windows-1252) com `?integracao_id=`, ou `application/json` ' +
          '`{ integracao_id, linhas: [ {campos de POST /v1/negativacoes} ] }`. Cada linha passa ' +
          'pelas mesmas regras de POST /v1/negativacoes. 400 nomeando a coluna se o cabecalho ' +
          'nao serve; 413 acima de 50.000 linhas. Confirme com POST .../{id}/confirmar.',
        querystring: z.object({ integracao_id: z.string().min(1).optional() }),
        response: { 201: view, 413: errorBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const envio = readEnvio(request.body, request.query.integracao_id);
      return reply.code(201).send(await createLote(ctx, envio));
    },
  );

  r.get(
    '/v1/negativacoes/lotes/:id',
    {
      schema: {
        tags,
        summary: 'Mostra um lote e o progresso (criadas, transmitidas, inseridas, rejeitadas...)',
        params: idParams,
        response: { 200: view, ...errorResponses },
      },
    },
    async (request) => getLote(ctx.database, request.params.id),
  );

  r.get(
    '/v1/negativacoes/lotes/:id/linhas',
    {
      schema: {
        tags,
        summary: 'Linhas do lote na ordem do arquivo, com erros e a negativacao criada',
        params: idParams,
        querystring: pageQuery.extend({
          situacao: z.enum(['valida', 'invalida', 'criada', 'falha']).optional(),
          apos: z.string().regex(/^\d+$/, 'cursor: o numero da ultima linha').optional(),
        }),
        response: {
          200: z.object({ dados: z.array(view), proximo: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => listLoteLinhas(ctx.database, request.params.id, request.query),
  );

  r.post(
    '/v1/negativacoes/lotes/:id/confirmar',
    {
      schema: {
        tags,
        summary: 'Confirma o lote: cria e transmite as negativacoes das linhas validas',
        description:
          '202 com o lote `confirmado`; repetir e inofensivo (devolve o lote como esta). ' +
          '409 `lote_sem_linhas_validas` se nao ha o que enviar.',
        params: idParams,
        response: { 202: view, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(202).send(await confirmLote(ctx, request.params.id)),
  );

  r.get(
    '/v1/negativacoes/lotes/:id/resultado.csv',
    {
      schema: {
        tags,
        summary: 'Resultado do lote em CSV: linha, situacao, negativacao_id, status, erros',
        params: idParams,
      },
    },
    async (request, reply) => {
      const csv = await loteResultadoCsv(ctx.database, request.params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="lote-${request.params.id}-resultado.csv"`,
        )
        .send(csv);
    },
  );
}

/** The upload as the use case takes it: raw CSV bytes, or the JSON rows. */
function readEnvio(body: unknown, integracaoQuery: string | undefined): EnvioLote {
  if (Buffer.isBuffer(body) || typeof body === 'string') {
    return { integracao_id: requireIntegracao(integracaoQuery), formato: 'csv', corpo: body };
  }
  const parsed = jsonBody.safeParse(body);
  if (!parsed.success) throw invalidInput(parsed.error);
  const { integracao_id: integracaoBody, linhas } = parsed.data;
  if (integracaoBody && integracaoQuery && integracaoBody !== integracaoQuery) {
    throw new RequestError(
      400,
      'campo_invalido',
      'integracao_id do corpo difere do da query',
      'integracao_id',
    );
  }
  return {
    integracao_id: requireIntegracao(integracaoBody ?? integracaoQuery),
    formato: 'json',
    linhas,
  };
}

function requireIntegracao(id: string | undefined): string {
  if (!id) {
    throw new RequestError(
      400,
      'campo_obrigatorio',
      'informe a integracao: ?integracao_id= (ou no corpo JSON)',
      'integracao_id',
    );
  }
  return id;
}
