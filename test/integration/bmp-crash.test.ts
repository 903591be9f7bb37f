import { afterEach, describe, expect, it } from 'vitest';
import { createBmpSandbox } from '../../src/providers/bmp/sandbox.js';
import {
  startSandboxServer,
  type SandboxServer,
} from '../../src/sandboxes/start-sandbox-server.js';
import { freePort } from '../support/free-port.js';
import { appProcesses, type AppProcesses } from '../support/spawn-child.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN = 'token-do-callback-bmp-0123456789';

interface Tentativa {
  status?: number;
  erro?: string;
}

// credgate stores a BMP callback, commits, and dies before answering. BMP (the sandbox) sees no
// answer and retries; the restarted credgate stores the retry too. Nothing is lost, and the
// proposal moves once.
describe('crash between storing a BMP callback and answering it', () => {
  let testDb: TestDatabase | undefined;
  let sandbox: SandboxServer | undefined;
  let processes: AppProcesses | undefined;
  afterEach(async () => {
    await processes?.close();
    await sandbox?.close();
    await testDb?.cleanup();
  });

  it('keeps the callback, takes the retry as a duplicate, and applies the status once', async () => {
    testDb = await createTestDatabase();
    sandbox = await startSandboxServer(createBmpSandbox());
    processes = appProcesses(testDb.location, { port: await freePort() });
    const { apiKey, start } = processes;
    const control = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${sandbox!.url}/__sandbox${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect(response.ok, await response.clone().text()).toBe(true);
      return response.json();
    };

    const first = await start({ TEST_CRASH_AFTER_STORE: '1' });
    const created = await fetch(`${first.url}/v1/integracoes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        provedor: 'bmp',
        ambiente: 'homologacao',
        descricao: 'BMP com queda',
        credenciais: { recebimento: { token: TOKEN } },
        configuracoes: { recebimento: { autenticacao: 'bearer', metodos: ['POST'] } },
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const { url_recebimento: url } = (await created.json()) as { url_recebimento: string };
    // Retries spaced so the restarted process is listening by the second or third.
    await control('PUT', '/destino', {
      url,
      metodo: 'POST',
      autenticacao: { tipo: 'bearer', token: TOKEN },
      espera_retentativas_ms: [3000, 5000, 10000],
      timeout_ms: 5000,
    });
    const { proposta } = (await control('POST', '/propostas', { situacoes: [9] })) as {
      proposta: string;
    };

    await waitFor(
      () => first.child.process.exitCode !== null || first.child.process.signalCode !== null,
      'the first process to die after storing the callback',
      20_000,
    );
    await start();

    const tentativas = await waitFor(
      async () => {
        const { propostas } = (await control('GET', '/registros')) as {
          propostas: Array<{ proposta: string; callbacks: Array<{ tentativas: Tentativa[] }> }>;
        };
        const lista = propostas.find((p) => p.proposta === proposta)?.callbacks[0]?.tentativas;
        return lista?.some((t) => t.status === 200) ? lista : null;
      },
      'a retry answered 200 by the restarted process',
      30_000,
    );
    // The first attempt got no answer at all: the process died holding it.
    expect(tentativas[0].status).toBeUndefined();
    expect(tentativas[0].erro).toBeDefined();

    const db = testDb.database.db;
    const stored = await db
      .selectFrom('eventos_entrada')
      .select(['id', 'veredito'])
      .where('provedor', '=', 'bmp')
      .execute();
    // The callback the dead process stored, and the retry that was answered.
    expect(stored.length).toBe(2);
    expect(stored.every((e) => e.veredito === 'aceito')).toBe(true);

    const historico = await waitFor(
      async () => {
        const rows = await db
          .selectFrom('proposta_situacoes')
          .select(['situacao', 'resultado'])
          .execute();
        return rows.length === 2 ? rows : null;
      },
      'both callbacks applied or recognised',
      20_000,
    );
    expect(historico.map((h) => h.resultado).sort()).toEqual(['aplicada', 'duplicada']);
    const proposal = await db
      .selectFrom('propostas')
      .select(['situacao'])
      .where('proposta', '=', proposta)
      .executeTakeFirstOrThrow();
    expect(proposal.situacao).toBe(9);
    const eventos = await db
      .selectFrom('eventos')
      .select('tipo')
      .where('tipo', '=', 'proposta.situacao_alterada')
      .execute();
    expect(eventos).toHaveLength(1);
  }, 90_000);
});
