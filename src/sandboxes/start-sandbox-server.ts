import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import type { SandboxDefinition } from '../providers/contract.js';
import type { FaultSettings } from './fault-injection.js';
import { defaultFaults, sandboxPlugin } from './sandbox-plugin.js';

export interface SandboxServerOptions {
  /** Interface to listen on; `127.0.0.1` unless told. */
  host?: string;
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Initial faults; anything left out is fault-free. */
  faults?: Partial<FaultSettings>;
  /** Fastify's logger; off unless asked. */
  logger?: boolean;
  /**
   * Serve HTTPS (PEM). With `ca`, a client certificate signed by it is required, as a
   * host-to-host server that issues its customers certificates would.
   */
  tls?: { cert: string; key: string; ca?: string };
}

export interface SandboxServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:54321`. */
  url: string;
  /** The live settings: mutating them changes the server's behaviour at once. */
  faults: FaultSettings;
  close(): Promise<void>;
}

/** Starts a provider's sandbox alone on its own Fastify instance. */
export async function startSandboxServer(
  definition: SandboxDefinition,
  options: SandboxServerOptions = {},
): Promise<SandboxServer> {
  const faults = defaultFaults(options.faults);
  // A sandbox owes its clients nothing at shutdown: open and hung connections are cut at once.
  const app = Fastify({
    logger: options.logger ?? false,
    forceCloseConnections: true,
    ...(options.tls && {
      https: {
        cert: options.tls.cert,
        key: options.tls.key,
        ca: options.tls.ca,
        requestCert: options.tls.ca !== undefined,
        rejectUnauthorized: options.tls.ca !== undefined,
      },
    }),
  });
  await app.register(sandboxPlugin(definition, faults));
  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });

  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${address.port}`,
    faults,
    close: async () => {
      await app.close();
    },
  };
}
