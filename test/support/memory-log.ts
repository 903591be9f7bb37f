import { createLogger, type Logger } from '../../src/infra/logging/create-logger.js';

/** A real logger (same redaction and masking as production) writing into memory. */
export function memoryLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: { write: (line: string) => void lines.push(line) },
  });
  return { logger, lines };
}
