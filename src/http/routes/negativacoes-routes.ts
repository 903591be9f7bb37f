import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { RequestError } from '../../domain/errors.js';
import { createNegativacao } from '../../use-cases/negativacoes/create-negativacao.js';
import {
  getNegativacao,
  listNegativacoes,
} from '../../use-cases/negativacoes/list-negativacoes.js';
import { removeNegativacao } from '../../use-cases/negativacoes/remove-negativacao.js';
import { replaceNegativacao } from '../../use-cases/negativacoes/replace-negativacao.js';
import { isoDate } from '../../infra/validation/portuguese-zod-messages.js';
import { errorResponses, instanteFiltro, pageQuery } from './shared-schemas.js';

const STATUS = [
  'aguardando',
  'aguardando_confirmacao_inserir',
  'inserida',
  'rejeitada',
  'aguardando_correcao',
  'aguardando_confirmacao_remover',
  'removida',
] as const;

const data = isoDate();
const texto = (max: number) => z.string().trim().min(1).max(max);

const endereco = z.object({
  cep: z.string().describe('8 digitos, com ou sem hifen'),
  logradouro: texto(200),
  numero: z.string().trim().max(20).nullish(),
  complemento: z.string().trim().max(100).nullish(),
  bairro: texto(200),
  cidade: texto(200),
  uf: z.string().length(2, 'use a sigla da UF, 2 letras'),
});

const dividaBody = z.object({
  credor: z.string().describe('CNPJ do credor (numerico ou alfanumerico)'),
  devedor: z.object({
    documento: z.string().describe('CPF ou CNPJ do devedor'),
    nome: texto(200),
    data_nascimento: data.nullish(),
    endereco,
  }),
  contrato: texto(100),
  // Only the type here: zero and negatives get the domain's minimum-value refusal (422).
  valor_centavos: z.number().int('valor em centavos, inteiro'),
  vencimento: data,
  natureza: z
    .string()
    .min(1)
    .describe('codigo da natureza na tabela do provedor (Serasa: categoryId)'),
  faturas: z
    .array(texto(100))
    .max(1000)
    .default([])
    .describe('ids das faturas do sistema de origem'),
});

const view = z.record(z.string(), z.unknown());
const idParams = z.object({ id: z.string().describe('id da negativacao (neg_...)') });

export function negativacoesRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['negativacoes'];

  r.post(
    '/v1/negativacoes',
    {
      config: { reexecutavel: true },
      schema: {
        tags,
        summary: 'Pede a inclusao de uma divida (negativacao); transmitida em seguida',
        description:
          'Responde 202 com status `aguardando`. Regras verificadas antes (422 com o campo): ' +
          'CPF/CNPJ validos, valor minimo, vencimento passado e com menos de 5 anos, devedor maior ' +
          'de idade, endereco completo e nos tamanhos do provedor, natureza na tabela. 409 se ja ' +
          'houver negativacao ativa para o mesmo credor + devedor + contrato, com o id dela em ' +
          '`detalhes.negativacao_id`.',
        body: dividaBody.extend({ integracao_id: z.string() }),
        response: { 202: view, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(202).send(await createNegativacao(ctx, request.body)),
  );

  r.get(
    '/v1/negativacoes',
    {
      schema: {
        tags,
        summary: 'Lista negativacoes (mais novas primeiro, paginadas por cursor)',
        querystring: pageQuery.extend({
          status: z.enum(STATUS).optional(),
          documento: z.string().optional().describe('documento do devedor'),
          credor: z.string().optional(),
          integracao_id: z.string().optional(),
          contrato: z.string().optional(),
          pendencia: z
            .enum(['sem_confirmacao', 'transmissao_incerta'])
            .optional()
            .describe(
              'so as sinalizadas: sem webhook no prazo, ou transmissao de resultado incerto',
            ),
          criada_desde: instanteFiltro.optional(),
          criada_ate: instanteFiltro.optional(),
        }),
        response: { 200: z.object({ dados: z.array(view), proximo: z.string().nullable() }) },
      },
    },
    async (request) => listNegativacoes(ctx, request.query),
  );

  r.get(
    '/v1/negativacoes/:id',
    {
      schema: {
        tags,
        summary: 'Mostra uma negativacao com o historico de cada transicao',
        params: idParams,
        response: { 200: view, ...errorResponses },
      },
    },
    async (request) => getNegativacao(ctx, request.params.id),
  );

  r.delete(
    '/v1/negativacoes/:id',
    {
      schema: {
        tags,
        summary: 'Pede a baixa (remocao) da negativacao',
        description:
          'Motivo na query `motivo` (tabela de motivos de baixa do provedor; padrao: pagamento). ' +
          'Nunca transmitida: cancelada na hora. Inclusao ainda nao confirmada: a baixa espera a ' +
          'confirmacao e entao e transmitida.',
        params: idParams,
        querystring: z.object({ motivo: z.string().optional() }),
        response: { 202: view, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(202).send(await removeNegativacao(ctx, request.params.id, request.query.motivo)),
  );

  for (const method of ['PUT', 'PATCH'] as const) {
    r.route({
      method,
      url: '/v1/negativacoes/:id',
      schema: {
        tags,
        summary: 'Nao permitido: uma negativacao nao se altera',
        params: idParams,
        response: errorResponses,
      },
      handler: async () => {
        throw new RequestError(
          409,
          'alteracao_nao_permitida',
          'o provedor nao permite alterar uma negativacao: a correcao e uma baixa seguida de nova ' +
            'inclusao. Use POST /v1/negativacoes/{id}/substituir, que faz as duas como uma operacao.',
        );
      },
    });
  }

  r.post(
    '/v1/negativacoes/:id/substituir',
    {
      schema: {
        tags,
        summary:
          'Corrige uma negativacao: baixa (motivo de correcao) + nova inclusao, acompanhadas juntas',
        description:
          'A nova negativacao fica `aguardando` ate a baixa da anterior ser confirmada; entao e transmitida.',
        params: idParams,
        body: dividaBody,
        response: {
          202: z.object({ anterior: view, nova: view }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) =>
      reply.code(202).send(await replaceNegativacao(ctx, request.params.id, request.body)),
  );
}
