import { z } from 'zod';

const flag = z.union([z.boolean(), z.stringbool()]);
const port = z.coerce.number().int().min(0).max(65535);
const positiveMs = z.coerce.number().int().positive();

/**
 * Every setting with its default. Each leaf can come from the config file (same nesting) or from
 * an environment variable named CREDGATE_ + the path in SCREAMING_SNAKE_CASE
 * (`http.bodyLimitBytes` → `CREDGATE_HTTP_BODY_LIMIT_BYTES`). The README's configuration
 * reference lists them all.
 */
export const configSchema = z.object({
  /** demo: embedded sandboxes + seeded integrations; production: neither. */
  mode: z.enum(['demo', 'production']).optional(),
  dataDir: z.string().min(1).default('./data'),
  /** postgres://… selects PostgreSQL; unset means the SQLite file `<dataDir>/credgate.db`. */
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** Base64 of 32 bytes. Unset: a key file `<dataDir>/master.key` (mode 0600) is created. */
  masterKey: z.string().optional(),
  /** Creates this API key at start when no key exists yet (for automation). */
  bootstrapApiKey: z.string().min(24, 'must be at least 24 characters').optional(),
  allowPrivateWebhooks: flag.default(false),
  http: z
    .object({
      host: z.string().default('127.0.0.1'),
      port: port.default(3000),
      /** Base URL providers use to reach us; inbound URLs shown by the API start with it. */
      publicUrl: z.url().optional(),
      bodyLimitBytes: z.coerce.number().int().positive().default(1_048_576),
      inboundBodyLimitBytes: z.coerce.number().int().positive().default(262_144),
      /**
       * A request not fully received within this time is answered 408 and its connection closed,
       * so slow senders (slow-loris) cannot hold connections open, ms.
       */
      requestTimeoutMs: positiveMs.default(30_000),
      /**
       * How long an `Idempotency-Key` stays `em_andamento` before a retry may take it over and run
       * the request again, ms. Longer than any request runs, or a slow request would be run twice
       * while it is still going; shorter is better for clients whose request died with its process.
       */
      idempotencyLeaseMs: positiveMs.default(60_000),
      trustProxy: flag.default(false),
    })
    .refine((http) => http.idempotencyLeaseMs > http.requestTimeoutMs, {
      path: ['idempotencyLeaseMs'],
      message: 'must be greater than http.requestTimeoutMs',
    })
    .prefault({}),
  log: z
    .object({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    })
    .prefault({}),
  queue: z
    .object({
      /** Jobs one worker process runs at the same time. */
      concurrency: z.coerce.number().int().min(1).max(200).default(10),
      /**
       * Jobs applying inbound events (webhooks) at the same time, on their own queue. Larger than
       * `concurrency` so that, when the CPU is saturated, confirmations keep up with transmissions.
       */
      inboundConcurrency: z.coerce.number().int().min(1).max(200).default(16),
      /** Safety-net poll; normal wake-up is immediate (in-process signal, LISTEN/NOTIFY). */
      pollIntervalMs: positiveMs.default(1000),
      /** A claimed job not finished or heartbeated within this time is considered abandoned. */
      leaseMs: positiveMs.default(60_000),
      maxAttempts: z.coerce.number().int().min(1).default(20),
      backoffBaseMs: positiveMs.default(1000),
      backoffMaxMs: positiveMs.default(3_600_000),
    })
    .prefault({}),
  negativacao: z
    .object({
      /**
       * After a transmission with unknown outcome (timeout, crash), how long to wait for the
       * provider's webhook (matched by creditor + debtor + contract) before sending again.
       */
      janelaReconciliacaoMs: positiveMs.default(30 * 60_000),
      /** A transmission without confirmation after this long is flagged and alerted. */
      prazoConfirmacaoMs: positiveMs.default(24 * 3_600_000),
      /** Wait before retrying a removal the provider answered with an error. */
      retentativaBaixaMs: positiveMs.default(15 * 60_000),
      maxTentativasBaixa: z.coerce.number().int().min(1).default(5),
    })
    .prefault({}),
  acompanhamento: z
    .object({
      /** Polls of providers without webhooks, all integrations together, per second and process. */
      limiteGlobalPorSegundo: z.coerce.number().positive().default(50),
    })
    .prefault({}),
  /** Chromium used to print reports to PDF; unset: /usr/bin/chromium and friends. */
  chromiumPath: z.string().optional(),
  sandbox: z
    .object({
      latencyMs: z.coerce.number().int().min(0).default(0),
      errorRate: z.coerce.number().min(0).max(1).default(0),
      timeoutRate: z.coerce.number().min(0).max(1).default(0),
    })
    .prefault({}),
});

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema> & { mode: 'demo' | 'production' };
