import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/infra/clock.js';
import { POLL_CONSULTA } from '../../src/jobs/poll-consulta.js';
import { polledProvider, startPolledApp } from '../support/polled-provider.js';
import type { TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

interface ConsultaView {
  id: string;
  situacao: string;
  erro: { codigo: string } | null;
  links: { relatorio_html: string } | null;
  resumo: { nome: string | null } | null;
}

describe('asynchronous consultas (scripted provider, manual clock)', () => {
  const clock = new ManualClock('2026-06-01T12:00:00.000Z');
  let t: TestApp;
  let provider: ReturnType<typeof polledProvider>;
  let integracaoId: string;

  beforeAll(async () => {
    ({ t, provider, integracaoId } = await startPolledApp(clock));
  });
  afterAll(async () => t?.close());

  const get = async (id: string) =>
    (await (await t.api(`/v1/consultas/${id}`)).json()) as ConsultaView;
  const consultar = async () => {
    const response = await t.api('/v1/consultas', {
      method: 'POST',
      json: { integracao_id: integracaoId, documento: '00001209523', produto: 'P1' },
    });
    expect(response.status).toBe(202);
    const body = (await response.json()) as ConsultaView;
    expect(body.situacao).toBe('processando');
    return body.id;
  };
  /** Moves the clock past the next poll and waits until that poll has finished. */
  const pollOnce = async () => {
    const before = [...provider.consultaPolls.values()].reduce((a, b) => a + b, 0);
    clock.advance(60_000);
    t.ctx.wake.notify();
    await waitFor(
      () => [...provider.consultaPolls.values()].reduce((a, b) => a + b, 0) > before,
      'a poll',
    );
    await waitFor(
      async () =>
        (await t.ctx.jobs.list({ kind: POLL_CONSULTA, state: 'running', limit: 1 })).length === 0,
      'the poll to finish',
    );
  };

  it('answers 202 at once, polls while the provider processes, then serves its HTML as returned', async () => {
    provider.consultasPendentes(2);
    const id = await consultar();
    await pollOnce();
    await pollOnce();
    expect((await get(id)).situacao).toBe('processando');
    await pollOnce();
    const done = await get(id);
    expect(done.situacao).toBe('concluida');
    expect(done.resumo?.nome).toBe('FULANO DE TAL');
    const html = await t.api(done.links!.relatorio_html);
    expect(html.status).toBe(200);
    expect(await html.text()).toMatch(/^<html><body><h1>Relatorio C-\d+<\/h1><\/body><\/html>$/);
  });

  it('ends in erro, not processando forever, when the provider never answers', async () => {
    provider.consultasPendentes(Infinity);
    const id = await consultar();
    // max_consultas is 6.
    for (let i = 0; i < 6; i++) await pollOnce();
    const consulta = await get(id);
    expect(consulta.situacao).toBe('erro');
    expect(consulta.erro?.codigo).toBe('consulta_sem_resposta');
    const pending = await t.ctx.jobs.list({ kind: POLL_CONSULTA, state: 'available', limit: 10 });
    expect(pending).toEqual([]);
  });
});
