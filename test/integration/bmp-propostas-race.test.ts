import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids.js';
import { applyInboundEvent } from '../../src/jobs/process-inbound-event.js';
import { createBmpIntegracao } from '../support/bmp-setup.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN = 'bmp-callback-token-race-0123456789';

describe('BMP proposals: two workers racing on copies of one callback', () => {
  let t: TestApp;
  let url: string;
  let integracaoId: string;

  beforeAll(async () => {
    // No workers: the callbacks stay stored and pending until the test applies them.
    t = await startTestApp({ workers: false });
    ({ id: integracaoId, url_recebimento: url } = await createBmpIntegracao(t, {
      token: TOKEN,
      descricao: 'BMP corrida',
    }));
  });
  afterAll(async () => t?.close());

  const store = async (guid: string, situacao = 9) => {
    const response = await fetch(`${url}?proposta=${guid}&situacao=${situacao}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: '{"descricaoOcorrencia":"09-Credito ou Debito efetivado"}',
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { id: string }).id;
  };
  const history = (guid: string) =>
    t.ctx.database.db
      .selectFrom('proposta_situacoes')
      .innerJoin('propostas', 'propostas.id', 'proposta_situacoes.proposta_id')
      .selectAll('proposta_situacoes')
      .where('propostas.proposta', '=', guid)
      .orderBy('proposta_situacoes.id')
      .execute();

  /**
   * Runs `work` while a third transaction holds the proposal, and lets go only once two
   * statements wait for it: both workers are then inside their transactions at the same time,
   * whatever the timing of the machine. A known proposal is held by its row lock; a new one by
   * the holder inserting it (committed on release), so both workers meet on the unique key.
   */
  const whileHeld = async (guid: string, known: boolean, work: () => Promise<unknown>) => {
    const holder = t.testDb.connectAgain();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    const holderTx = holder.db.transaction().execute(async (trx) => {
      if (known) {
        await trx
          .selectFrom('propostas')
          .select('id')
          .where('proposta', '=', guid)
          .forUpdate()
          .execute();
      } else {
        const now = new Date().toISOString();
        await trx
          .insertInto('propostas')
          .values({
            id: newId('proposta', Date.now()),
            integracao_id: integracaoId,
            proposta: guid,
            identificador: null,
            situacao: null,
            situacao_nome: null,
            descricao_ocorrencia: null,
            fora_de_ordem: 0,
            criada_em: now,
            atualizada_em: now,
          })
          .execute();
      }
      held();
      await released;
    });
    await holding;
    const working = work();
    await waitFor(async () => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'
        and query like '%propost%'`.execute(holder.db);
      return rows[0].n >= 2;
    }, 'both workers waiting on the proposal');
    release();
    await holderTx;
    await working;
  };

  it.each([
    ['a new proposal', false],
    ['a proposal already known', true],
  ])('applies %s once when two processes apply two stored copies at once', async (_, known) => {
    const guid = randomUUID();
    if (known) await applyInboundEvent(t.ctx, await store(guid, 2));
    const [first, second] = [await store(guid), await store(guid)];
    // Another process: its own connection pool, so on PostgreSQL the two transactions overlap
    // and meet on the proposal's unique key and row lock.
    const otherProcess = { ...t.ctx, database: t.testDb.connectAgain() };
    await otherProcess.database.db.selectFrom('propostas').select('id').limit(1).execute();
    const both = () =>
      Promise.all([applyInboundEvent(t.ctx, first), applyInboundEvent(otherProcess, second)]);
    if (t.ctx.database.dialect === 'postgres') await whileHeld(guid, known, both);
    else await both();

    const rows = (await history(guid)).filter((r) => r.situacao === 9);
    expect(rows.map((r) => r.resultado).sort()).toEqual(['aplicada', 'duplicada']);
    expect(new Set(rows.map((r) => r.chave_dedup)).size).toBe(1);
    const propostas = await t.ctx.database.db
      .selectFrom('propostas')
      .selectAll()
      .where('proposta', '=', guid)
      .execute();
    expect(propostas).toHaveLength(1);
    expect(propostas[0].situacao).toBe(9);
    const eventos = await t.ctx.database.db.selectFrom('eventos').select('dados').execute();
    expect(eventos.filter((e) => e.dados.includes(guid))).toHaveLength(known ? 2 : 1);
    const settled = await t.ctx.database.db
      .selectFrom('eventos_entrada')
      .select(['situacao', 'resultado'])
      .where('id', 'in', [first, second])
      .execute();
    expect(settled.map((e) => e.situacao)).toEqual(['processado', 'processado']);
    expect(
      settled.map((e) => (JSON.parse(e.resultado!) as { resultado: string }).resultado).sort(),
    ).toEqual(['aplicada', 'duplicada']);
  });

  it('refuses, by its unique index, a second row acting on the same callback', async () => {
    const guid = randomUUID();
    await applyInboundEvent(t.ctx, await store(guid));
    const [applied] = await history(guid);
    const copy = { ...applied, id: `${applied.id}x`, evento_entrada_id: await store(guid) };
    await expect(
      t.ctx.database.db.insertInto('proposta_situacoes').values(copy).execute(),
    ).rejects.toThrow(/unique/i);
    // Copies recorded as duplicates share the key and are not refused.
    await t.ctx.database.db
      .insertInto('proposta_situacoes')
      .values({ ...copy, resultado: 'duplicada' })
      .execute();
  });
});
