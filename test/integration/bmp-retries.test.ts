import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { InboxWriter } from '../../src/inbound/inbox-writer.js';
import { createBmpSandbox } from '../../src/providers/bmp/sandbox.js';
import {
  startSandboxServer,
  type SandboxServer,
} from '../../src/sandboxes/start-sandbox-server.js';
import { createBmpIntegracao } from '../support/bmp-setup.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN = 'bmp-retentativas-0123456789abcdef';

interface Tentativa {
  status?: number;
}

// BMP retries a callback up to 3 times when the partner does not answer 2xx (seed 003). Here
// credgate fails the first three deliveries: twice before storing anything, once after storing
// it (the answer is a 500 all the same). The fourth is answered 200.
describe('BMP retries after credgate answered 500', () => {
  let t: TestApp;
  let sandbox: SandboxServer;

  beforeAll(async () => {
    t = await startTestApp();
    sandbox = await startSandboxServer(createBmpSandbox());
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await sandbox?.close();
    await t?.close();
  });

  it('ends with one applied transition, the stored failed attempt recognised as a duplicate', async () => {
    const { url_recebimento: url } = await createBmpIntegracao(t, {
      token: TOKEN,
      descricao: 'BMP retentativas',
    });
    const destino = await fetch(`${sandbox.url}/__sandbox/destino`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        url,
        metodo: 'POST',
        autenticacao: { tipo: 'bearer', token: TOKEN },
        espera_retentativas_ms: [20, 20, 20],
      }),
    });
    expect(destino.status).toBe(200);

    const original = Object.getOwnPropertyDescriptor(InboxWriter.prototype, 'store')!
      .value as InboxWriter['store'];
    const unavailable = new Error('database unavailable (test)');
    let deliveries = 0;
    vi.spyOn(InboxWriter.prototype, 'store').mockImplementation(async function (
      this: InboxWriter,
      row,
    ) {
      deliveries += 1;
      if (deliveries <= 2) throw unavailable;
      await original.call(this, row);
      if (deliveries === 3) throw unavailable;
    });

    const run = await fetch(`${sandbox.url}/__sandbox/propostas`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ situacoes: [9], aguardar: true }),
    });
    expect(run.status, await run.clone().text()).toBe(200);
    const { proposta, callbacks } = (await run.json()) as {
      proposta: string;
      callbacks: Array<{ entregue: boolean; tentativas: Tentativa[] }>;
    };
    expect(callbacks[0].tentativas.map((a) => a.status)).toEqual([500, 500, 500, 200]);
    expect(callbacks[0].entregue).toBe(true);

    const view = await waitFor(async () => {
      const response = await t.api(`/v1/propostas/${proposta}`);
      const body = (await response.json()) as {
        situacao?: number;
        historico?: Array<{ resultado?: string }>;
      };
      return body.historico?.length === 2 ? body : null;
    }, 'both stored deliveries processed');
    expect(view.situacao).toBe(9);
    expect(view.historico!.map((h) => h.resultado)).toEqual(['aplicada', 'duplicada']);
    const eventos = await t.ctx.database.db
      .selectFrom('eventos')
      .select('tipo')
      .where('tipo', '=', 'proposta.situacao_alterada')
      .execute();
    expect(eventos).toHaveLength(1);
  });
});
