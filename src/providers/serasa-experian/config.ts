import { z } from 'zod';
import {
  receiverCredentialsSchema,
  receiverSettingsSchema,
} from '../../inbound/receiver-settings.js';

const secret = z.string().min(1).max(512);

/** The two client_id/client_secret pairs of seed 000: they may differ between query and PEFIN. */
export const serasaExperianCredentialsSchema = z
  .object({
    login_consulta: secret,
    senha_consulta: secret,
    login_pefin: secret,
    senha_pefin: secret,
    recebimento: receiverCredentialsSchema,
  })
  .strict();

const produtoSchema = z.object({
  codigo: z.string().min(1).describe('reportName'),
  nome: z.string().min(1),
  tipo_documento: z.enum(['cpf', 'cnpj']),
  opcionais: z
    .array(z.string().regex(/^[A-Z0-9_]+$/, 'feature em maiusculas, sem espacos'))
    .default([]),
  parametros: z
    .record(z.string(), z.string())
    .default({})
    .describe('reportParameters, ex.: SCORE=HRLD'),
  requer_uf: z.boolean().default(false),
});

/**
 * Non-secret settings. Hosts default by `ambiente` (resolved when the client is built, so a
 * change of environment needs no change here); each can be overridden, since Serasa's own
 * documents disagree on some of them.
 */
export const serasaExperianSettingsSchema = z
  .object({
    /** Credit reports and the IAM login of the consulta pair. */
    url_consulta: z.url().optional(),
    /** PEFIN debt endpoints (`api.serasa.dev` / `api.serasa.com.br`). */
    url_pefin: z.url().optional(),
    /** IAM login of the PEFIN pair; defaults to the credit host of the environment. */
    url_login_pefin: z.url().optional(),
    /** Token reuse, seconds. 14 min: PEFIN tokens last 15; `expiresIn` is not trusted (seen as an epoch). */
    token_ttl_segundos: z.number().int().min(30).max(3600).default(840),
    timeout_ms: z.number().int().min(100).max(120_000).default(15_000),
    area_informante: z.string().max(4).default('0001'),
    /** X-Retailer-Document-Id: the consulting client's CNPJ in distributor contracts. */
    documento_varejista: z
      .string()
      .regex(/^[0-9A-Z]{14}$/, 'CNPJ sem pontuacao')
      .optional(),
    /** X-Cost-Center, up to 12 digits. */
    centro_custo: z
      .string()
      .regex(/^\d{1,12}$/, 'ate 12 digitos')
      .optional(),
    uf_padrao: z.string().length(2).optional(),
    /** Replaces the default product catalogue. */
    produtos: z.array(produtoSchema).min(1).optional(),
    /** Replace the natureza (categoryId) and motivo de baixa tables. */
    naturezas: z.record(z.string().max(2), z.string()).optional(),
    motivos_baixa: z.record(z.string(), z.string()).optional(),
    recebimento: receiverSettingsSchema(['nenhuma', 'basic', 'bearer'], ['POST']),
  })
  .strict()
  .prefault({});

export type SerasaExperianCredentials = z.output<typeof serasaExperianCredentialsSchema>;
export type SerasaExperianSettings = z.output<typeof serasaExperianSettingsSchema>;

export const HOSTS = {
  homologacao: {
    consulta: 'https://uat-api.serasaexperian.com.br',
    pefin: 'https://api.serasa.dev',
  },
  producao: {
    consulta: 'https://api.serasaexperian.com.br',
    pefin: 'https://api.serasa.com.br',
  },
} as const;
