import type { z } from 'zod';

/**
 * A refusal the caller can fix: it becomes `{ erro: { codigo, mensagem, campo } }` with `status`.
 * Anything else thrown is a failure and leaves the API as an opaque 500.
 */
export class RequestError extends Error {
  override name = 'RequestError';

  constructor(
    readonly status: number,
    readonly codigo: string,
    mensagem: string,
    readonly campo?: string,
    /** Per-field issues of a 400, or what the caller needs next (the id of an existing resource). */
    readonly detalhes?: unknown,
  ) {
    super(mensagem);
  }
}

/**
 * A 503 the same request may overcome later (a provider down or rate-limiting): answered with
 * `Retry-After`, so a client waits as long as the provider asked rather than guessing.
 */
export class TryLaterError extends RequestError {
  override name = 'TryLaterError';

  constructor(
    codigo: string,
    mensagem: string,
    readonly retryAfterSeconds: number,
  ) {
    super(503, codigo, mensagem);
  }
}

/** The wait suggested to the client when the provider named none. */
const PROVIDER_RETRY_AFTER_MS = 10_000;

/** A provider down or rate-limiting, as the API answers it: 503 with the provider's wait, if any. */
export function providerUnavailable(mensagem: string, retryAfterMs?: number): TryLaterError {
  const seconds = Math.ceil((retryAfterMs ?? PROVIDER_RETRY_AFTER_MS) / 1000);
  return new TryLaterError('provedor_indisponivel', mensagem, Math.max(1, seconds));
}

/** Each resource a 404 can name, with its grammatical gender: "lote ... nao encontrado". */
const GENERO = {
  alerta: 'o',
  consulta: 'a',
  evento: 'o',
  integracao: 'a',
  job: 'o',
  lote: 'o',
  negativacao: 'a',
  pagamento: 'o',
  proposta: 'a',
  webhook: 'o',
} as const;

export type Recurso = keyof typeof GENERO;

/** `campo` names the body or query field that referred to it; a path id needs none. */
export function notFound(recurso: Recurso, id: string, campo?: string): RequestError {
  return new RequestError(
    404,
    'nao_encontrado',
    `${recurso} ${id} nao encontrad${GENERO[recurso]}`,
    campo,
  );
}

/** Turns zod issues into a 400 naming the first offending field (with `prefix`), listing all. */
export function invalidInput(error: z.ZodError, prefix?: string): RequestError {
  const detalhes = error.issues.map((issue) => ({
    campo: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || (prefix ?? 'corpo'),
    mensagem: issue.message,
  }));
  const first = detalhes[0];
  return new RequestError(
    400,
    'campo_invalido',
    `${first.campo}: ${first.mensagem}`,
    first.campo,
    detalhes,
  );
}
