import { z } from 'zod';
import { isValidCnpj } from '../../domain/documents.js';
import type { Ambiente } from '../contract.js';
import { inteiro, secret, uf, unknownKeys } from '../settings-fields.js';
import { MOTIVOS_BAIXA } from './catalog.js';

// Operators read these messages in the API's 400 answers, so they are Portuguese (ASCII, like
// the rest of credgate's messages). Every setting is optional with a documented default; the
// environment's path (/v1 or /v1/homologacao) is resolved when a client is built (resolveBaseUrl)
// because `ambiente` may change after the settings were saved.

const cnpj = z
  .string({ error: 'deve ser um texto' })
  .regex(/^[0-9A-Z]{12}\d{2}$/, 'CNPJ com 14 caracteres, sem pontuacao')
  .refine(isValidCnpj, 'CNPJ com digito verificador invalido');

/** Three credential levels (research A.3): software house, customer, SCC Check login. */
export const tecnospeedCredentialsSchema = z.strictObject(
  {
    cnpj_sh: cnpj.describe('cnpjSH: CNPJ da software house com contrato com a Tecnospeed'),
    token_sh: secret.describe('tokenSH: token da software house emitido pela Tecnospeed'),
    cnpj_usuario: cnpj.describe('cnpjUsuario: CNPJ do cliente (credor) que consulta e negativa'),
    login: secret.describe('login entregue pela SCC Check apos a assinatura do contrato'),
    senha: secret.describe('senha entregue pela SCC Check (enviada no cabecalho password)'),
  },
  unknownKeys('credenciais'),
);

const texto = (max: number) =>
  z
    .string({ error: 'deve ser um texto' })
    .trim()
    .min(1, 'obrigatorio')
    .max(max, `deve ter no maximo ${max} caracteres`);

const produtoSchema = z.strictObject(
  {
    codigo: z
      .string({ error: 'deve ser um texto' })
      .regex(/^[A-Z0-9_]{1,80}$/, 'codigo do produto no credgate: maiusculas, digitos e _'),
    nome: texto(120),
    tipo_documento: z.enum(['cpf', 'cnpj'], { error: 'deve ser cpf ou cnpj' }),
    cod_consulta: inteiro(1, 99_999).describe('codConsulta enviado a Tecnospeed'),
    requer_uf: z
      .boolean({ error: 'deve ser true ou false' })
      .default(false)
      .describe('envia uf (a do pedido ou uf_padrao); a Tecnospeed exige nos codigos 1 e 4'),
  },
  unknownKeys('produto'),
);

const codigoNatureza = z
  .string({ error: 'deve ser um texto' })
  .regex(/^[A-Z0-9]{2}$/, 'natureza tem 2 caracteres em maiusculas, ex.: DP');

const naturezaSchema = z.strictObject(
  {
    descricao: texto(80),
    especie_titulo: z
      .string({ error: 'deve ser um texto' })
      .regex(/^[A-Z0-9]{1,10}$/, 'especieTitulo: ate 10 maiusculas ou digitos, ex.: DM')
      .describe('especieTitulo enviado a Tecnospeed para esta natureza'),
  },
  unknownKeys('natureza'),
);

const codigoMotivo = z
  .string({ error: 'deve ser um texto' })
  .regex(/^[A-Z0-9]{1,10}$/, 'codMotivo: ate 10 maiusculas ou digitos, ex.: 01');

/**
 * The polling schedule the core's engine reads (Tecnospeed has no webhooks, research A.1). Fast
 * intervals while a negativacao is NEGATIVACAO_PROCESSANDO ("repeat in a few seconds", seed 001),
 * then the slow one while it waits on Serasa, which takes days (the debtor's letter, ~10 days).
 */
const acompanhamentoSchema = z
  .strictObject(
    {
      intervalos_rapidos_ms: z
        .array(inteiro(500, 3_600_000), { error: 'deve ser uma lista de numeros' })
        .min(1, 'informe ao menos um intervalo')
        .max(20, 'no maximo 20 intervalos')
        .default([2_000, 5_000, 10_000, 30_000, 60_000])
        .describe('Esperas entre as primeiras leituras, em ms (padrao 2s, 5s, 10s, 30s, 60s)'),
      intervalo_lento_ms: inteiro(60_000, 7 * 86_400_000)
        .default(3_600_000)
        .describe('Espera depois dos intervalos rapidos, em ms (padrao 3600000 = 1 h)'),
      // 5 fast reads + 745 hourly ones: about 31 days, past Serasa's usual 10-day notice.
      max_tentativas: inteiro(1, 100_000)
        .default(750)
        .describe('Leituras antes de desistir e alertar (padrao 750, cerca de 31 dias)'),
    },
    unknownKeys('acompanhamento'),
  )
  .prefault({});

/** Credit reports: GET /consultas/assincrona answers 202 until ready (research A.5). */
const acompanhamentoConsultaSchema = z
  .strictObject(
    {
      intervalo_ms: inteiro(500, 600_000)
        .default(5_000)
        .describe('Espera entre leituras do protocolo, em ms (padrao 5000)'),
      prazo_maximo_ms: inteiro(5_000, 86_400_000)
        .default(300_000)
        .describe('Tempo maximo esperando o relatorio, em ms (padrao 300000 = 5 min)'),
    },
    unknownKeys('acompanhamento_consulta'),
  )
  .prefault({});

/** Non-secret settings, returned by the API. */
export const tecnospeedSettingsSchema = z
  .strictObject(
    {
      url_base: z
        .url({ protocol: /^https?$/, error: 'deve ser uma URL http(s) valida' })
        .max(300, 'deve ter no maximo 300 caracteres')
        .optional()
        .describe(
          'Substitui https://api.consultanegativacao.com.br; /v1 (producao) ou /v1/homologacao ' +
            'e acrescentado conforme o ambiente',
        ),
      timeout_ms: inteiro(100, 120_000)
        .default(15_000)
        .describe('Tempo maximo de cada chamada a Tecnospeed, em ms (padrao 15000)'),
      // No limit is published (research A.9): a conservative default, per integration.
      limite_requisicoes_por_segundo: inteiro(1, 1_000)
        .default(5)
        .describe('Chamadas por segundo desta integracao que o credgate respeita (padrao 5)'),
      retorno: z
        .enum(['JSON', 'HTML'], { error: 'deve ser JSON ou HTML' })
        .default('JSON')
        .describe(
          'Formato pedido do relatorio de credito (padrao JSON; HTML e guardado como veio)',
        ),
      uf_padrao: uf.optional().describe('uf dos produtos com requer_uf quando o pedido nao traz'),
      produtos: z
        .array(produtoSchema, { error: 'deve ser uma lista' })
        .min(1, 'informe ao menos um produto')
        .refine(
          (produtos) => new Set(produtos.map((p) => p.codigo)).size === produtos.length,
          'codigo de produto repetido',
        )
        .optional()
        .describe('Substitui o catalogo padrao de produtos de consulta'),
      naturezas: z
        .record(codigoNatureza, naturezaSchema)
        .refine((t) => Object.keys(t).length > 0, 'informe ao menos uma natureza')
        .optional()
        .describe('Substitui a tabela natureza -> especieTitulo'),
      motivos_baixa: z
        .record(codigoMotivo, texto(80))
        .refine((t) => Object.keys(t).length > 0, 'informe ao menos um motivo')
        .optional()
        .describe('Substitui a tabela de motivos de baixa (codMotivo)'),
      motivo_pagamento: codigoMotivo
        .default('01')
        .describe('codMotivo da baixa depois do pagamento (padrao 01)'),
      motivo_correcao: codigoMotivo
        .default('11')
        .describe('codMotivo da baixa que precede uma inclusao corrigida (padrao 11)'),
      formato_data: z
        .enum(['aaaa-mm-dd', 'dd/mm/aaaa'], { error: 'deve ser aaaa-mm-dd ou dd/mm/aaaa' })
        .default('aaaa-mm-dd')
        .describe('Formato de dataEmissao e dataVencimento (nao documentado; padrao aaaa-mm-dd)'),
      data_emissao: z
        .enum(['vencimento', 'envio'], { error: 'deve ser vencimento ou envio' })
        .default('vencimento')
        .describe('dataEmissao: o vencimento da divida (padrao) ou a data do envio'),
      acompanhamento: acompanhamentoSchema,
      acompanhamento_consulta: acompanhamentoConsultaSchema,
    },
    unknownKeys('configuracoes'),
  )
  .refine((s) => s.motivo_pagamento in (s.motivos_baixa ?? MOTIVOS_BAIXA), {
    error: 'motivo_pagamento deve existir na tabela motivos_baixa',
    path: ['motivo_pagamento'],
  })
  .refine((s) => s.motivo_correcao in (s.motivos_baixa ?? MOTIVOS_BAIXA), {
    error: 'motivo_correcao deve existir na tabela motivos_baixa',
    path: ['motivo_correcao'],
  })
  .prefault({});

export type TecnospeedCredentials = z.output<typeof tecnospeedCredentialsSchema>;
export type TecnospeedSettings = z.output<typeof tecnospeedSettingsSchema>;
export type ProdutoConfigurado = z.output<typeof produtoSchema>;

/** Production host (research A.2); homologacao is a path segment on the same host. */
export const HOST_PADRAO = 'https://api.consultanegativacao.com.br';

/** `${host}/v1` in production, `${host}/v1/homologacao` in homologation. */
export function resolveBaseUrl(ambiente: Ambiente, settings: TecnospeedSettings): string {
  const host = (settings.url_base ?? HOST_PADRAO).replace(/\/+$/, '');
  return ambiente === 'homologacao' ? `${host}/v1/homologacao` : `${host}/v1`;
}
