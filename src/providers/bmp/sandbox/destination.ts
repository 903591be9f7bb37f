import { z } from 'zod';
import { hmacMode, jwtAlgorithm, receiverSecret } from '../../../inbound/receiver-settings.js';
import { PEM_MAX_CHARS } from '../../../infra/crypto/jwt-keys.js';
import { semCamposExtras } from '../../../sandboxes/control-body.js';
import { inteiro } from '../../settings-fields.js';
import { problemaNaChavePrivada } from './sign-jwt.js';

/**
 * BMP: "Em todos os metodos de autenticacao aceitamos chaves com ate 255 caracteres" (seed 003),
 * the bound credgate's receiver holds its secrets to.
 */
const segredo = receiverSecret;
/** Goes verbatim into a header: no spaces, no line breaks. */
const segredoDeCabecalho = segredo.regex(/^[\x21-\x7e]+$/, 'apenas caracteres ASCII visiveis');
const texto = z.string('deve ser texto').min(1, 'obrigatorio').max(255, 'no maximo 255 caracteres');

export const TIPOS_AUTENTICACAO = [
  'nenhuma',
  'bearer',
  'api_key',
  'basic',
  'x_api_key',
  'jwt',
  'hmac',
] as const;
export type TipoAutenticacao = (typeof TIPOS_AUTENTICACAO)[number];

const jwtSchema = z
  .strictObject(
    {
      tipo: z.literal('jwt'),
      algoritmo: jwtAlgorithm.default('HS256'),
      /** HS256 shared secret. */
      token: segredo.optional(),
      /** RS256/ES256 signing key (PKCS#8, PKCS#1 or SEC1 PEM); never returned. */
      chave_privada: z.string('deve ser texto').max(PEM_MAX_CHARS, 'PEM longo demais').optional(),
      /** exp = iat + validade_s. */
      validade_s: inteiro(1, 86_400).default(300),
      emissor: texto.optional(),
      audiencia: texto.optional(),
    },
    semCamposExtras,
  )
  .superRefine((jwt, ctx) => {
    if (jwt.algoritmo === 'HS256') {
      if (jwt.token === undefined) {
        ctx.addIssue({ code: 'custom', path: ['token'], message: 'obrigatorio com HS256' });
      }
      return;
    }
    const problema = problemaNaChavePrivada(jwt.algoritmo, jwt.chave_privada);
    if (problema) ctx.addIssue({ code: 'custom', path: ['chave_privada'], message: problema });
  });

const autenticacaoSchema = z.discriminatedUnion(
  'tipo',
  [
    z.strictObject({ tipo: z.literal('nenhuma') }, semCamposExtras),
    z.strictObject({ tipo: z.literal('bearer'), token: segredoDeCabecalho }, semCamposExtras),
    z.strictObject({ tipo: z.literal('api_key'), token: segredoDeCabecalho }, semCamposExtras),
    z.strictObject({ tipo: z.literal('x_api_key'), token: segredoDeCabecalho }, semCamposExtras),
    z.strictObject(
      {
        tipo: z.literal('basic'),
        usuario: segredo.refine((u) => !u.includes(':'), 'nao pode conter ":"'),
        senha: segredo,
      },
      semCamposExtras,
    ),
    jwtSchema,
    z.strictObject(
      {
        tipo: z.literal('hmac'),
        token: segredoDeCabecalho,
        /**
         * valor_fixo: `Authorization: HMAC <token>`, the only form BMP documents. assinatura_corpo:
         * hex HMAC-SHA256 of the raw body keyed by the token (our option; BMP does not say it signs).
         */
        modo: hmacMode.default('valor_fixo'),
      },
      semCamposExtras,
    ),
  ],
  { error: `deve ser um de: ${TIPOS_AUTENTICACAO.join(', ')}` },
);

/**
 * Where and how the sandbox calls, as a partner asks BMP's integration team to configure it.
 * Timeout and retry spacing are ours: BMP publishes neither (research B.7), only "ate 3 tentativas".
 */
export const destinoSchema = z.strictObject(
  {
    url: z.url({ protocol: /^https?$/, error: 'deve ser uma URL http ou https' }),
    metodo: z.enum(['GET', 'POST', 'PUT'], 'deve ser GET, POST ou PUT').default('POST'),
    autenticacao: autenticacaoSchema.default({ tipo: 'nenhuma' }),
    /** portugues: proposta/situacao/identificador; ingles: proposal/status/identifier. */
    nomes: z.enum(['portugues', 'ingles'], 'deve ser portugues ou ingles').default('portugues'),
    timeout_ms: inteiro(1, 120_000).default(10_000),
    /** One entry per retry, waited after the failed attempt before it. */
    espera_retentativas_ms: z
      .array(inteiro(0, 3_600_000), 'deve ser uma lista de numeros')
      .max(3, 'o BMP faz no maximo 3 retentativas')
      .default([1_000, 5_000, 30_000]),
  },
  semCamposExtras,
);

export type Destino = z.output<typeof destinoSchema>;
export type Autenticacao = Destino['autenticacao'];
export type AutenticacaoJwt = z.output<typeof jwtSchema>;

export const MASCARA = '********';
const CAMPOS_SECRETOS = new Set(['token', 'senha', 'chave_privada']);

/** What GET /__sandbox/destino and the CLI show: secrets and secret-looking URL parts masked. */
export function mascararDestino(destino: Destino): Record<string, unknown> {
  const autenticacao = Object.fromEntries(
    Object.entries(destino.autenticacao).map(([campo, valor]) => [
      campo,
      CAMPOS_SECRETOS.has(campo) && valor !== undefined ? MASCARA : valor,
    ]),
  );
  return { ...destino, url: mascararUrl(destino.url), autenticacao };
}

/** The callback's own query parameters, in both spellings: everything else may be a secret. */
const PARAMETROS_DO_CALLBACK = new Set([
  'proposta',
  'situacao',
  'identificador',
  'proposal',
  'status',
  'identifier',
]);
/**
 * A path segment this long is taken for a token, whatever its characters: credgate's are 43
 * base64url characters, and about 1 in 1,500 of those has no digit.
 */
const SEGMENTO_SECRETO_MIN = 16;

/** Masks the password, token-like path segments and foreign query values of a URL. */
export function mascararUrl(texto: string): string {
  let url: URL;
  try {
    url = new URL(texto);
  } catch {
    return MASCARA;
  }
  if (url.password) url.password = MASCARA;
  url.pathname = url.pathname
    .split('/')
    .map((segmento) => (segmento.length >= SEGMENTO_SECRETO_MIN ? MASCARA : segmento))
    .join('/');
  for (const nome of [...url.searchParams.keys()]) {
    if (!PARAMETROS_DO_CALLBACK.has(nome.toLowerCase())) url.searchParams.set(nome, MASCARA);
  }
  return url.toString();
}
