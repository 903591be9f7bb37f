import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSerasaHarness, type SerasaHarness } from '../support/serasa-setup.js';
import { waitFor } from '../support/wait-for.js';

interface Registros {
  inclusoes: Array<{ contrato: string }>;
}

describe('fault injection: 30% of Serasa calls fail or hang', () => {
  let h: SerasaHarness;

  beforeAll(async () => {
    h = await startSerasaHarness({
      configuracoes: { timeout_ms: 300 },
      config: { negativacao: { janelaReconciliacaoMs: 1500 } },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('every negativacao still ends inserida, and the sandbox saw each inclusion exactly once', async () => {
    await h.control('PUT', '/falhas', { errorRate: 0.15, timeoutRate: 0.15, errorStatus: 503 });
    const created = await Promise.all(Array.from({ length: 30 }, () => h.negativar()));
    const ids = created.map((c) => c.id);
    await waitFor(
      async () => {
        const rows = await h.app.ctx.database.db
          .selectFrom('negativacoes')
          .select('status')
          .where('id', 'in', ids)
          .execute();
        return rows.every((r) => r.status === 'inserida');
      },
      'all 30 inserida despite the faults',
      90_000,
    );
    await h.control('PUT', '/falhas', { errorRate: 0, timeoutRate: 0 });

    const rows = await h.app.ctx.database.db
      .selectFrom('negativacoes')
      .select('contrato')
      .where('id', 'in', ids)
      .execute();
    const registros = (await h.control('GET', '/registros')) as Registros;
    for (const { contrato } of rows) {
      expect(
        registros.inclusoes.filter((i) => i.contrato === contrato),
        contrato,
      ).toHaveLength(1);
    }
    // The faults really happened: some attempts failed or were left uncertain.
    const eventos = await h.app.ctx.database.db
      .selectFrom('negativacao_eventos')
      .select('tipo')
      .where('negativacao_id', 'in', ids)
      .where('tipo', 'in', ['falha_de_transmissao', 'transmissao_incerta'])
      .execute();
    expect(eventos.length).toBeGreaterThan(0);
  }, 120_000);
});
