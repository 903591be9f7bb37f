import pino from 'pino';
import { maskDocumentsInText } from '../../domain/documents.js';

export type Logger = pino.Logger;

export interface CreateLoggerOptions {
  level?: string;
  /** Where lines go; stdout when omitted. Tests pass an in-memory stream. */
  destination?: pino.DestinationStream;
  /** Pretty printing is deliberately not done in-process: pipe the output to pino-pretty. */
  pretty?: false;
}

export const REDACTION_CENSOR = '[redacted]';

// Credentials can sit under any key of whatever object gets logged (a provider config, a request
// body, an error's context). Matched case-insensitively, because header and config spellings vary
// (`Authorization`, `TokenSH`).
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'x-api-key',
  'api-key',
  'password',
  'senha',
  'secret',
  'token',
  'tokenSH',
  'client_secret',
  'senha_consulta',
  'senha_pefin',
  'accessToken',
  'masterKey',
  'apiKey',
] as const;
const SECRET_KEY_SET: ReadonlySet<string> = new Set(SECRET_KEYS.map((key) => key.toLowerCase()));

// Pino's own redaction only gets literal paths: top-level keys, and request headers, which only
// exist after the `req` serializer has run. Nested keys are redacted by `sanitizeForLog` in the
// same walk that masks documents: pino's wildcard paths (`*.password`, `*.*.password`, ...) were
// measured at ~9/21/42 µs per line for 1/2/3 wildcard levels over these 15 keys, against ~1 µs
// for the walk, which also reaches the full masking depth instead of 3 levels.
const REDACT_PATHS = [
  ...SECRET_KEYS.map((key) => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`)),
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["api-key"]',
  'req.headers.tokensh',
  'req.headers.password',
];

// Deep enough for request bodies and provider payloads; bounded so a cyclic or huge structure
// cannot make a log call expensive.
const MAX_SANITIZE_DEPTH = 6;

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Masks CPF/CNPJ in every string and redacts secret keys, through plain objects and arrays.
 * Copy-on-write: the caller's object is never mutated and, when nothing needed hiding, the very
 * same reference comes back, so the common log line allocates nothing. Class instances (requests,
 * errors, buffers) are left to their serializers, which know their shape.
 */
export function sanitizeForLog(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskDocumentsInText(value);
  if (value === null || typeof value !== 'object' || depth >= MAX_SANITIZE_DEPTH) return value;
  if (Array.isArray(value)) return sanitizeArray(value as unknown[], depth);
  return isPlainObject(value) ? sanitizePlainObject(value, depth) : value;
}

function sanitizeArray(value: unknown[], depth: number): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    const sanitized = sanitizeForLog(item, depth + 1);
    if (sanitized !== item) {
      copy ??= value.slice();
      copy[i] = sanitized;
    }
  }
  return copy ?? value;
}

function sanitizePlainObject(
  value: Record<string, unknown>,
  depth: number,
): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const item = value[key];
    const sanitized =
      item !== undefined && SECRET_KEY_SET.has(key.toLowerCase())
        ? REDACTION_CENSOR
        : sanitizeForLog(item, depth + 1);
    if (sanitized !== item) {
      copy ??= { ...value };
      copy[key] = sanitized;
    }
  }
  return copy ?? value;
}

// Matches the token segment of inbound provider callbacks: `/callbacks/<provider>/<token>`.
const CALLBACK_TOKEN = /(\/callbacks\/[^/?#]+\/)([^/?#]+)/i;
// Shorter tokens would be mostly revealed by their first 4 characters.
const MIN_TOKEN_LENGTH_FOR_HINT = 9;

/**
 * The callback token is the provider's credential, and request URLs end up in access logs, so
 * only its first 4 characters are kept (enough to tell integrations apart). The rest of the URL is
 * kept, with documents masked, since callbacks and queries often carry a CPF/CNPJ.
 */
export function maskUrlSecrets(url: string): string {
  const hidden = url.replace(CALLBACK_TOKEN, (_match, prefix: string, token: string) => {
    const hint = token.length >= MIN_TOKEN_LENGTH_FOR_HINT ? token.slice(0, 4) : '';
    return `${prefix}${hint}…`;
  });
  return maskDocumentsInText(hidden);
}

export interface RequestLike {
  method?: string;
  url?: string;
  ip?: string;
  socket?: { remoteAddress?: string } | null;
}

export interface SerializedRequest {
  method: string | undefined;
  url: string | undefined;
  remoteAddress: string | undefined;
}

/** For `serializers.req`: headers are left out on purpose, they are where credentials travel. */
export function serializeRequest(req: RequestLike): SerializedRequest {
  return {
    method: req.method,
    url: req.url === undefined ? undefined : maskUrlSecrets(req.url),
    remoteAddress: req.ip ?? req.socket?.remoteAddress,
  };
}

// Error messages are a common way for a document to reach a log ("CPF 529... não encontrado"
// from a provider), and errors often carry the failed request's config with its credentials;
// errors are not plain objects, so they get sanitized after serialization.
// Only what the standard serializer built for this line is edited in place (the serialized error,
// its nested serialized errors and the aggregateErrors array); anything else hanging off the error
// belongs to the caller and is only masked through copies.
const MAX_ERROR_DEPTH = 3;

function maskSerializedError(serialized: Record<string, unknown>, proto: unknown, depth: number) {
  const isSerializedError = (value: unknown): value is Record<string, unknown> =>
    value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === proto;
  for (const key of Object.keys(serialized)) {
    const value = serialized[key];
    if (isSerializedError(value)) {
      if (depth < MAX_ERROR_DEPTH) maskSerializedError(value, proto, depth + 1);
    } else if (key === 'aggregateErrors' && Array.isArray(value)) {
      for (const item of value as unknown[]) {
        if (isSerializedError(item) && depth < MAX_ERROR_DEPTH) {
          maskSerializedError(item, proto, depth + 1);
        }
      }
    } else {
      const masked = sanitizeForLog(value, 1);
      if (masked !== value) serialized[key] = masked;
    }
  }
}

export function serializeError(err: unknown): unknown {
  const serialized = pino.stdSerializers.err(err as Error) as unknown;
  // Not error-like: the standard serializer hands the value back untouched.
  if (serialized === err || serialized === null || typeof serialized !== 'object') {
    return sanitizeForLog(serialized);
  }
  maskSerializedError(serialized as Record<string, unknown>, Object.getPrototypeOf(serialized), 0);
  return serialized;
}

const MESSAGE_KEY = 'msg';

// Only string arguments and interpolation values need sanitizing here: the merging object (first
// argument) goes through `formatters.log`. When pino would take the message from an error, the
// masked message is passed explicitly instead.
function sanitizeLogArguments(
  this: pino.Logger,
  args: Parameters<pino.LogFn>,
  method: pino.LogFn,
): void {
  const masked: unknown[] = args.map((arg: unknown, index) =>
    typeof arg === 'string' || index > 0 ? sanitizeForLog(arg) : arg,
  );
  if (masked.length === 1) {
    const first = masked[0];
    if (first instanceof Error) {
      masked.push(maskDocumentsInText(first.message));
    } else if (first !== null && typeof first === 'object') {
      const { err } = first as { err?: unknown };
      const hasMessage = (first as Record<string, unknown>)[MESSAGE_KEY] !== undefined;
      if (err instanceof Error && !hasMessage) masked.push(maskDocumentsInText(err.message));
    }
  }
  method.apply(this, masked as Parameters<pino.LogFn>);
}

export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const loggerOptions: pino.LoggerOptions = {
    level: options.level ?? 'info',
    messageKey: MESSAGE_KEY,
    redact: { paths: REDACT_PATHS, censor: REDACTION_CENSOR },
    serializers: { req: serializeRequest, err: serializeError },
    formatters: { log: (object) => sanitizeForLog(object) as Record<string, unknown> },
    hooks: { logMethod: sanitizeLogArguments },
  };
  const logger = options.destination
    ? pino(loggerOptions, options.destination)
    : pino(loggerOptions);
  return sanitizeChildBindings(logger);
}

// Pino serializes child bindings once, at `child()` time, and skips `formatters.log` for them
// (`formatters.bindings` only ever sees the root's pid/hostname), so a `child({ cpf })` would
// print the raw document on every line. Child loggers inherit from their parent through the
// prototype chain, so overriding `child` on the root covers every descendant.
type ChildFactory = (
  this: Logger,
  bindings: pino.Bindings,
  options?: pino.ChildLoggerOptions,
) => Logger;

function sanitizeChildBindings(logger: Logger): Logger {
  // Read reflectively: the original is re-invoked with each descendant as `this`, never detached.
  const originalChild = Reflect.get(logger, 'child') as unknown as ChildFactory;
  const child: ChildFactory = function (bindings, options) {
    return originalChild.call(this, sanitizeForLog(bindings) as pino.Bindings, options);
  };
  logger.child = child as unknown as Logger['child'];
  return logger;
}
