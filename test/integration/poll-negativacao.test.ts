import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/infra/clock.js';
import { pollNegativacao, POLL_NEGATIVACAO } from '../../src/jobs/poll-negativacao.js';
import { novaNegativacao } from '../support/serasa-setup.js';
import { polledProvider, startPolledApp } from '../support/polled-provider.js';
import type { TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

interface View {
  id: string;
  status: string;
  erro: { mensagem?: string } | null;
  sinalizada_em: string | null;
  historico: Array<{ tipo: string; status: string; detalhes: Record<string, unknown> }>;
}

describe('polling engine, for providers without webhooks (scripted provider, manual clock)', () => {
  const clock = new ManualClock('2026-06-01T12:00:00.000Z');
  let t: TestApp;
  let provider: ReturnType<typeof polledProvider>;
  let integracaoId: string;

  beforeAll(async () => {
    ({ t, provider, integracaoId } = await startPolledApp(clock));
  });
  afterAll(async () => t?.close());

  const view = async (id: string) => (await (await t.api(`/v1/negativacoes/${id}`)).json()) as View;
  const tipos = async (id: string) => (await view(id)).historico.map((e) => e.tipo);
  const negativar = async () => {
    const response = await t.api('/v1/negativacoes', {
      method: 'POST',
      json: novaNegativacao(integracaoId, { vencimento: '2026-01-10' }),
    });
    expect(response.status).toBe(202);
    return ((await response.json()) as { id: string }).id;
  };
  /** Moves the clock and lets the scheduled poll run to its end (its successor scheduled). */
  const advance = async (ms: number) => {
    const before = provider.polls.length;
    clock.advance(ms);
    t.ctx.wake.notify();
    await waitFor(() => provider.polls.length > before, `a poll after ${ms} ms`);
    await waitFor(
      async () =>
        (await t.ctx.jobs.list({ kind: POLL_NEGATIVACAO, state: 'running', limit: 1 })).length ===
        0,
      'the poll to finish',
    );
  };
  const waitStatus = (id: string, status: string) =>
    waitFor(async () => (await view(id)).status === status, `status ${status}`);
  const pendingPolls = async () =>
    (await t.ctx.jobs.list({ kind: POLL_NEGATIVACAO, limit: 100 })).filter(
      (job) => job.state === 'available',
    );

  it('follows an inclusion and its removal, recording each provider status and history entry once', async () => {
    provider.script([
      { situacao: 'PROCESSANDO', fase: 'processando' },
      { situacao: 'ENVIADO', fase: 'enviada', historico: [{ tipoHistorico: 'ENVIADO' }] },
      {
        situacao: 'ACEITA',
        fase: 'aceita',
        historico: [{ tipoHistorico: 'ENVIADO' }, { tipoHistorico: 'ACEITA' }],
      },
    ]);
    const id = await negativar();
    await waitStatus(id, 'aguardando_confirmacao_inserir');
    // Still processing: polled again after the fast intervals (1 s, then 2 s) ...
    await advance(1000);
    await waitFor(async () => (await pendingPolls()).length === 1, 'the next poll scheduled');
    expect((await pendingPolls())[0].run_at).toBe('2026-06-01T12:00:03.000Z');
    await advance(2000);
    // ... forwarded to the bureau: slowly (60 s) from now on.
    await waitFor(async () => (await tipos(id)).includes('enviada_ao_bureau'), 'enviada');
    await waitFor(async () => (await pendingPolls()).length === 1, 'the slow poll scheduled');
    expect((await pendingPolls())[0].run_at).toBe('2026-06-01T12:01:03.000Z');
    await advance(60_000);
    await waitStatus(id, 'inserida');
    expect(await pendingPolls()).toEqual([]);

    provider.script([
      { situacao: 'BAIXA_ENVIADA', fase: 'baixa_enviada' },
      { situacao: 'BAIXADA', fase: 'baixada' },
    ]);
    expect((await t.api(`/v1/negativacoes/${id}`, { method: 'DELETE' })).status).toBe(202);
    await waitStatus(id, 'aguardando_confirmacao_remover');
    expect(provider.sent.filter((s) => s.tipo === 'baixa')).toHaveLength(1);
    await advance(1000);
    await waitFor(
      async () => (await tipos(id)).includes('baixa_enviada_ao_bureau'),
      'baixa enviada',
    );
    await advance(60_000);
    await waitStatus(id, 'removida');

    const historico = await tipos(id);
    const count = (tipo: string) => historico.filter((t) => t === tipo).length;
    expect(count('situacao_do_provedor')).toBe(1);
    expect(count('enviada_ao_bureau')).toBe(1);
    expect(count('inclusao_confirmada')).toBe(1);
    expect(count('baixa_enviada_ao_bureau')).toBe(1);
    expect(count('baixa_confirmada')).toBe(1);
    expect(count('historico_do_provedor')).toBe(2);
    expect(await pendingPolls()).toEqual([]);
  });

  it('shows the motivo of a debt held for correction, then of its rejection', async () => {
    provider.script([
      { situacao: 'AGUARDANDO_CORRECAO', fase: 'aguardando_correcao', motivo: 'CEP nao confere' },
      { situacao: 'REJEITADA', fase: 'rejeitada', motivo: 'devedor falecido' },
    ]);
    const id = await negativar();
    await waitStatus(id, 'aguardando_confirmacao_inserir');
    await advance(1000);
    await waitStatus(id, 'aguardando_correcao');
    expect((await view(id)).erro?.mensagem).toBe('CEP nao confere');
    await advance(60_000);
    await waitStatus(id, 'rejeitada');
    expect((await view(id)).erro).toMatchObject({
      codigo: 'inclusao_recusada',
      codigo_provedor: 'REJEITADA',
      mensagem_provedor: 'devedor falecido',
    });
  });

  it('keeps an unknown status pending with one alert, and flags the negativacao when polls run out', async () => {
    provider.script([{ situacao: 'EM_ANALISE_NOVA', fase: 'desconhecida' }]);
    const id = await negativar();
    await waitStatus(id, 'aguardando_confirmacao_inserir');
    // max_consultas is 6: one fast poll, then slow ones.
    await advance(1000);
    for (let i = 0; i < 5; i++) await advance(60_000);
    await waitFor(async () => (await view(id)).sinalizada_em !== null, 'the flag');
    const alertas = (await (await t.api(`/v1/alertas?negativacao_id=${id}`)).json()) as {
      dados: Array<{ tipo: string }>;
    };
    expect(alertas.dados.map((a) => a.tipo).sort()).toEqual([
      'acompanhamento_esgotado',
      'situacao_desconhecida',
    ]);
    expect((await view(id)).status).toBe('aguardando_confirmacao_inserir');
    expect(await pendingPolls()).toEqual([]);
  });

  it('records a status once when two polls of the same transmission run together', async () => {
    provider.script([{ situacao: 'ENVIADO', fase: 'enviada' }]);
    const id = await negativar();
    await waitStatus(id, 'aguardando_confirmacao_inserir');
    const [scheduled] = await pendingPolls();
    const handler = pollNegativacao(t.ctx);
    const run = (jobId: string) =>
      handler({
        job: {
          id: jobId,
          kind: POLL_NEGATIVACAO,
          queue: 'default',
          payload: JSON.parse(scheduled.payload) as unknown,
          attempt: 1,
          maxAttempts: 5,
          workerId: 'teste',
        },
        signal: new AbortController().signal,
      });
    const firstPoll = provider.pollTimes.length;
    await Promise.all([run('job_a'), run('job_b')]);
    // The integration allows 10 calls per second: the second poll waited for its slot, 100 ms
    // after the first's, give or take the jitter (up to 20 ms on each).
    const [a, b] = provider.pollTimes.slice(firstPoll);
    expect(b - a).toBeGreaterThanOrEqual(78);
    expect((await tipos(id)).filter((tipo) => tipo === 'enviada_ao_bureau')).toHaveLength(1);
    // Both scheduled "poll number 1": the unique key let only one in.
    const next = (await pendingPolls()).filter((job) => job.payload.includes(id));
    expect(next.filter((job) => job.run_at > scheduled.run_at)).toHaveLength(1);
  });

  it('resumes a poll held by a worker that died, once its lease expires', async () => {
    provider.script([{ situacao: 'ENVIADO', fase: 'enviada' }]);
    const id = await negativar();
    await waitStatus(id, 'aguardando_confirmacao_inserir');
    // Another process claimed the poll and died: the row says running, leased for a minute.
    const leaseMs = t.ctx.config.queue.leaseMs;
    const held = await t.ctx.database.db
      .updateTable('jobs')
      .set({
        state: 'running',
        attempt: 1,
        locked_by: 'processo-morto',
        locked_until: new Date(clock.now().getTime() + leaseMs).toISOString(),
      })
      .where('kind', '=', POLL_NEGATIVACAO)
      .where('state', '=', 'available')
      .where('payload', 'like', `%${id}%`)
      .executeTakeFirst();
    expect(held.numUpdatedRows).toBe(1n);
    clock.advance(1000);
    t.ctx.wake.notify();
    expect(await tipos(id)).not.toContain('enviada_ao_bureau');
    // Past the lease, a live worker's maintenance returns it to the queue and runs it.
    clock.advance(leaseMs + 1000);
    t.ctx.wake.notify();
    await waitFor(async () => (await tipos(id)).includes('enviada_ao_bureau'), 'the resumed poll');
    expect((await tipos(id)).filter((tipo) => tipo === 'enviada_ao_bureau')).toHaveLength(1);
  });
});
