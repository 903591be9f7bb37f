import { afterEach, describe, expect, it } from 'vitest';
import { createTecnospeedSandbox } from '../../src/providers/tecnospeed/sandbox.js';
import {
  startSandboxServer,
  type SandboxServer,
} from '../../src/sandboxes/start-sandbox-server.js';
import { novaNegativacao } from '../support/serasa-setup.js';
import { appProcesses, type AppProcesses } from '../support/spawn-child.js';
import { createTestDatabase, testBackend, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

const NEGATIVACOES = 24;

// Two credgate processes share one PostgreSQL queue and poll the same Tecnospeed protocolos; one
// is killed (SIGKILL) while it holds polls. Real clocks: the sandbox keeps each negativacao
// PROCESSANDO for 3 s, then ENVIADO and ACEITA at once (a separate ENVIADO phase would wait for
// the slow interval, 60 s at least).
describe.runIf(testBackend() === 'postgres')('polling by two worker processes', () => {
  let testDb: TestDatabase | undefined;
  let sandbox: SandboxServer | undefined;
  let processes: AppProcesses | undefined;
  afterEach(async () => {
    await processes?.close();
    await sandbox?.close();
    await testDb?.cleanup();
  });

  it('records each status change once, and a killed worker’s polls are resumed by the other', async () => {
    testDb = await createTestDatabase();
    sandbox = await startSandboxServer(createTecnospeedSandbox());
    // Each poll takes a while, so the doomed worker is caught holding some.
    sandbox.faults.latencyMs = 150;
    const configured = await fetch(`${sandbox.url}/__sandbox/config`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ etapas_ms: { processando: 3000, enviado: 0 } }),
    });
    expect(configured.status).toBe(200);
    processes = appProcesses(testDb.location);
    const { apiKey, start } = processes;
    const [survivor, doomed] = [await start(), await start()];
    const api = async (path: string, json: unknown) => {
      const response = await fetch(survivor.url + path, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(json),
      });
      expect(response.status, await response.clone().text()).toBeLessThan(300);
      return (await response.json()) as { id: string };
    };

    const integracao = await api('/v1/integracoes', {
      provedor: 'tecnospeed',
      ambiente: 'homologacao',
      descricao: 'dois processos',
      // The sandbox's demo company: registered and active.
      credenciais: {
        cnpj_sh: '11222333000181',
        token_sh: 'token-software-house',
        cnpj_usuario: '11222333000181',
        login: 'demo',
        senha: 'demo-senha',
      },
      configuracoes: {
        url_base: sandbox.url,
        limite_requisicoes_por_segundo: 200,
        acompanhamento: { intervalos_rapidos_ms: [500] },
      },
    });
    const ids: string[] = [];
    for (let i = 0; i < NEGATIVACOES; i++) {
      ids.push((await api('/v1/negativacoes', novaNegativacao(integracao.id))).id);
    }

    const db = testDb.database.db;
    const doomedPid = doomed.child.process.pid!;
    const held = await waitFor(
      async () => {
        const running = await db
          .selectFrom('jobs')
          .select(['id'])
          .where('kind', '=', 'acompanhar-negativacao')
          .where('state', '=', 'running')
          .where('locked_by', 'like', `%:${doomedPid}:%`)
          .execute();
        return running.length > 0 ? running.map((job) => job.id) : null;
      },
      'the second process to be running a poll',
      20_000,
    );
    await doomed.child.kill();

    await waitFor(
      async () => {
        const rows = await db
          .selectFrom('negativacoes')
          .select('status')
          .where('status', '=', 'inserida')
          .execute();
        return rows.length === NEGATIVACOES;
      },
      `all ${NEGATIVACOES} negativacoes inserida`,
      30_000,
    );

    // The polls the dead process held were run again, to the end, by the survivor.
    const survivorPid = survivor.child.process.pid!;
    const resumed = await db
      .selectFrom('jobs')
      .select(['state', 'locked_by', 'attempt'])
      .where('id', 'in', held)
      .execute();
    expect(resumed).toHaveLength(held.length);
    for (const job of resumed) {
      expect(job.state).toBe('completed');
      expect(job.locked_by).toContain(`:${survivorPid}:`);
      expect(job.attempt).toBeGreaterThanOrEqual(2);
    }

    // Each of the provider's steps is in each history exactly once, whoever polled.
    const eventos = await db
      .selectFrom('negativacao_eventos')
      .select(['negativacao_id', 'tipo', 'detalhes'])
      .where('negativacao_id', 'in', ids)
      .orderBy('id') // creation order
      .execute();
    for (const id of ids) {
      const proprios = eventos.filter((e) => e.negativacao_id === id);
      const count = (tipo: string) => proprios.filter((e) => e.tipo === tipo).length;
      expect(count('inclusao_confirmada'), id).toBe(1);
      expect(count('situacao_do_provedor'), id).toBe(1);
      const historico = proprios
        .filter((e) => e.tipo === 'historico_do_provedor')
        .map((e) => (JSON.parse(e.detalhes) as { entrada: { tipoHistorico: string } }).entrada);
      expect(historico.map((h) => h.tipoHistorico)).toEqual(['PROCESSANDO', 'ENVIADO', 'ACEITA']);
    }
  }, 90_000);
});
