import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDesfechoAtOnce } from '../../src/use-cases/negativacoes/apply-desfecho.js';
import {
  readNegativacao,
  type NegativacaoRow,
} from '../../src/use-cases/negativacoes/negativacao-store.js';
import type { Desfecho } from '../../src/providers/contract.js';
import {
  postInclusionWebhook,
  startSerasaHarness,
  type SerasaHarness,
} from '../support/serasa-setup.js';
import { testBackend } from '../support/test-database.js';

// The one-statement path for a confirmed inclusion (PostgreSQL) starts from a row read without
// lock. It may write only while that row is unchanged and its inbound event still pendente;
// otherwise it must write nothing at all, so the transaction path can take over.
describe.runIf(testBackend() === 'postgres')('a verdict applied at once', () => {
  let h: SerasaHarness;
  beforeAll(async () => {
    h = await startSerasaHarness({ workers: false });
  });
  afterAll(async () => h?.close());

  let seq = 0;

  /** A negativacao awaiting its inclusion webhook, and that webhook stored, still pendente. */
  async function awaitingWebhook() {
    const { id } = await h.negativar({ contrato: `ONCE-${Date.now() % 1e9}-${++seq}` });
    const referencia = `once-${id}`;
    await h.app.ctx.database.db
      .updateTable('negativacoes')
      .set({
        status: 'aguardando_confirmacao_inserir',
        acao: null,
        referencia_inclusao: referencia,
        atualizada_em: new Date(Date.now() - 1000).toISOString(),
      })
      .where('id', '=', id)
      .execute();
    const row = (await readNegativacao(h.app.ctx.database, { id })).rows[0];
    const eventoId = await postInclusionWebhook(h, row, referencia, {
      cadusKey: 'K1',
      cadusSerie: '001',
    });
    const desfecho: Desfecho = {
      referencia,
      operacao: 'inclusao',
      sucesso: true,
      chaves: { cadusKey: 'K1' },
    };
    return { id, row, eventoId, desfecho };
  }

  const entrada = (id: string) => ({
    id,
    resultado: (aplicado: object) => JSON.stringify({ leitura: null, ...aplicado }),
  });
  const attempt = (row: NegativacaoRow, desfecho: Desfecho, eventoId: string) =>
    applyDesfechoAtOnce(h.app.ctx, row, row.integracao_id, desfecho, entrada(eventoId));

  async function state(id: string, eventoId: string) {
    const { db } = h.app.ctx.database;
    const row = (await readNegativacao(h.app.ctx.database, { id })).rows[0];
    const historico = await db
      .selectFrom('negativacao_eventos')
      .select('tipo')
      .where('negativacao_id', '=', id)
      .execute();
    const evento = await db
      .selectFrom('eventos_entrada')
      .select(['situacao', 'resultado'])
      .where('id', '=', eventoId)
      .executeTakeFirstOrThrow();
    const hostEvents = await db
      .selectFrom('eventos')
      .select('dados')
      .where('dados', 'like', `%"id":"${id}"%`)
      .execute();
    return { row, historico: historico.map((e) => e.tipo), evento, hostEvents };
  }

  it('applies the change, its history and host event, and settles the event, in one go', async () => {
    const { id, row, eventoId, desfecho } = await awaitingWebhook();
    const before = await state(id, eventoId);

    const aplicado = await attempt(row, desfecho, eventoId);

    expect(aplicado).toEqual({ resultado: 'aplicado', negativacao_id: id });
    const after = await state(id, eventoId);
    expect(after.row.status).toBe('inserida');
    expect(JSON.parse(after.row.chaves_provedor)).toMatchObject({ cadusKey: 'K1' });
    expect(after.historico).toEqual([...before.historico, 'inclusao_confirmada']);
    expect(after.hostEvents).toHaveLength(before.hostEvents.length + 1);
    expect(after.evento.situacao).toBe('processado');
    expect(JSON.parse(after.evento.resultado!)).toMatchObject({ negativacao_id: id });
  });

  it('writes nothing when the row moved since it was read', async () => {
    const { id, row, eventoId, desfecho } = await awaitingWebhook();
    // Something else changed the row after our read (its atualizada_em moved).
    await h.app.ctx.database.db
      .updateTable('negativacoes')
      .set({ atualizada_em: new Date().toISOString() })
      .where('id', '=', id)
      .execute();
    const before = await state(id, eventoId);

    const aplicado = await attempt(row, desfecho, eventoId);

    expect(aplicado).toBeUndefined();
    expect(await state(id, eventoId)).toEqual(before);
    expect(before.evento.situacao).toBe('pendente');
  });

  it('writes nothing when the event was settled elsewhere', async () => {
    const { id, row, eventoId, desfecho } = await awaitingWebhook();
    await h.app.ctx.database.db
      .updateTable('eventos_entrada')
      .set({ situacao: 'processado', resultado: '{"por":"outro"}' })
      .where('id', '=', eventoId)
      .execute();
    const before = await state(id, eventoId);

    const aplicado = await attempt(row, desfecho, eventoId);

    expect(aplicado).toBeUndefined();
    expect(await state(id, eventoId)).toEqual(before);
    expect(before.row.status).toBe('aguardando_confirmacao_inserir');
  });

  it('leaves what it does not cover to the transaction path', async () => {
    const { row, eventoId, desfecho } = await awaitingWebhook();
    // An error, a removal already waiting, a verdict that does not say which operation.
    expect(await attempt(row, { ...desfecho, sucesso: false }, eventoId)).toBeUndefined();
    expect(await attempt({ ...row, baixa: '{}' }, desfecho, eventoId)).toBeUndefined();
    expect(await attempt(row, { ...desfecho, operacao: undefined }, eventoId)).toBeUndefined();
    const outra = await applyDesfechoAtOnce(
      h.app.ctx,
      row,
      'int_outra',
      desfecho,
      entrada(eventoId),
    );
    expect(outra).toBeUndefined();
    expect((await state(row.id, eventoId)).evento.situacao).toBe('pendente');
  });
});
