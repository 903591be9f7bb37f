import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One message as the host received it, checked on arrival as a host would check it. */
export interface Received {
  webhookId: string;
  body: string;
  headers: IncomingHttpHeaders;
  /** Why the reference library refused it (signature or timestamp), or null. */
  refused: string | null;
}

export interface HostEndpoint {
  url: string;
  received: Received[];
  /** The secret credgate answered at registration; messages before it are refused. */
  trust(secret: string): void;
  close(): Promise<void>;
}

/**
 * The host system's webhook endpoint: verifies each message with the reference
 * `standardwebhooks` library when it arrives (its timestamp check is against the clock of that
 * moment) and answers 200.
 */
export async function startHostEndpoint(): Promise<HostEndpoint> {
  const received: Received[] = [];
  let verifier: Webhook | undefined;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (part: string) => (body += part));
    req.on('end', () => {
      let refused: string | null = null;
      try {
        if (!verifier) throw new Error('no secret yet');
        verifier.verify(body, req.headers as Record<string, string>);
      } catch (error) {
        refused = (error as Error).message;
      }
      received.push({
        webhookId: String(req.headers['webhook-id']),
        body,
        headers: req.headers,
        refused,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/credgate`,
    received,
    trust(secret) {
      verifier = new Webhook(secret);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
