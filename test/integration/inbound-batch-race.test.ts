import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PROCESS_INBOUND_BATCH,
  processInboundBatch,
} from '../../src/jobs/process-inbound-event.js';
import type { ClaimedJob } from '../../src/infra/queue/job-queue.js';
import {
  postInclusionWebhook,
  startSerasaHarness,
  type SerasaHarness,
} from '../support/serasa-setup.js';
import { testBackend } from '../support/test-database.js';

// On PostgreSQL a batch reads its events before applying them and claims each one by the update
// that settles it. Two workers running the same batch at once: one applies each event, the other
// finds it settled and rolls back whatever it wrote, so nothing is applied or recorded twice.
describe.runIf(testBackend() === 'postgres')('one inbound batch run by two workers at once', () => {
  let h: SerasaHarness;
  beforeAll(async () => {
    h = await startSerasaHarness({ workers: false });
  });
  afterAll(async () => h?.close());

  it('applies each webhook once and keeps the first verdict on the event', async () => {
    const uuids: string[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { id } = await h.negativar({ contrato: `RACE-${Date.now() % 1e9}-${i}` });
      const uuid = `race-${id}`;
      // As if transmitted: the webhook's uuid is the inclusion's reference.
      await h.app.ctx.database.db
        .updateTable('negativacoes')
        .set({ status: 'aguardando_confirmacao_inserir', referencia_inclusao: uuid })
        .where('id', '=', id)
        .execute();
      ids.push(id);
      uuids.push(uuid);
    }
    for (const [i, uuid] of uuids.entries()) {
      const row = await h.app.ctx.database.db
        .selectFrom('negativacoes')
        .selectAll()
        .where('id', '=', ids[i])
        .executeTakeFirstOrThrow();
      await postInclusionWebhook(h, row, uuid, { cadusKey: `K${i}`, cadusSerie: '001' });
    }
    const jobs = await h.app.ctx.jobs.list({ kind: PROCESS_INBOUND_BATCH, limit: 50 });
    const eventoIds = jobs.flatMap(
      (j) => (JSON.parse(j.payload) as { eventoIds: string[] }).eventoIds,
    );
    expect(eventoIds).toHaveLength(5);

    const run = () =>
      processInboundBatch(h.app.ctx)({
        job: { payload: { eventoIds } } as unknown as ClaimedJob,
        signal: new AbortController().signal,
      });
    await Promise.all([run(), run()]);

    for (const id of ids) {
      const view = await h.get(id);
      expect(view.status).toBe('inserida');
      expect(view.historico!.filter((e) => e.tipo === 'inclusao_confirmada')).toHaveLength(1);
    }
    const eventos = await h.app.ctx.database.db
      .selectFrom('eventos_entrada')
      .select(['situacao', 'resultado'])
      .where('id', 'in', eventoIds)
      .execute();
    // The loser saw `inserida` and would have written "repetido" over the winner's verdict.
    expect(eventos.map((e) => [e.situacao, JSON.parse(e.resultado!).resultado])).toEqual(
      eventoIds.map(() => ['processado', 'aplicado']),
    );
    const hostEvents = await h.app.ctx.database.db
      .selectFrom('eventos')
      .select('dados')
      .where('tipo', '=', 'negativacao.status_alterado')
      .execute();
    const inseridas = hostEvents.filter(
      (e) => (JSON.parse(e.dados) as { status: string }).status === 'inserida',
    );
    expect(inseridas).toHaveLength(5);
  });
});
