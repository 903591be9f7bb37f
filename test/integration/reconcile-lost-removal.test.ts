import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTecnospeedSandbox } from '../../src/providers/tecnospeed/sandbox.js';
import {
  startSandboxServer,
  type SandboxServer,
} from '../../src/sandboxes/start-sandbox-server.js';
import { novaNegativacao } from '../support/serasa-setup.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

/**
 * Forwards to `target`; while `loseRemovals` is on, a removal reaches Tecnospeed and its answer
 * is thrown away (the connection cut), as a crash or a network fault after sending would.
 */
async function startLossyProxy(target: string) {
  const state = { loseRemovals: false };
  const server: Server = createServer((req, res) => {
    const upstream = request(
      new URL(req.url!, target),
      { method: req.method, headers: req.headers },
      (answer) => {
        if (state.loseRemovals && req.url!.endsWith('/negativacao/remover')) {
          answer.resume();
          answer.on('end', () => res.destroy());
          return;
        }
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    state,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// A removal Tecnospeed processed but whose answer never came back: after the reconciliation
// window the protocolo is polled, the removal found under way and adopted. Sending it again
// would be refused (the debt is already removed) and leave the negativacao `inserida`.
describe('a Tecnospeed removal whose answer was lost', () => {
  let sandbox: SandboxServer | undefined;
  let proxy: Awaited<ReturnType<typeof startLossyProxy>> | undefined;
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    await proxy?.close();
    await sandbox?.close();
  });

  it('is adopted from the provider’s status, not sent again', async () => {
    sandbox = await startSandboxServer(createTecnospeedSandbox());
    await fetch(`${sandbox.url}/__sandbox/config`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ etapas_ms: { processando: 0, enviado: 0, baixa_enviada: 0 } }),
    });
    proxy = await startLossyProxy(sandbox.url);
    t = await startTestApp({
      config: {
        negativacao: { janelaReconciliacaoMs: 300 },
        queue: { pollIntervalMs: 100, backoffBaseMs: 50, backoffMaxMs: 200 },
      },
    });
    const created = await t.api('/v1/integracoes', {
      method: 'POST',
      json: {
        provedor: 'tecnospeed',
        ambiente: 'homologacao',
        descricao: 'Tecnospeed (resposta perdida)',
        credenciais: {
          cnpj_sh: '11222333000181',
          token_sh: 'token-software-house',
          cnpj_usuario: '11222333000181',
          login: 'demo',
          senha: 'demo-senha',
        },
        configuracoes: {
          url_base: proxy.url,
          limite_requisicoes_por_segundo: 100,
          acompanhamento: { intervalos_rapidos_ms: [500] },
        },
      },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const integracao = (await created.json()) as { id: string };
    const body = novaNegativacao(integracao.id);
    const response = await t.api('/v1/negativacoes', { method: 'POST', json: body });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    const status = async () =>
      ((await (await t!.api(`/v1/negativacoes/${id}`)).json()) as { status: string }).status;
    await waitFor(async () => (await status()) === 'inserida', 'inserida', 15_000);

    proxy.state.loseRemovals = true;
    const paid = await t.api('/v1/pagamentos', {
      method: 'POST',
      json: { fatura: body.faturas[0], pago_em: new Date().toISOString() },
    });
    expect(paid.status).toBe(201);
    await waitFor(async () => (await status()) === 'removida', 'removida', 15_000);

    const view = (await (await t.api(`/v1/negativacoes/${id}`)).json()) as {
      historico: Array<{ tipo: string }>;
    };
    const tipos = view.historico.map((e) => e.tipo);
    expect(tipos).toEqual(
      expect.arrayContaining(['transmissao_incerta', 'transmissao_reconciliada']),
    );
    expect(tipos).not.toContain('reenvio_apos_reconciliacao');
    expect(tipos).not.toContain('baixa_recusada');
    const registros = (await (await fetch(`${sandbox.url}/__sandbox/registros`)).json()) as {
      chamadas: Array<{ metodo: string; caminho: string }>;
    };
    const remocoes = registros.chamadas.filter((c) => c.caminho.endsWith('/negativacao/remover'));
    expect(remocoes).toHaveLength(1);
  });
});
