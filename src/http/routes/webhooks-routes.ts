import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { TIPOS_EVENTO } from '../../use-cases/eventos/tipos-evento.js';
import { createWebhook } from '../../use-cases/webhooks/create-webhook.js';
import { listEntregas } from '../../use-cases/webhooks/list-entregas.js';
import { getWebhook, listWebhooks } from '../../use-cases/webhooks/list-webhooks.js';
import { MAX_EVENTOS_REENVIO, replayPeriodo } from '../../use-cases/webhooks/replay-eventos.js';
import { MAX_TENTATIVAS } from '../../use-cases/webhooks/retry-schedule.js';
import {
  rotateWebhookSecret,
  SOBREPOSICAO_PADRAO_HORAS,
} from '../../use-cases/webhooks/rotate-webhook-secret.js';
import { setWebhookAtivo } from '../../use-cases/webhooks/set-webhook-ativo.js';
import { deleteWebhook, updateWebhook } from '../../use-cases/webhooks/update-webhook.js';
import { errorResponses, instanteFiltro, pageQuery } from './shared-schemas.js';

const tipos = z
  .array(z.enum(TIPOS_EVENTO))
  .max(TIPOS_EVENTO.length * 2)
  .describe('Tipos de evento enviados a este endpoint; vazio (ou ausente) = todos');

const webhookView = z.object({
  id: z.string(),
  url: z.string(),
  descricao: z.string(),
  tipos: z.array(z.string()),
  ativo: z.boolean(),
  desativado_motivo: z
    .string()
    .nullable()
    .describe('manual, endpoint_respondeu_410 ou falhas_por_5_dias'),
  desativado_em: z.string().nullable(),
  falhando_desde: z.string().nullable().describe('Primeira falha desde o ultimo sucesso'),
  rotacao: z
    .object({ segredo_anterior_valido_ate: z.string() })
    .nullable()
    .describe('Durante uma rotacao, as mensagens levam as duas assinaturas ate esta data'),
  criado_em: z.string(),
  atualizado_em: z.string(),
});

const comSegredo = webhookView.extend({
  segredo: z
    .string()
    .nullable()
    .describe(
      'whsec_...: mostrado somente nesta resposta. Uma repeticao com a mesma Idempotency-Key ' +
        'responde null (o segredo nunca e guardado em claro): gere outro com rotacionar-segredo.',
    ),
});

const idParams = z.object({ id: z.string().describe('id do webhook (whk_...)') });
const segredoProprio = z
  .string()
  .optional()
  .describe('Opcional: um segredo seu (whsec_ + 24 a 64 bytes em base64); gerado se ausente');

export function webhooksRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tagsList = ['webhooks'];

  r.post(
    '/v1/webhooks',
    {
      schema: {
        tags: tagsList,
        summary: 'Cadastra um endpoint que recebe os eventos assinados (Standard Webhooks)',
        description:
          'Cada evento chega como POST `{type, timestamp, data}` com os cabecalhos `webhook-id`, ' +
          '`webhook-timestamp` e `webhook-signature` (v1, HMAC-SHA256 de `id.timestamp.corpo`), ' +
          'verificaveis com qualquer biblioteca Standard Webhooks. A URL deve ser https e ' +
          'resolver para enderecos publicos (sem loopback, redes privadas, link-local, CGNAT ou ' +
          'metadados), salvo com CREDGATE_ALLOW_PRIVATE_WEBHOOKS=true; recusada com 400 em `url`.',
        body: z.object({
          url: z.string().min(1),
          descricao: z.string().trim().max(200).optional(),
          tipos: tipos.optional(),
          segredo: segredoProprio,
        }),
        response: { 201: comSegredo, ...errorResponses },
      },
      onSend: revealSecret,
    },
    async (request, reply) => {
      const { webhook, segredo } = await createWebhook(ctx, request.body);
      return reply.code(201).send(withSecret(request, webhook, segredo));
    },
  );

  r.get(
    '/v1/webhooks',
    {
      schema: {
        tags: tagsList,
        summary: 'Lista os endpoints (mais novos primeiro, paginados por cursor)',
        querystring: pageQuery,
        response: {
          200: z.object({ dados: z.array(webhookView), proximo: z.string().nullable() }),
        },
      },
    },
    async (request) => listWebhooks(ctx, request.query),
  );

  r.get(
    '/v1/webhooks/:id',
    {
      schema: {
        tags: tagsList,
        summary: 'Mostra um endpoint (sem o segredo)',
        params: idParams,
        response: { 200: webhookView, ...errorResponses },
      },
    },
    async (request) => getWebhook(ctx, request.params.id),
  );

  r.patch(
    '/v1/webhooks/:id',
    {
      schema: {
        tags: tagsList,
        summary: 'Altera URL, descricao ou tipos (a URL e verificada como no cadastro)',
        params: idParams,
        body: z.object({
          url: z.string().min(1).optional(),
          descricao: z.string().trim().max(200).optional(),
          tipos: tipos.optional(),
        }),
        response: { 200: webhookView, ...errorResponses },
      },
    },
    async (request) => updateWebhook(ctx, request.params.id, request.body),
  );

  r.delete(
    '/v1/webhooks/:id',
    {
      schema: {
        tags: tagsList,
        summary: 'Exclui o endpoint: deixa de receber; o historico das entregas fica',
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteWebhook(ctx, request.params.id);
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/v1/webhooks/:id/rotacionar-segredo',
    {
      schema: {
        tags: tagsList,
        summary: 'Gera um segredo novo, mostrado uma vez; o anterior segue valido por um tempo',
        description:
          'Enquanto o anterior vale, cada mensagem leva as duas assinaturas (separadas por ' +
          `espaco). Padrao: ${SOBREPOSICAO_PADRAO_HORAS} h; 0 invalida o anterior na hora.`,
        params: idParams,
        body: z
          .object({
            manter_anterior_por_horas: z.number().min(0).max(168).optional(),
            segredo: segredoProprio,
          })
          .nullish(),
        response: { 200: comSegredo, ...errorResponses },
      },
      onSend: revealSecret,
    },
    async (request) => {
      const { webhook, segredo } = await rotateWebhookSecret(
        ctx,
        request.params.id,
        request.body ?? {},
      );
      return withSecret(request, webhook, segredo);
    },
  );

  for (const [action, ativo] of [
    ['ativar', true],
    ['desativar', false],
  ] as const) {
    r.post(
      `/v1/webhooks/:id/${action}`,
      {
        schema: {
          tags: tagsList,
          summary: ativo
            ? 'Reativa o endpoint (zera a contagem de falhas; reenvie o periodo perdido)'
            : 'Desativa o endpoint: mensagens pendentes ficam abandonadas',
          params: idParams,
          response: { 200: webhookView, ...errorResponses },
        },
      },
      async (request) => setWebhookAtivo(ctx, request.params.id, ativo),
    );
  }

  r.get(
    '/v1/webhooks/:id/entregas',
    {
      schema: {
        tags: tagsList,
        summary: 'Mensagens do endpoint com cada tentativa (status, latencia, trecho da resposta)',
        description:
          '`id` de cada entrega e o `webhook-id` enviado, o mesmo em todas as tentativas. ' +
          `situacao: pendente, entregue, falhou (nova tentativa em proxima_em; ate ${MAX_TENTATIVAS} ` +
          'ao todo) ou abandonada. `resposta` guarda ate 1 KB do corpo respondido.',
        params: idParams,
        querystring: pageQuery.extend({
          situacao: z.enum(['pendente', 'entregue', 'falhou', 'abandonada']).optional(),
          evento_id: z.string().optional(),
        }),
      },
    },
    async (request) => listEntregas(ctx, request.params.id, request.query),
  );

  r.post(
    '/v1/webhooks/:id/reenviar',
    {
      schema: {
        tags: tagsList,
        summary: 'Reenvia agora todos os eventos de um periodo que o endpoint recebe',
        description:
          `Ate ${MAX_EVENTOS_REENVIO} eventos por chamada (422 acima disso). Datas ISO 8601 em ` +
          'UTC. Inclui eventos de quando o endpoint estava desativado ou nem existia.',
        params: idParams,
        body: z.object({ desde: instanteFiltro, ate: instanteFiltro }),
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(await replayPeriodo(ctx, request.params.id, request.body.desde, request.body.ate)),
  );
}

/**
 * The secret goes to the client only: the handler answers `"segredo":null` (which the
 * Idempotency-Key store may keep) and this route-level hook, which Fastify runs after every
 * global one, puts the secret into the bytes sent.
 */
const revealed = new WeakMap<FastifyRequest, string>();

function withSecret<V>(request: FastifyRequest, view: V, segredo: string): V & { segredo: null } {
  revealed.set(request, segredo);
  return { ...view, segredo: null };
}

function revealSecret(
  request: FastifyRequest,
  _reply: FastifyReply,
  payload: unknown,
  done: (error: Error | null, payload?: unknown) => void,
): void {
  const segredo = revealed.get(request);
  revealed.delete(request);
  if (segredo === undefined || typeof payload !== 'string') return done(null, payload);
  done(null, payload.replace('"segredo":null', `"segredo":${JSON.stringify(segredo)}`));
}
