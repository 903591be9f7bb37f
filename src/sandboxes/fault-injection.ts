import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Live, mutable fault settings of one sandbox; read again on every request. */
export interface FaultSettings {
  /** Fixed delay added before every answer. */
  latencyMs: number;
  /** Up to this much extra delay, uniformly drawn per request. */
  latencyJitterMs: number;
  /** Probability (0..1) of answering `errorStatus` instead of the real route. */
  errorRate: number;
  /** Probability (0..1) of never answering: the request hangs until the client gives up. */
  timeoutRate: number;
  /** Status of injected errors (400..599). */
  errorStatus: number;
}

/** Requests to the sandbox's own control routes are never faulted. */
export const CONTROL_PATH_MARKER = '/__sandbox';

/**
 * Adds an `onRequest` hook to `app` (and its encapsulated children) that injects latency, hangs
 * and errors according to `faults`. Hung requests are hijacked and left unanswered; their sockets
 * are destroyed when the server closes, so `close()` never waits on them.
 */
export function installFaultInjection(
  app: FastifyInstance,
  faults: FaultSettings,
  random: () => number = Math.random,
): void {
  const hung = new Set<FastifyReply>();

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.includes(CONTROL_PATH_MARKER)) return;

    const delay =
      faults.latencyMs + (faults.latencyJitterMs > 0 ? random() * faults.latencyJitterMs : 0);
    if (delay > 0) await sleep(delay);

    if (faults.timeoutRate > 0 && random() < faults.timeoutRate) {
      reply.hijack();
      hung.add(reply);
      reply.raw.once('close', () => hung.delete(reply));
      return;
    }

    if (faults.errorRate > 0 && random() < faults.errorRate) {
      const status = faults.errorStatus;
      return reply.code(status).send({ sandbox: 'falha injetada', status });
    }
  });

  // `preClose` runs before the HTTP server stops accepting and waits for open requests; `onClose`
  // only after, so hung sockets must go here or `close()` would wait for clients to give up.
  const releaseHung = async (): Promise<void> => {
    for (const reply of hung) reply.raw.destroy();
    hung.clear();
  };
  app.addHook('preClose', releaseHung);
  app.addHook('onClose', releaseHung);
}
