import { z } from 'zod';
import type { Ambiente } from '../contract.js';
import { readKeystore } from './read-keystore.js';

/** Logon, senha and nova senha are 8 bytes each at the head of the `p` parameter (research 2.2). */
const campo8 = z
  .string()
  .min(1)
  .max(8)
  .regex(/^[\x20-\x7e]+$/, 'apenas caracteres ASCII imprimiveis');

/**
 * A key or trust store: PEM text, or a PKCS#12 / Java keystore (JKS) file in Base64, since
 * Intellector installations keep theirs in a JKS (seed 002 `user.cert`).
 */
export const armazemSchema = z.discriminatedUnion('formato', [
  z
    .object({
      formato: z.literal('pem'),
      /** Client certificate chain, or the trusted CA certificates of a trust store. */
      certificado: z.string().includes('-----BEGIN CERTIFICATE-----'),
      /** Private key (client certificates only). */
      chave: z.string().includes('-----BEGIN').optional(),
      senha: z.string().max(255).optional(),
    })
    .strict(),
  z
    .object({
      formato: z.enum(['pkcs12', 'jks']),
      conteudo_base64: z.base64().min(4),
      senha: z.string().max(255),
    })
    .strict(),
]);
export type Armazem = z.infer<typeof armazemSchema>;

export const serasaBureauCredentialsSchema = z
  .object({
    logon: campo8,
    senha: campo8,
    /** Sent once in the "nova senha" slot to change the password on Serasa's side. */
    nova_senha: campo8.optional(),
    /** Client certificate for the host-to-host TLS connection, when Serasa issued one. */
    certificado_cliente: armazemSchema.optional(),
    /** CAs trusted for Serasa's server certificate, in addition to the system's. */
    confianca: armazemSchema.optional(),
  })
  .strict()
  .superRefine((credenciais, context) => {
    // Opened now, so a wrong password or a file without a key is a 422 when the integration is
    // saved, not a failure at its first consulta.
    for (const campo of ['certificado_cliente', 'confianca'] as const) {
      const armazem = credenciais[campo];
      if (!armazem) continue;
      try {
        const material = readKeystore(armazem);
        if (campo === 'certificado_cliente' && !material.key) {
          context.addIssue({ code: 'custom', path: [campo], message: 'sem chave privada' });
        }
      } catch (error) {
        context.addIssue({ code: 'custom', path: [campo], message: (error as Error).message });
      }
    }
  });
export type SerasaBureauCredentials = z.infer<typeof serasaBureauCredentialsSchema>;

/** Input map keys of entrada.xml or request layout ids, as the policy engine passes them. */
const entradaSchema = z.record(
  z.string().regex(/^[A-Z0-9_]+$/),
  z.union([z.string().max(400), z.number(), z.boolean()]),
);

export const serasaBureauSettingsSchema = z
  .object({
    /** Scheme and host; the path comes from `caminho` or the environment. */
    url: z.url().optional(),
    /** `/Homologa/consultahttps` or `/Prod/consultahttps` by default. */
    caminho: z
      .string()
      .regex(/^\/[\w./-]*$/)
      .optional(),
    /** POST form-encoded by default; GET sends `p` in the query string, percent-encoded. */
    metodo: z.enum(['POST', 'GET']).default('POST'),
    /** Continuation requests (FUNCAO CON) after the first, at most. */
    max_continuacoes: z.number().int().min(0).max(50).default(10),
    /** Per request, ms. */
    timeout_ms: z.number().int().min(1000).max(120_000).default(30_000),
    /** Verify Serasa's server certificate (never turn off in production). */
    verificar_certificado: z.boolean().default(true),
    /**
     * Input map values sent with every query unless the request names them (B49C_MODALIDADE,
     * FL_HABILITA_P006, P006_*...), as the policy engine's defaults.
     */
    entrada_padrao: entradaSchema.default({}),
    /** Replaces the default catalogue (catalog.ts): each product is a set of input map values. */
    produtos: z
      .array(
        z
          .object({
            codigo: z.string().regex(/^[A-Z0-9_]{2,40}$/),
            nome: z.string().min(1).max(100),
            tipo_documento: z.enum(['cpf', 'cnpj']),
            entrada: entradaSchema,
          })
          .strict(),
      )
      .min(1)
      .optional(),
  })
  .strict()
  .prefault({});
export type SerasaBureauSettings = z.infer<typeof serasaBureauSettingsSchema>;

/** Hosts of research 2.1 (the newer `-2` addresses). */
const HOSTS: Record<Ambiente, string> = {
  homologacao: 'https://mqlinuxext-2.serasa.com.br',
  producao: 'https://sitenet43-2.serasa.com.br',
};
const PATHS: Record<Ambiente, string> = {
  homologacao: '/Homologa/consultahttps',
  producao: '/Prod/consultahttps',
};

/** The consultahttps address of an integration. */
export function consultaUrl(ambiente: Ambiente, settings: SerasaBureauSettings): string {
  const base = (settings.url ?? HOSTS[ambiente]).replace(/\/+$/, '');
  return base + (settings.caminho ?? PATHS[ambiente]);
}
