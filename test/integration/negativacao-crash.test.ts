import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serasaExperianSandbox } from '../../src/providers/serasa-experian/sandbox.js';
import { startSandboxServer } from '../../src/sandboxes/start-sandbox-server.js';
import { freePort } from '../support/free-port.js';
import { novaNegativacao } from '../support/serasa-setup.js';
import { spawnChild, type Child } from '../support/spawn-child.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

describe('crash between the POST to Serasa and saving its answer', () => {
  let testDb: TestDatabase | undefined;
  const children: Child[] = [];
  afterEach(async () => {
    await Promise.all(children.map((c) => c.kill()));
    await testDb?.cleanup();
  });

  it('after a restart the sandbox still shows exactly one inclusion, and the webhook settles it', async () => {
    testDb = await createTestDatabase();
    const sandbox = await startSandboxServer(serasaExperianSandbox);
    const dataDir = mkdtempSync(join(tmpdir(), 'credgate-crash-neg-'));
    const apiKey = randomBytes(24).toString('hex');
    const port = await freePort();
    const env = {
      TEST_DB_LOCATION: JSON.stringify(testDb.location),
      TEST_DATA_DIR: dataDir,
      TEST_MASTER_KEY: randomBytes(32).toString('base64'),
      TEST_API_KEY: apiKey,
      TEST_PORT: String(port),
    };
    const start = async () => {
      const child = spawnChild('serve-app', env);
      children.push(child);
      return { child, url: await child.waitForLine('READY') };
    };
    const control = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${sandbox.url}/__sandbox${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect(response.ok, await response.clone().text()).toBe(true);
      return response.json() as Promise<{ inclusoes: Array<{ contrato: string }> }>;
    };
    try {
      let { child, url } = await start();
      const api = (path: string, json?: unknown) =>
        fetch(url + path, {
          method: json === undefined ? 'GET' : 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body: json === undefined ? undefined : JSON.stringify(json),
        });
      const created = await api('/v1/integracoes', {
        provedor: 'serasa_experian',
        ambiente: 'homologacao',
        descricao: 'crash',
        credenciais: {
          login_consulta: 'a',
          senha_consulta: 'b',
          login_pefin: 'c',
          senha_pefin: 'd',
        },
        configuracoes: {
          url_consulta: sandbox.url,
          url_pefin: sandbox.url,
          url_login_pefin: sandbox.url,
        },
      });
      const integracao = (await created.json()) as { id: string; url_recebimento: string };
      await control('PUT', '/webhook', { url: integracao.url_recebimento });
      // Serasa processes the debt, then takes its time to answer; the webhook comes later still.
      await control('PUT', '/config', {
        atraso_resposta_ms: 30_000,
        atraso_webhook_ms: 1500,
        escala_tempo: 0.001,
      });

      const body = novaNegativacao(integracao.id);
      const response = await api('/v1/negativacoes', body);
      expect(response.status).toBe(202);
      const { id } = (await response.json()) as { id: string };

      await waitFor(
        async () =>
          (await control('GET', '/registros')).inclusoes.some((i) => i.contrato === body.contrato),
        'the sandbox to receive the inclusion',
      );
      await child.kill();
      await control('PUT', '/config', { atraso_resposta_ms: 0 });
      ({ child, url } = await start());

      const final = await waitFor(
        async () => {
          const view = (await (await api(`/v1/negativacoes/${id}`)).json()) as {
            status: string;
            historico: Array<{ tipo: string }>;
          };
          return view.status === 'inserida' ? view : null;
        },
        'the negativacao settled by the webhook after the restart',
        20_000,
      );
      const tipos = final.historico.map((e) => e.tipo);
      expect(tipos).not.toContain('inclusao_transmitida');
      expect(tipos).toContain('inclusao_confirmada');
      const registros = await control('GET', '/registros');
      expect(registros.inclusoes.filter((i) => i.contrato === body.contrato)).toHaveLength(1);
    } finally {
      await sandbox.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
