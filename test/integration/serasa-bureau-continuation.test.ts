import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeRequestText } from '../../src/providers/serasa-bureau/b49c/index.js';
import { createSerasaBureauSandbox } from '../../src/providers/serasa-bureau/sandbox.js';
import {
  B49cProtocolError,
  sendConsulta,
  type B49cConnection,
} from '../../src/providers/serasa-bureau/send-consulta.js';
import { ProviderUnavailableError } from '../../src/providers/exchange.js';
import {
  startSandboxServer,
  type SandboxServer,
} from '../../src/sandboxes/start-sandbox-server.js';
import { testBackend } from '../support/test-database.js';

/** A host in front of the sandbox that fails the requests the test scripts (by FUNCAO). */
interface Faulty {
  url: string;
  /** Per FUNCAO (INI, CON): the statuses to answer before forwarding; 0 = cut the connection. */
  script: Map<string, number[]>;
  seen: string[];
  close(): Promise<void>;
}

async function faultyHost(target: string): Promise<Faulty> {
  const script = new Map<string, number[]>();
  const seen: string[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('latin1');
      // p = 24 bytes of login, then the header; FUNCAO at header bytes 58-60.
      const funcao = decodeURIComponent(body.slice(2)).slice(24 + 57, 24 + 60);
      seen.push(funcao);
      const next = script.get(funcao)?.shift();
      if (next === 0) return request.socket.destroy();
      if (next !== undefined) return response.writeHead(next).end('indisponivel');
      void fetch(target + request.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      }).then(async (answer) => {
        response.writeHead(answer.status, { 'content-type': 'text/plain' });
        response.end(Buffer.from(await answer.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    script,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// No database: runs in the sqlite project only.
describe.runIf(testBackend() === 'sqlite')('B49C conversation: continuation and retries', () => {
  let sandbox: SandboxServer;
  let host: Faulty;
  const connection = (overrides: Partial<B49cConnection> = {}): B49cConnection => ({
    url: `${host.url}/Homologa/consultahttps`,
    metodo: 'POST',
    timeoutMs: 5000,
    maxContinuacoes: 10,
    logon: 'DEMO0001',
    senha: 'demo1234',
    ...overrides,
  });
  const pedido = (documento: string) =>
    encodeRequestText({ B49C_NUM_DOC: documento, B49C_TIPO_PESSOA: 'F' });

  beforeAll(async () => {
    sandbox = await startSandboxServer(createSerasaBureauSandbox());
    host = await faultyHost(sandbox.url);
  });
  afterAll(async () => {
    await host?.close();
    await sandbox?.close();
  });

  it('joins the parts into one response: every record once, the last header and T999', async () => {
    host.seen.length = 0;
    const { resposta, partes } = await sendConsulta(connection(), pedido('00000000353'));
    expect(partes).toBe(2);
    expect(host.seen).toEqual(['INI', 'CON']);
    expect(resposta.funcao).toBe('FIM');
    expect(resposta.registros.filter((r) => r.registro === 'B354')).toHaveLength(150);
    expect(resposta.trailer?.mensagem).toBe('PROCESSO ENCERRADO NORMALMENTE');
  });

  it('retries a failed continuation (not billable) and gets the same answer', async () => {
    host.seen.length = 0;
    host.script.set('CON', [503, 0]);
    const { resposta, trocas } = await sendConsulta(connection(), pedido('00000000353'));
    expect(host.seen).toEqual(['INI', 'CON', 'CON', 'CON']);
    expect(resposta.registros.filter((r) => r.registro === 'B354')).toHaveLength(150);
    expect(trocas.map((troca) => troca.resposta?.status ?? troca.falha)).toEqual([
      200,
      503,
      'rede',
      200,
    ]);
  });

  it('never resends INI: a cut connection is reported as possibly processed', async () => {
    host.seen.length = 0;
    host.script.set('INI', [0]);
    const error = await sendConsulta(connection(), pedido('00000000191')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect((error as ProviderUnavailableError).ambigua).toBe(true);
    expect(host.seen).toEqual(['INI']);
  });

  it('stops at max_continuacoes instead of following the host forever', async () => {
    const error = await sendConsulta(
      connection({ maxContinuacoes: 0 }),
      pedido('00000000353'),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(B49cProtocolError);
    expect((error as Error).message).toContain('max_continuacoes');
  });

  it('a body that is not a B49C string is a protocol error with the exchange kept', async () => {
    const error = await sendConsulta(
      connection({ url: `${sandbox.url}/` }),
      pedido('00000000191'),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(B49cProtocolError);
    expect((error as B49cProtocolError).trocas).toHaveLength(1);
  });

  it('a request the host cannot serve comes back as B901 code and record pairs', async () => {
    const bad = encodeRequestText({
      B49C_NUM_DOC: '00000000191',
      B49C_TIPO_PESSOA: 'X',
      B49C_FUNCAO: 'INI',
    });
    const { resposta } = await sendConsulta(connection(), bad);
    expect(resposta.situacao).toBe('erro');
    expect(resposta.funcao).toBe('ERR');
    expect(resposta.erros).toEqual([{ origem: 'B901', codigo: '1005', registro: 'B49C' }]);
    const funcao = encodeRequestText({ B49C_NUM_DOC: '00000000191', B49C_FUNCAO: 'XYZ' });
    expect((await sendConsulta(connection(), funcao)).resposta.erros).toEqual([
      { origem: 'B901', codigo: '1030', registro: 'B49C' },
    ]);
  });
});
