import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import type { SandboxDefinition } from '../../../src/providers/contract.js';
import {
  defaultFaults,
  sandboxPlugin,
  type FaultSettings,
} from '../../../src/sandboxes/sandbox-plugin.js';

/** A request as it reached the sandbox, before any injected fault. */
export interface Arrival {
  /** ms epoch */
  at: number;
  method: string;
  /** Path and query. */
  url: string;
}

export interface ObservedSandbox {
  url: string;
  faults: FaultSettings;
  /** Every wire request (control routes excluded), in arrival order. */
  arrivals: Arrival[];
  /** Calls a control route (`/__sandbox/...`), throwing on a non-2xx. */
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/**
 * A provider sandbox with a witness in front of its fault injection: every request that reaches
 * it is recorded, including those then failed, hung or delayed on purpose, which the sandbox's
 * own records never see. That is what rate and backoff assertions count.
 */
export async function startObservedSandbox(
  definition: SandboxDefinition,
): Promise<ObservedSandbox> {
  const faults = defaultFaults();
  const arrivals: Arrival[] = [];
  const app = Fastify({ forceCloseConnections: true });
  app.addHook('onRequest', async (request) => {
    if (!request.url.includes('/__sandbox')) {
      arrivals.push({ at: Date.now(), method: request.method, url: request.url });
    }
  });
  await app.register(sandboxPlugin(definition, faults));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    url,
    faults,
    arrivals,
    async control<T>(method: string, path: string, body?: unknown) {
      const response = await fetch(`${url}/__sandbox${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) {
        throw new Error(`sandbox ${method} ${path}: ${response.status} ${await response.text()}`);
      }
      return (await response.json()) as T;
    },
    close: () => app.close(),
  };
}
