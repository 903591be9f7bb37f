import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { createIntegracao } from '../../use-cases/integracoes/create-integracao.js';
import { getIntegracao, listIntegracoes } from '../../use-cases/integracoes/list-integracoes.js';
import { setIntegracaoSituacao } from '../../use-cases/integracoes/set-integracao-situacao.js';
import { updateIntegracao } from '../../use-cases/integracoes/update-integracao.js';
import { catalogoOf, syncProdutos } from '../../use-cases/integracoes/list-produtos.js';
import { refreshCadastro, registerCadastro } from '../../use-cases/integracoes/check-cadastro.js';
import { errorResponses, pageQuery } from './shared-schemas.js';

const ambiente = z.enum(['homologacao', 'producao']);
const providerFields = z
  .record(z.string(), z.unknown())
  .describe('Campos definidos pelo provedor: veja GET /v1/provedores');

const integracaoView = z.object({
  id: z.string(),
  provedor: z.string(),
  ambiente: z.string(),
  descricao: z.string(),
  situacao: z.enum(['ativa', 'desativada']),
  configuracoes: z.unknown(),
  credenciais: z.unknown().describe('Quais credenciais estao definidas; valores sempre mascarados'),
  url_recebimento: z
    .string()
    .nullable()
    .describe('URL a informar ao provedor para webhooks/callbacks (null se o provedor nao envia)'),
  cadastro: z
    .object({ estado: z.string(), verificado_em: z.string().nullable() })
    .nullable()
    .describe(
      'Provedores que cadastram a empresa antes do uso (Tecnospeed): nao_verificado, ' +
        'nao_cadastrado, cadastrado, aguardando_contrato ou ativo, como visto por ultimo',
    ),
  demo: z.boolean(),
  criada_em: z.string(),
  atualizada_em: z.string(),
});

const idParams = z.object({ id: z.string().describe('id da integracao (int_...)') });

export function integracoesRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['integracoes'];

  r.post(
    '/v1/integracoes',
    {
      schema: {
        tags,
        summary: 'Cadastra uma integracao com um provedor',
        body: z.object({
          provedor: z.string().describe('serasa_experian | tecnospeed | serasa_bureau | bmp'),
          ambiente,
          descricao: z.string().trim().min(1).max(200),
          credenciais: providerFields,
          configuracoes: providerFields.optional(),
        }),
        response: { 201: integracaoView, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createIntegracao(ctx, request.body)),
  );

  r.get(
    '/v1/integracoes',
    {
      schema: {
        tags,
        summary: 'Lista integracoes (mais novas primeiro, paginadas por cursor)',
        querystring: pageQuery.extend({
          provedor: z.string().optional(),
          situacao: z.enum(['ativa', 'desativada']).optional(),
        }),
        response: {
          200: z.object({ dados: z.array(integracaoView), proximo: z.string().nullable() }),
        },
      },
    },
    async (request) => listIntegracoes(ctx, request.query),
  );

  r.get(
    '/v1/integracoes/:id',
    {
      schema: {
        tags,
        summary: 'Mostra uma integracao',
        params: idParams,
        response: { 200: integracaoView, ...errorResponses },
      },
    },
    async (request) => getIntegracao(ctx, request.params.id),
  );

  r.patch(
    '/v1/integracoes/:id',
    {
      schema: {
        tags,
        summary:
          'Altera uma integracao (credenciais enviadas substituem apenas os campos enviados)',
        params: idParams,
        body: z.object({
          // Accepted only to refuse a change with a clear answer: a provider is never switched.
          provedor: z.string().optional(),
          ambiente: ambiente.optional(),
          descricao: z.string().trim().min(1).max(200).optional(),
          credenciais: providerFields.optional(),
          configuracoes: providerFields.optional(),
        }),
        response: { 200: integracaoView, ...errorResponses },
      },
    },
    async (request) => updateIntegracao(ctx, request.params.id, request.body),
  );

  for (const [action, situacao] of [
    ['desativar', 'desativada'],
    ['ativar', 'ativa'],
  ] as const) {
    r.post(
      `/v1/integracoes/:id/${action}`,
      {
        schema: {
          tags,
          summary:
            situacao === 'desativada'
              ? 'Desativa a integracao (a URL de recebimento passa a responder 404)'
              : 'Reativa a integracao',
          params: idParams,
          response: { 200: integracaoView, ...errorResponses },
        },
      },
      async (request) => setIntegracaoSituacao(ctx, request.params.id, situacao),
    );
  }

  r.post(
    '/v1/integracoes/:id/testar',
    {
      schema: {
        tags,
        summary: 'Testa a integracao: autentica com cada par de credenciais e diz qual funciona',
        params: idParams,
      },
    },
    async (request) => {
      const { client } = await ctx.providerClients.open(request.params.id);
      return { ...(await client.testar()), testado_em: ctx.clock.now().toISOString() };
    },
  );

  r.post(
    '/v1/integracoes/:id/cadastro',
    {
      schema: {
        tags,
        summary: 'Cadastra a empresa no provedor (Tecnospeed: CNPJ na SCC Check)',
        description:
          'Corpo definido pelo provedor (Tecnospeed: cnpj, razao_social, nome_fantasia, ' +
          'representante, telefone, email, endereco, responsavel_contrato). A SCC Check entra em ' +
          'contato para o contrato; consultas e negativacoes so passam com o cadastro ativo.',
        params: idParams,
        body: z.record(z.string(), z.unknown()),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await registerCadastro(ctx, request.params.id, request.body)),
  );

  r.get(
    '/v1/integracoes/:id/cadastro',
    {
      schema: {
        tags,
        summary: 'Situacao do cadastro da empresa no provedor, consultada agora',
        params: idParams,
      },
    },
    async (request) => refreshCadastro(ctx, request.params.id),
  );

  r.get(
    '/v1/integracoes/:id/produtos',
    {
      schema: {
        tags,
        summary: 'Produtos de consulta e tabelas de negativacao (naturezas, motivos de baixa)',
        params: idParams,
      },
    },
    async (request) => catalogoOf(await ctx.providerClients.open(request.params.id)),
  );

  r.post(
    '/v1/integracoes/:id/produtos/sincronizar',
    {
      schema: {
        tags,
        summary: 'Sincroniza o catalogo de produtos; com sondar=true testa cada um no provedor',
        params: idParams,
        querystring: z.object({ sondar: z.stringbool().default(false) }),
      },
    },
    async (request) => syncProdutos(ctx, request.params.id, request.query.sondar),
  );

  r.get(
    '/v1/provedores',
    {
      schema: {
        tags,
        summary:
          'Provedores suportados, suas capacidades e o formato de credenciais e configuracoes',
      },
    },
    async () => ({
      dados: [...ctx.providers.values()].map((provider) => ({
        id: provider.id,
        nome: provider.displayName,
        capacidades: provider.capabilities,
        credenciais: z.toJSONSchema(provider.credentialsSchema, {
          io: 'input',
          unrepresentable: 'any',
        }),
        configuracoes: z.toJSONSchema(provider.settingsSchema, {
          io: 'input',
          unrepresentable: 'any',
        }),
      })),
    }),
  );
}
