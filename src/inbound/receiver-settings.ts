import { createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { InboundAuthScheme, InboundMethod } from '../providers/contract.js';

/** BMP accepts keys of up to 255 characters; we hold every receiver secret to the same bound. */
const receiverSecret = z.string().min(1).max(255, 'deve ter no maximo 255 caracteres');

export const JWT_ALGORITHMS = ['HS256', 'RS256', 'ES256'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/** A PEM public key is not a secret and is longer than 255 characters (RSA 4096: ~800). */
const PEM_MAX_CHARS = 8192;

const jwtSettingsSchema = z.strictObject(
  {
    algoritmo: z
      .enum(JWT_ALGORITHMS, { error: 'deve ser HS256, RS256 ou ES256' })
      .default('HS256')
      .describe('HS256: segredo em credenciais.recebimento.token; RS256/ES256: chave_publica'),
    chave_publica: z
      .string({ error: 'deve ser um texto' })
      .max(PEM_MAX_CHARS, `deve ter no maximo ${PEM_MAX_CHARS} caracteres`)
      .optional()
      .describe('Chave publica PEM (-----BEGIN PUBLIC KEY-----) que verifica RS256/ES256'),
    emissor: z
      .string({ error: 'deve ser um texto' })
      .min(1)
      .max(255)
      .optional()
      .describe('iss exigido no token, quando informado'),
    audiencia: z
      .string({ error: 'deve ser um texto' })
      .min(1)
      .max(255)
      .optional()
      .describe('aud exigido no token, quando informado'),
    exige_exp: z
      .boolean({ error: 'deve ser true ou false' })
      .default(true)
      .describe(
        'Recusa tokens sem exp (padrao true). false aceita um JWT fixo sem expiracao, se o ' +
          'provedor enviar sempre o mesmo token configurado',
      ),
  },
  { error: 'jwt deve ser um objeto com algoritmo, chave_publica, emissor, audiencia, exige_exp' },
);

const hmacSettingsSchema = z.strictObject(
  {
    modo: z
      .enum(['valor_fixo', 'assinatura_corpo'], {
        error: 'deve ser valor_fixo ou assinatura_corpo',
      })
      .default('valor_fixo')
      .describe(
        'valor_fixo (padrao): `Authorization: HMAC <valor>` traz o proprio segredo, como a BMP ' +
          'documenta. assinatura_corpo: traz o HMAC-SHA256 (hex) do corpo bruto com o segredo',
      ),
  },
  { error: 'hmac deve ser um objeto com modo' },
);

export type JwtSettings = z.output<typeof jwtSettingsSchema>;
export type HmacSettings = z.output<typeof hmacSettingsSchema>;

/** What an integration with autenticacao = jwt and no `jwt` object gets. */
export const JWT_DEFAULTS: JwtSettings = jwtSettingsSchema.parse({});
export const HMAC_DEFAULTS: HmacSettings = hmacSettingsSchema.parse({});

/** How a provider authenticates when it calls us (non-secret part, returned by the API). */
export function receiverSettingsSchema(
  schemes: readonly InboundAuthScheme[],
  methods: readonly InboundMethod[],
) {
  return z
    .object({
      autenticacao: z
        .enum(schemes as [InboundAuthScheme, ...InboundAuthScheme[]])
        .default(schemes[0]),
      /** Header carrying the key when autenticacao = api_key (BMP: `API-Key` or `X-API-Key`). */
      cabecalho: z
        .string()
        .regex(/^[A-Za-z0-9-]{1,64}$/, 'nome de cabecalho HTTP invalido')
        .default('X-API-Key'),
      metodos: z
        .array(z.enum(methods as [InboundMethod, ...InboundMethod[]]))
        .min(1)
        .default([...methods]),
      /** Source addresses allowed to call; empty means any. Exact IPs (v4 or v6). */
      ips_permitidos: z.array(z.union([z.ipv4(), z.ipv6()])).default([]),
      jwt: jwtSettingsSchema
        .optional()
        .describe(
          'Usado quando autenticacao = jwt (Authorization: Bearer <JWT>); exp e nbf aceitam ' +
            '30 s de diferenca de relogio',
        ),
      hmac: hmacSettingsSchema.optional().describe('Usado quando autenticacao = hmac'),
    })
    .superRefine((settings, ctx) => {
      if (settings.autenticacao !== 'jwt') return;
      const problem = jwtKeyProblem(settings.jwt ?? JWT_DEFAULTS);
      if (problem)
        ctx.addIssue({ code: 'custom', message: problem, path: ['jwt', 'chave_publica'] });
    })
    .prefault({});
}

/** Refused when the integration is saved, so a bad key never turns into 401s at callback time. */
function jwtKeyProblem({ algoritmo, chave_publica: pem }: JwtSettings): string | undefined {
  if (algoritmo === 'HS256') {
    return pem === undefined
      ? undefined
      : 'nao se aplica a HS256 (o segredo vai em credenciais.recebimento.token)';
  }
  if (pem === undefined) return `obrigatoria quando jwt.algoritmo = ${algoritmo}`;
  // Only SPKI: Node would also derive a public key from a pasted private key, which must not sit
  // in settings the API returns in clear.
  if (!pem.trimStart().startsWith('-----BEGIN PUBLIC KEY-----')) {
    return 'deve ser uma chave publica PEM (-----BEGIN PUBLIC KEY-----)';
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    return 'chave publica PEM ilegivel';
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (algoritmo === 'RS256') {
    // jose refuses RSA keys under 2048 bits when verifying.
    return key.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) >= 2048
      ? undefined
      : 'RS256 exige uma chave RSA de ao menos 2048 bits';
  }
  return key.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1'
    ? undefined
    : 'ES256 exige uma chave EC P-256';
}

/** Secret part of the receiver auth, stored encrypted with the other credentials. */
export const receiverCredentialsSchema = z
  .object({
    usuario: receiverSecret.optional().describe('Usuario de autenticacao basic'),
    senha: receiverSecret.optional().describe('Senha de autenticacao basic'),
    token: receiverSecret
      .optional()
      .describe('Segredo de bearer, api_key, hmac e jwt HS256 (ate 255 caracteres)'),
  })
  .strict()
  .prefault({});

export type ReceiverSettings = z.output<ReturnType<typeof receiverSettingsSchema>>;
export type ReceiverCredentials = z.output<typeof receiverCredentialsSchema>;
