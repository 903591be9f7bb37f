import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSerasaHarness, type SerasaHarness } from '../support/serasa-setup.js';

interface Registros {
  inclusoes: Array<{ contrato: string }>;
  exclusoes: Array<{ contrato: string }>;
}

// Serasa records the debt and fires the webhook before it answers the inclusion's POST. The
// negativacao is `inserida` while its transmission job still waits for that answer, and the
// host pays it right then: the removal must still be sent, once, whichever job sends it (found
// by the reliability suite: the removal's job was dropped as a duplicate of the running one).
describe('a payment while the inclusion’s answer is still on its way', () => {
  let h: SerasaHarness;
  beforeAll(async () => {
    h = await startSerasaHarness();
  });
  afterAll(async () => h?.close());

  it('removes the debt once', async () => {
    await h.control('PUT', '/config', { atraso_resposta_ms: 1000 });
    const body = { faturas: [`FAT-EM-VOO-${Date.now()}`] };
    const { id } = await h.negativar(body);
    await h.waitStatus(id, 'inserida');
    const paid = await h.app.api('/v1/pagamentos', {
      method: 'POST',
      json: { fatura: body.faturas[0], pago_em: new Date().toISOString() },
    });
    expect(paid.status).toBe(201);
    await h.waitStatus(id, 'removida', 10_000);
    await h.control('PUT', '/config', { atraso_resposta_ms: 0 });

    const view = await h.get(id);
    const registros = (await h.control('GET', '/registros')) as Registros;
    const contrato = view.contrato as string;
    expect(registros.inclusoes.filter((i) => i.contrato === contrato)).toHaveLength(1);
    expect(registros.exclusoes.filter((e) => e.contrato === contrato)).toHaveLength(1);
  });
});
