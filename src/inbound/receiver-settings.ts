import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { keyProblem, PEM_MAX_CHARS } from '../infra/crypto/jwt-keys.js';
import type { InboundAuthScheme, InboundMethod } from '../providers/contract.js';

/** BMP accepts keys of up to 255 characters (seed 003); every receiver secret gets the same bound. */
export const RECEIVER_SECRET_MAX_CHARS = 255;
export const receiverSecret = z
  .string({ error: 'deve ser um texto' })
  .min(1, 'obrigatorio')
  .max(RECEIVER_SECRET_MAX_CHARS, `deve ter no maximo ${RECEIVER_SECRET_MAX_CHARS} caracteres`);

/** RFC 7518 section 3.2: an HS256 key at least as long as the hash output (256 bits). */
export const HS256_SECRET_MIN_CHARS = 32;

export const JWT_ALGORITHMS = ['HS256', 'RS256', 'ES256'] as const;
export const jwtAlgorithm = z.enum(JWT_ALGORITHMS, { error: 'deve ser HS256, RS256 ou ES256' });

export const HMAC_MODES = ['valor_fixo', 'assinatura_corpo'] as const;
export const hmacMode = z.enum(HMAC_MODES, { error: 'deve ser valor_fixo ou assinatura_corpo' });

const jwtSettingsSchema = z.strictObject(
  {
    algoritmo: jwtAlgorithm
      .default('HS256')
      .describe('HS256: segredo em credenciais.recebimento.token; RS256/ES256: chave_publica'),
    chave_publica: z
      .string({ error: 'deve ser um texto' })
      .max(PEM_MAX_CHARS, `deve ter no maximo ${PEM_MAX_CHARS} caracteres`)
      .optional()
      .describe(
        'Chave publica PEM (-----BEGIN PUBLIC KEY-----) que verifica RS256/ES256; guardada ' +
          'normalizada (so o bloco SPKI)',
      ),
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
    modo: hmacMode
      .default('valor_fixo')
      .describe(
        'valor_fixo (padrao): `Authorization: HMAC <valor>` traz o proprio segredo, como a BMP ' +
          'documenta. assinatura_corpo: traz o HMAC-SHA256 (hex) do corpo bruto com o segredo; ' +
          'a assinatura NAO cobre a query (proposta, situacao), entao uma assinatura valida ' +
          'serve a qualquer proposta e situacao com o mesmo corpo, e todo callback sem corpo ' +
          '(a BMP so envia corpo em 9 e 11) leva a mesma assinatura. Recusado quando metodos ' +
          'inclui GET',
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
          'Somente com autenticacao = jwt (Authorization: Bearer <JWT>); exp e nbf aceitam ' +
            '30 s de diferenca de relogio',
        ),
      hmac: hmacSettingsSchema.optional().describe('Somente com autenticacao = hmac'),
    })
    .transform((settings, ctx) => {
      for (const [path, message] of combinationProblems(settings)) {
        ctx.addIssue({ code: 'custom', path, message });
      }
      const jwt = settings.jwt ?? (settings.autenticacao === 'jwt' ? JWT_DEFAULTS : undefined);
      const key = jwt && checkedPublicKey(jwt);
      if (key && 'problem' in key) {
        ctx.addIssue({ code: 'custom', path: ['jwt', 'chave_publica'], message: key.problem });
      }
      if (!settings.jwt || !key || 'problem' in key) return settings;
      return { ...settings, jwt: { ...settings.jwt, chave_publica: key.pem } };
    })
    .prefault({});
}

/** Settings whose parts contradict each other, as [path, message]. */
function combinationProblems(settings: {
  autenticacao: InboundAuthScheme;
  metodos: InboundMethod[];
  jwt?: JwtSettings;
  hmac?: HmacSettings;
}): Array<[string[], string]> {
  const problems: Array<[string[], string]> = [];
  // These objects are returned by the API: one that does not apply is refused, not kept.
  if (settings.jwt && settings.autenticacao !== 'jwt') {
    problems.push([['jwt'], 'so e aceito com autenticacao = jwt']);
  }
  if (settings.hmac && settings.autenticacao !== 'hmac') {
    problems.push([['hmac'], 'so e aceito com autenticacao = hmac']);
  }
  if (settings.hmac?.modo === 'assinatura_corpo' && settings.metodos.includes('GET')) {
    problems.push([
      ['hmac', 'modo'],
      'assinatura_corpo nao se aplica a GET: o corpo de um GET e vazio e a assinatura seria ' +
        'sempre a mesma; use metodos sem GET ou modo valor_fixo',
    ]);
  }
  return problems;
}

/**
 * The key as it will be stored: only the re-exported SPKI block, so whatever else was pasted
 * (a private key above all) can never sit in settings the API returns in clear. Checked when the
 * integration is saved, so a bad key never turns into 401s at callback time.
 */
function checkedPublicKey({
  algoritmo,
  chave_publica: pem,
}: JwtSettings): { pem: string | undefined } | { problem: string } {
  if (algoritmo === 'HS256') {
    return pem === undefined
      ? { pem }
      : { problem: 'nao se aplica a HS256 (o segredo vai em credenciais.recebimento.token)' };
  }
  if (pem === undefined) return { problem: `obrigatoria quando jwt.algoritmo = ${algoritmo}` };
  if (!pem.trimStart().startsWith('-----BEGIN PUBLIC KEY-----')) {
    return { problem: 'deve ser uma chave publica PEM (-----BEGIN PUBLIC KEY-----)' };
  }
  if (pem.includes('PRIVATE KEY-----')) {
    return { problem: 'contem uma chave privada; informe somente a chave publica' };
  }
  try {
    const key = createPublicKey({ key: pem.trim(), format: 'pem' });
    const problem = keyProblem(algoritmo, key);
    return problem ? { problem } : { pem: key.export({ type: 'spki', format: 'pem' }).toString() };
  } catch {
    return { problem: 'chave publica PEM ilegivel' };
  }
}

/** Secret part of the receiver auth, stored encrypted with the other credentials. */
export const receiverCredentialsSchema = z
  .object({
    usuario: receiverSecret.optional().describe('Usuario de autenticacao basic'),
    senha: receiverSecret.optional().describe('Senha de autenticacao basic'),
    token: receiverSecret
      .optional()
      .describe(
        `Segredo de bearer, api_key, hmac e jwt HS256 (ate ${RECEIVER_SECRET_MAX_CHARS} ` +
          `caracteres; jwt HS256: ao menos ${HS256_SECRET_MIN_CHARS})`,
      ),
  })
  .strict()
  .prefault({});

export type ReceiverSettings = z.output<ReturnType<typeof receiverSettingsSchema>>;
export type ReceiverCredentials = z.output<typeof receiverCredentialsSchema>;

/** Which credential fields a configuration needs, checked when an integration is saved. */
export function requiredReceiverCredentials(
  settings: ReceiverSettings | undefined,
): Array<keyof ReceiverCredentials> {
  switch (settings?.autenticacao ?? 'nenhuma') {
    case 'nenhuma':
      return [];
    case 'basic':
      return ['usuario', 'senha'];
    case 'jwt':
      return (settings?.jwt ?? JWT_DEFAULTS).algoritmo === 'HS256' ? ['token'] : [];
    default:
      return ['token'];
  }
}

/** A secret present but too weak for the configuration, checked when an integration is saved. */
export function weakReceiverCredential(
  settings: ReceiverSettings | undefined,
  credentials: ReceiverCredentials,
): { campo: keyof ReceiverCredentials; mensagem: string } | undefined {
  const hs256 =
    settings?.autenticacao === 'jwt' && (settings.jwt ?? JWT_DEFAULTS).algoritmo === 'HS256';
  if (!hs256 || credentials.token === undefined) return undefined;
  return credentials.token.length >= HS256_SECRET_MIN_CHARS
    ? undefined
    : {
        campo: 'token',
        mensagem:
          `deve ter ao menos ${HS256_SECRET_MIN_CHARS} caracteres com jwt.algoritmo = HS256 ` +
          '(RFC 7518, 3.2: chave do tamanho do hash)',
      };
}
