import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/infra/clock.js';
import { waitFor } from '../support/wait-for.js';
import { startSerasaHarness, type SerasaHarness } from '../support/serasa-setup.js';

describe('legal deadline (Sumula 548) and stuck transmissions, on an injected clock', () => {
  // Friday 2026-11-20 12:00 in Sao Paulo (a national holiday, Consciencia Negra).
  const clock = new ManualClock('2026-11-20T15:00:00.000Z');
  let h: SerasaHarness;

  beforeAll(async () => {
    h = await startSerasaHarness({ clock });
  });
  afterAll(async () => {
    await h?.close();
  });

  const alertas = async (negativacaoId: string) => {
    const response = await h.app.api(`/v1/alertas?negativacao_id=${negativacaoId}`);
    return ((await response.json()) as { dados: Array<{ tipo: string }> }).dados.map((a) => a.tipo);
  };

  it('stores the deadline, alerts on business day 4 without confirmation, and flags the stuck removal', async () => {
    await h.control('PUT', '/config', { reter_webhooks: true });
    const { id } = await h.negativar({ faturas: ['FAT-PRAZO'] });
    const pendente = await h.waitStatus(id, 'aguardando_confirmacao_inserir');
    await h.control('POST', '/webhooks/liberar', {
      uuids: [(pendente.referencias as { inclusao: string }).inclusao],
    });
    await h.waitStatus(id, 'inserida');

    const response = await h.app.api('/v1/pagamentos', {
      method: 'POST',
      json: { fatura: 'FAT-PRAZO', pago_em: '2026-11-20T15:00:00.000Z' },
    });
    expect(response.status).toBe(201);
    const { pagamentos } = (await response.json()) as {
      pagamentos: Array<{ prazo_baixa: string; alerta_em: string }>;
    };
    // Business days after the payment: Mon 23, Tue 24, Wed 25, Thu 26, Fri 27.
    expect(pagamentos[0].prazo_baixa).toBe('2026-11-27');
    expect(pagamentos[0].alerta_em).toBe('2026-11-26T03:00:00.000Z');

    const aguardando = await h.waitStatus(id, 'aguardando_confirmacao_remover');
    expect((aguardando.pagamento as { prazo_baixa: string }).prazo_baixa).toBe('2026-11-27');
    expect(await alertas(id)).toEqual([]);

    clock.set('2026-11-26T03:00:01.000Z');
    h.app.ctx.wake.notify();
    await waitFor(
      async () => (await alertas(id)).includes('prazo_baixa_em_risco'),
      'the deadline alert',
    );
    // The removal has waited for its webhook longer than prazoConfirmacaoMs (24 h): flagged too.
    await waitFor(async () => (await alertas(id)).includes('sem_confirmacao'), 'the stuck alert');
    const flagged = await h.app.api('/v1/negativacoes?pendencia=sem_confirmacao');
    const page = (await flagged.json()) as { dados: Array<{ id: string; sinalizada_em: string }> };
    expect(page.dados.map((n) => n.id)).toContain(id);

    const view = await h.get(id);
    expect(view.historico!.map((e) => e.tipo)).toEqual(
      expect.arrayContaining(['prazo_baixa_em_risco', 'sem_confirmacao']),
    );
    await h.control('PUT', '/config', { reter_webhooks: false });
    await h.control('POST', '/webhooks/liberar', {});
    const removida = await h.waitStatus(id, 'removida');
    expect(removida.sinalizada_em).toBeNull();
  });

  it('does not alert when the removal is confirmed before day 4', async () => {
    clock.set('2026-12-01T15:00:00.000Z'); // Tuesday
    const { id } = await h.negativar({ faturas: ['FAT-PRAZO-OK'] });
    await h.waitStatus(id, 'inserida');
    const response = await h.app.api('/v1/pagamentos', {
      method: 'POST',
      json: { fatura: 'FAT-PRAZO-OK', pago_em: '2026-12-01T15:00:00.000Z' },
    });
    expect(response.status).toBe(201);
    await h.waitStatus(id, 'removida');
    clock.set('2026-12-10T12:00:00.000Z');
    h.app.ctx.wake.notify();
    // The alert job runs and must find nothing to say.
    await waitFor(async () => {
      const jobs = await h.app.ctx.database.db
        .selectFrom('jobs')
        .select('state')
        .where('kind', '=', 'alertar-prazo-baixa')
        .where('payload', 'like', `%${id}%`)
        .execute();
      return jobs.length === 1 && jobs[0].state === 'completed';
    }, 'the alert job to complete');
    expect(await alertas(id)).toEqual([]);
  });
});
