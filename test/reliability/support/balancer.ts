import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Balancer {
  /** Base URL (no trailing slash) every client and provider is given. */
  url: string;
  /** Requests answered 502 because the backend failed after the request reached it. */
  readonly cut: number;
  /** Requests moved to the next backend because the chosen one refused the connection. */
  readonly failedOver: number;
  close(): Promise<void>;
}

/**
 * A round-robin HTTP load balancer in front of credgate's `serve` processes, as a deployment has
 * one: a refused connection (a dead process) goes to the next backend, as nginx and HAProxy do; a
 * request that reached a backend which then died gets a 502, and the sender has to retry (a
 * balancer cannot know whether the backend acted).
 */
export async function startBalancer(backends: readonly string[]): Promise<Balancer> {
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  let next = 0;
  let cut = 0;
  let failedOver = 0;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const first = next++ % backends.length;
      const attempt = (tried: number): void => {
        const target = new URL(req.url ?? '/', backends[(first + tried) % backends.length]);
        const upstream = httpRequest(
          target,
          { method: req.method, headers: { ...req.headers, host: target.host }, agent },
          (answer: IncomingMessage) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            answer.on('error', () => res.destroy());
          },
        );
        upstream.on('error', (error: NodeJS.ErrnoException) => {
          if (res.headersSent) return void res.destroy();
          if (error.code === 'ECONNREFUSED' && tried + 1 < backends.length) {
            failedOver++;
            return attempt(tried + 1);
          }
          cut++;
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(`balancer: ${error.code ?? error.message}`);
        });
        upstream.end(body);
      };
      attempt(0);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get cut() {
      return cut;
    },
    get failedOver() {
      return failedOver;
    },
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
