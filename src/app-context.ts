import type { Config } from './infra/config/config-schema.js';
import type { Clock } from './infra/clock.js';
import type { SecretBox } from './infra/crypto/secret-box.js';
import type { Database } from './infra/db/connect-database.js';
import type { Logger } from './infra/logging/create-logger.js';
import type { JobQueue } from './infra/queue/job-queue.js';
import type { WakeSignal } from './infra/queue/wake-signal.js';
import type { RateLimiter } from './infra/rate-limiter.js';
import type { ProviderRegistry } from './providers/registry.js';
import type { PdfPrinter } from './reports/print-pdf.js';
import type { ProviderClients } from './use-cases/integracoes/provider-clients.js';

/** Everything use cases, jobs and routes depend on, built once by the composition root. */
export interface AppContext {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
  secretBox: SecretBox;
  providers: ProviderRegistry;
  jobs: JobQueue;
  providerClients: ProviderClients;
  pdf: PdfPrinter;
  wake: WakeSignal;
  /** Spaces calls to providers that are polled (per process). */
  rateLimiter: RateLimiter;
  /** Where this process's HTTP server listens; set by startServer once bound (port 0 in tests). */
  httpAddress: { url: string };
  /** Base URL the providers reach us at, for inbound URLs (no trailing slash). */
  publicUrl(): string;
}
