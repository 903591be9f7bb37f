import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recebida {
  metodo: string;
  caminho: string;
  query: Record<string, string>;
  cabecalhos: IncomingMessage['headers'];
  corpo: string;
}

/** Answers each request by its number (from 1): a status, or `pendurar` to never answer. */
export type Roteiro = (numero: number) => number | 'pendurar';

/** A callback receiver on 127.0.0.1 that records every request. */
export async function iniciarReceptor(roteiro: Roteiro = () => 200) {
  const recebidas: Recebida[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let corpo = '';
    req.setEncoding('utf8');
    req.on('data', (parte: string) => (corpo += parte));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://receptor');
      recebidas.push({
        metodo: req.method ?? '',
        caminho: url.pathname,
        query: Object.fromEntries(url.searchParams),
        cabecalhos: req.headers,
        corpo,
      });
      const acao = roteiro(recebidas.length);
      if (acao === 'pendurar') return;
      res.statusCode = acao;
      res.end(acao < 300 ? '{"recebido":true}' : 'falha do receptor');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    recebidas,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type Receptor = Awaited<ReturnType<typeof iniciarReceptor>>;
