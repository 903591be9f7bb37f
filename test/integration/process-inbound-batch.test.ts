import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PROCESS_INBOUND_BATCH,
  PROCESS_INBOUND_EVENT,
  processInboundBatch,
} from '../../src/jobs/process-inbound-event.js';
import type { ClaimedJob } from '../../src/infra/queue/job-queue.js';
import { InboxWriter } from '../../src/inbound/inbox-writer.js';
import { receiveInboundRequest } from '../../src/inbound/receive-inbound-request.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('inbound batch processing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ workers: false });
  });
  afterAll(async () => t.close());

  it('queues one job per group commit and isolates an event that fails', async () => {
    const created = await t.api('/v1/integracoes', {
      method: 'POST',
      json: {
        provedor: 'teste',
        ambiente: 'homologacao',
        descricao: 'lote',
        credenciais: { chave: 'k', recebimento: {} },
        configuracoes: { recebimento: { autenticacao: 'nenhuma' } },
      },
    });
    const { url_recebimento: url } = (await created.json()) as { url_recebimento: string };
    const token = new URL(url).pathname.split('/')[3];
    const inbox = new InboxWriter(t.ctx.database, t.ctx.jobs);
    const receive = (ref: string) =>
      receiveInboundRequest(t.ctx, inbox, {
        provedor: 'teste',
        token,
        method: 'POST',
        path: `/callbacks/teste/${token}`,
        query: {},
        headers: {},
        body: Buffer.from(JSON.stringify({ ref })),
        sourceIp: '127.0.0.1',
      });
    // Requests that reach the writer together share a commit and its one processing job; how
    // many share depends on timing, but every event is covered by exactly one batch job.
    const answers = await Promise.all(['a', 'b', 'c'].map(receive));
    const ids = answers.map((answer) => answer.eventoId);
    const batches = await t.ctx.jobs.list({ kind: PROCESS_INBOUND_BATCH, limit: 10 });
    const covered = batches.flatMap(
      (j) => (JSON.parse(j.payload) as { eventoIds: string[] }).eventoIds,
    );
    expect(covered.sort()).toEqual([...ids].sort());

    // The middle event vanishes before processing: it must fail alone.
    await t.ctx.database.db.deleteFrom('eventos_entrada').where('id', '=', ids[1]).execute();
    const job = { payload: { eventoIds: ids } } as unknown as ClaimedJob;
    await processInboundBatch(t.ctx)({ job, signal: new AbortController().signal });

    const events = await t.ctx.database.db
      .selectFrom('eventos_entrada')
      .select(['id', 'situacao'])
      .execute();
    expect(events.filter((e) => ids.includes(e.id)).map((e) => e.situacao)).toEqual([
      'processado',
      'processado',
    ]);
    const singles = await t.ctx.jobs.list({ kind: PROCESS_INBOUND_EVENT, limit: 10 });
    expect(singles.map((j) => JSON.parse(j.payload) as unknown)).toEqual([{ eventoId: ids[1] }]);
  });
});
