import { z } from 'zod';
import { isValidCnpj } from '../../domain/documents.js';
import {
  receiverCredentialsSchema,
  receiverSettingsSchema,
} from '../../inbound/receiver-settings.js';
import type { Ambiente } from '../contract.js';
import { inteiro, secret, tipo, uf, unknownKeys } from '../settings-fields.js';

// Operators read these messages in the API's 400 answers, so they are Portuguese (ASCII, like
// the rest of credgate's messages). Every setting is optional: the core validates settings when
// an integration is saved, and the hosts depend on `ambiente`, which may change later, so the
// environment defaults are resolved when a client is built (resolveHosts), never stored here.

/** The two client_id/client_secret pairs: Serasa may issue different ones for reports and PEFIN. */
export const serasaExperianCredentialsSchema = z.strictObject(
  {
    login_consulta: secret.describe('client_id do par de consultas (relatorios de credito)'),
    senha_consulta: secret.describe('client_secret do par de consultas'),
    login_pefin: secret.describe('client_id do par PEFIN (negativacao)'),
    senha_pefin: secret.describe('client_secret do par PEFIN'),
    recebimento: receiverCredentialsSchema,
  },
  unknownKeys('credenciais'),
);

const url = z
  .url({ protocol: /^https?$/, error: 'deve ser uma URL http(s) valida' })
  .max(300, 'deve ter no maximo 300 caracteres');

const codigoNatureza = z
  .string(tipo('deve ser um texto'))
  .regex(/^[A-Z0-9]{2}$/, 'natureza (categoryId) tem 2 caracteres em maiusculas, ex.: TI');

const produtoSchema = z.strictObject(
  {
    codigo: z
      .string(tipo('deve ser um texto'))
      .regex(/^[A-Z0-9_]{1,80}$/, 'reportName da Serasa: maiusculas, digitos e _')
      .describe('reportName enviado a Serasa'),
    nome: z.string(tipo('deve ser um texto')).min(1, 'obrigatorio').max(120),
    tipo_documento: z.enum(['cpf', 'cnpj'], tipo('deve ser cpf ou cnpj')),
    opcionais: z
      .array(
        z
          .string(tipo('deve ser um texto'))
          .regex(/^[A-Z0-9_]+$/, 'feature em maiusculas, sem espacos (ex.: SCORE_POSITIVO)'),
      )
      .default([])
      .describe('optionalFeatures enviadas por padrao'),
    parametros: z
      .record(
        z.string().regex(/^[A-Za-z0-9_]+$/, 'nome de parametro: letras, digitos e _'),
        z.string(tipo('deve ser um texto')),
      )
      .default({})
      .describe('reportParameters (ex.: {"SCORE":"HRLD"} escolhe o modelo de score)'),
    requer_uf: z
      .boolean(tipo('deve ser true ou false'))
      .default(false)
      .describe('envia federalUnit (a UF do pedido ou uf_padrao)'),
  },
  unknownKeys('produto'),
);

/** Codes credgate sends on its own (payment removals, corrections): a replaced table must keep them. */
const MOTIVOS_USADOS_PELO_GATEWAY = ['01', '11'];

/** Non-secret settings, returned by the API. */
export const serasaExperianSettingsSchema = z
  .strictObject(
    {
      url_consulta: url
        .optional()
        .describe(
          'Relatorios de credito e login IAM do par de consultas. Padrao: ' +
            'https://uat-api.serasaexperian.com.br (homologacao), https://api.serasaexperian.com.br (producao)',
        ),
      url_pefin: url
        .optional()
        .describe(
          'Endpoints PEFIN (/collection/debt). Padrao: https://api.serasa.dev (homologacao), ' +
            'https://api.serasa.com.br (producao)',
        ),
      url_login_pefin: url
        .optional()
        .describe('Login IAM do par PEFIN. Padrao: o host de url_consulta do mesmo ambiente'),
      // 14 min: PEFIN tokens last 15. `expiresIn` has been seen as an epoch, not a duration, so
      // the lifetime is ours to choose rather than read from the answer.
      token_ttl_segundos: inteiro(30, 3600)
        .default(840)
        .describe('Reuso do token IAM, em segundos (padrao 840 = 14 min; o PEFIN expira em 15)'),
      timeout_ms: inteiro(100, 120_000)
        .default(15_000)
        .describe('Tempo maximo de cada chamada a Serasa, em ms (padrao 15000)'),
      area_informante: z
        .string(tipo('deve ser um texto'))
        .regex(/^[A-Za-z0-9]{1,4}$/, 'ate 4 letras ou digitos')
        .default('0001')
        .describe('areaInformante da inclusao PEFIN (padrao 0001)'),
      natureza_padrao: codigoNatureza
        .default('TI')
        .describe('categoryId usado quando a divida nao informa natureza (padrao TI, serv. dados)'),
      documento_varejista: z
        .string(tipo('deve ser um texto'))
        .regex(/^[0-9A-Z]{12}\d{2}$/, 'CNPJ com 14 caracteres, sem pontuacao')
        .refine(isValidCnpj, 'CNPJ com digito verificador invalido')
        .optional()
        .describe(
          'X-Retailer-Document-Id: CNPJ do cliente consultante em contratos de distribuidor',
        ),
      centro_custo: z
        .string(tipo('deve ser um texto'))
        .regex(/^\d{1,12}$/, 'ate 12 digitos')
        .optional()
        .describe('X-Cost-Center: centro de custo para o faturamento da Serasa'),
      uf_padrao: uf.optional().describe('federalUnit dos produtos com requer_uf'),
      produtos: z
        .array(produtoSchema)
        .min(1, 'informe ao menos um produto')
        .refine(
          (produtos) => new Set(produtos.map((p) => p.codigo)).size === produtos.length,
          'codigo de produto repetido',
        )
        .optional()
        .describe('Substitui o catalogo padrao de produtos de consulta'),
      naturezas: z
        .record(codigoNatureza, z.string().min(1, 'descricao obrigatoria'))
        .optional()
        .describe('Substitui a tabela de naturezas (categoryId)'),
      motivos_baixa: z
        .record(
          z.string().regex(/^\d{2}$/, 'motivo de baixa tem 2 digitos, ex.: 01'),
          z.string().min(1, 'descricao obrigatoria'),
        )
        .refine(
          (motivos) => MOTIVOS_USADOS_PELO_GATEWAY.every((codigo) => codigo in motivos),
          'a tabela deve manter 01 (pagamento) e 11 (correcao), usados automaticamente',
        )
        .optional()
        .describe('Substitui a tabela de motivos de baixa (reason)'),
      recebimento: receiverSettingsSchema(['nenhuma', 'basic', 'bearer'], ['POST']),
    },
    unknownKeys('configuracoes'),
  )
  .refine((s) => !s.naturezas || s.natureza_padrao in s.naturezas, {
    error: 'natureza_padrao deve existir na tabela naturezas',
    path: ['natureza_padrao'],
  })
  .prefault({});

export type SerasaExperianCredentials = z.output<typeof serasaExperianCredentialsSchema>;
export type SerasaExperianSettings = z.output<typeof serasaExperianSettingsSchema>;
export type ProdutoConfigurado = z.output<typeof produtoSchema>;

/** Hosts by environment (research §1.1, §2.1, §3.2). */
export const HOSTS = {
  homologacao: {
    consulta: 'https://uat-api.serasaexperian.com.br',
    pefin: 'https://api.serasa.dev',
  },
  producao: {
    consulta: 'https://api.serasaexperian.com.br',
    pefin: 'https://api.serasa.com.br',
  },
} as const satisfies Record<Ambiente, { consulta: string; pefin: string }>;

export interface SerasaHosts {
  /** Credit reports and the IAM login of the consulta pair. */
  consulta: string;
  /** PEFIN debt endpoints. */
  pefin: string;
  /** IAM login of the PEFIN pair: PEFIN has no IAM of its own, it logs in on the credit host. */
  loginPefin: string;
}

export function resolveHosts(ambiente: Ambiente, settings: SerasaExperianSettings): SerasaHosts {
  const consulta = withoutTrailingSlash(settings.url_consulta ?? HOSTS[ambiente].consulta);
  return {
    consulta,
    pefin: withoutTrailingSlash(settings.url_pefin ?? HOSTS[ambiente].pefin),
    loginPefin: withoutTrailingSlash(settings.url_login_pefin ?? consulta),
  };
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
