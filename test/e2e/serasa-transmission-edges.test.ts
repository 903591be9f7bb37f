import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/infra/clock.js';
import { transmitNegativacao } from '../../src/jobs/transmit-negativacao.js';
import { startSerasaHarness, type SerasaHarness } from '../support/serasa-setup.js';
import { waitFor } from '../support/wait-for.js';

interface Registros {
  inclusoes: Array<{ contrato: string }>;
}

describe('a webhook that outruns the inclusion response', () => {
  let h: SerasaHarness;
  beforeAll(async () => {
    h = await startSerasaHarness();
  });
  afterAll(async () => h?.close());

  it('is matched by contract, and the late response is kept for audit without undoing it', async () => {
    // Serasa records the debt and fires the webhook, then takes 400 ms to answer the POST.
    await h.control('PUT', '/config', { atraso_resposta_ms: 400 });
    const { id } = await h.negativar();
    await h.waitStatus(id, 'inserida');
    await waitFor(
      async () => (await h.get(id)).historico!.some((e) => e.tipo === 'transmissao_registrada'),
      'the late response to be recorded',
    );
    const view = await h.get(id);
    expect(view.status).toBe('inserida');
    expect(view.transmissao).toBeNull();
    const tipos = view.historico!.map((e) => e.tipo);
    expect(tipos).not.toContain('inclusao_transmitida');
    expect(tipos.indexOf('inclusao_confirmada')).toBeGreaterThan(-1);
    expect(tipos.indexOf('transmissao_registrada')).toBeGreaterThan(
      tipos.indexOf('inclusao_confirmada'),
    );
    await h.control('PUT', '/config', { atraso_resposta_ms: 0 });
  });
});

describe('rules checked again when the transmission runs', () => {
  const clock = new ManualClock('2026-06-01T15:00:00.000Z');
  let h: SerasaHarness;
  beforeAll(async () => {
    h = await startSerasaHarness({ clock, workers: false });
  });
  afterAll(async () => h?.close());

  it('rejects, without sending, a debt that crossed the five-year line while queued', async () => {
    const { id } = await h.negativar({ vencimento: '2021-06-02' });
    clock.set('2026-06-03T15:00:00.000Z');
    const transmit = transmitNegativacao(h.app.ctx);
    await transmit({
      job: {
        id: 'job_manual',
        kind: 'transmitir-negativacao',
        queue: 'default',
        payload: { negativacaoId: id },
        attempt: 1,
        maxAttempts: 5,
        workerId: 'teste',
      },
      signal: new AbortController().signal,
    });
    const view = await h.get(id);
    expect(view.status).toBe('rejeitada');
    expect(view.erro?.codigo).toBe('vencimento_prescrito');
    expect(view.historico!.map((e) => e.tipo)).toContain('rejeitada_antes_do_envio');
    const row = await h.app.ctx.database.db
      .selectFrom('negativacoes')
      .select(['transmissao_desde', 'transmissao_job'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ transmissao_desde: null, transmissao_job: null });
    const registros = (await h.control('GET', '/registros')) as Registros;
    expect(registros.inclusoes).toEqual([]);
  });
});
