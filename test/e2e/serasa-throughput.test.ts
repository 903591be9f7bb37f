import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSerasaHarness, type SerasaHarness } from '../support/serasa-setup.js';
import { waitFor } from '../support/wait-for.js';

interface Registros {
  inclusoes: Array<{ contrato: string }>;
}

describe('webhooks are applied within a second', () => {
  let h: SerasaHarness;

  beforeAll(async () => {
    h = await startSerasaHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('200 negativacoes reach inserida; p99 receipt-to-applied under 1 s; one inclusion each', async () => {
    const ids: string[] = [];
    for (let batch = 0; batch < 10; batch++) {
      const created = await Promise.all(Array.from({ length: 20 }, () => h.negativar()));
      ids.push(...created.map((c) => c.id));
    }
    await waitFor(
      async () => {
        const rows = await h.app.ctx.database.db
          .selectFrom('negativacoes')
          .select('status')
          .where('id', 'in', ids)
          .execute();
        return rows.filter((r) => r.status === 'inserida').length === ids.length;
      },
      'all 200 inserida',
      60_000,
    );
    const eventos = await h.app.ctx.database.db
      .selectFrom('eventos_entrada')
      .select(['recebido_em', 'processado_em'])
      .where('integracao_id', '=', h.integracaoId)
      .where('situacao', '=', 'processado')
      .execute();
    expect(eventos.length).toBe(200);
    const latencies = eventos
      .map((e) => Date.parse(e.processado_em!) - Date.parse(e.recebido_em))
      .sort((a, b) => a - b);
    const p99 = latencies[Math.ceil(latencies.length * 0.99) - 1];
    expect(p99).toBeLessThan(1000);

    const registros = (await h.control('GET', '/registros')) as Registros;
    const contratos = registros.inclusoes.map((i) => i.contrato);
    expect(new Set(contratos).size).toBe(contratos.length);
    expect(contratos.length).toBe(200);
  });
});
