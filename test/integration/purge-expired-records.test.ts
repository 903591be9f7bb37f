import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/infra/clock.js';
import { PURGE_EXPIRED_RECORDS } from '../../src/jobs/purge-expired-records.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

describe('hourly housekeeping job', () => {
  let t: TestApp;
  const clock = new ManualClock('2026-03-02T10:30:00.000Z');
  beforeAll(async () => {
    t = await startTestApp({ clock });
  });
  afterAll(async () => t.close());

  it('expires idempotency keys after a day and reschedules itself once per hour slot', async () => {
    const purges = () => t.ctx.jobs.list({ kind: PURGE_EXPIRED_RECORDS, limit: 50 });
    // Start-up ran one purge and scheduled the next for 11:30.
    await waitFor(async () => (await purges()).some((j) => j.state === 'completed'), 'first purge');
    const pending = (await purges()).filter((j) => j.state === 'available');
    expect(pending.map((j) => j.run_at)).toEqual(['2026-03-02T11:30:00.000Z']);

    const headers = { 'idempotency-key': 'chave-antiga' };
    const json = {
      provedor: 'bmp',
      ambiente: 'producao',
      descricao: 'x',
      credenciais: { recebimento: { token: 't' } },
    };
    expect((await t.api('/v1/integracoes', { method: 'POST', headers, json })).status).toBe(201);
    clock.advance(25 * 3600 * 1000);
    t.ctx.wake.notify();
    await waitFor(
      async () => (await purges()).filter((j) => j.state === 'completed').length === 2,
      'second purge',
    );
    const keys = await t.ctx.database.db.selectFrom('idempotency_keys').selectAll().execute();
    expect(keys).toEqual([]);
    // A new start in the same slot does not add a second pending run.
    const { scheduleNextPurge } = await import('../../src/jobs/purge-expired-records.js');
    expect(await scheduleNextPurge(t.ctx, 3600 * 1000)).toBeNull();
  });
});
