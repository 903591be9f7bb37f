import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/infra/db/connect-database.js';
import { TransmissionMarkers } from '../../src/jobs/take-transmission-markers.js';
import { startSerasaHarness, type SerasaHarness } from '../support/serasa-setup.js';
import { testBackend } from '../support/test-database.js';

/** The database with its statements counted. */
function counting(real: Database): { database: Database; statements: () => number } {
  let statements = 0;
  const db = new Proxy(real.db, {
    get(target, name) {
      const value: unknown = Reflect.get(target, name, target);
      if (name === 'executeQuery') {
        return (...args: Parameters<typeof target.executeQuery>) => {
          statements++;
          return target.executeQuery(...args);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { database: { ...real, db }, statements: () => statements };
}

// The transmission job marks its row before sending (the evidence a crash leaves). Jobs a worker
// starts together share one statement on PostgreSQL; each job must still get only its own row.
describe('transmission markers', () => {
  let h: SerasaHarness;
  beforeAll(async () => {
    h = await startSerasaHarness({ workers: false });
  });
  afterAll(async () => {
    await h?.close();
  });

  let seq = 0;
  async function pendentes(n: number) {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push((await h.negativar({ contrato: `MARCA-${++seq}` })).id);
    return ids;
  }
  const read = (id: string) =>
    h.app.ctx.database.db
      .selectFrom('negativacoes')
      .select(['transmissao_desde', 'transmissao_job'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('marks each row for its own job, and on PostgreSQL the jobs of one turn in one statement', async () => {
    const ids = await pendentes(5);
    const { database, statements } = counting(h.app.ctx.database);
    const markers = new TransmissionMarkers(database, h.app.ctx.clock);
    const rows = await Promise.all(ids.map((id, i) => markers.take(id, `job_${i}`)));
    expect(rows.map((row) => row?.id)).toEqual(ids);
    for (const [i, id] of ids.entries()) {
      const stored = await read(id);
      expect(stored.transmissao_job).toBe(`job_${i}`);
      expect(stored.transmissao_desde).toBe(rows[i]!.transmissao_desde);
    }
    if (h.app.ctx.database.dialect === 'postgres') expect(statements()).toBe(1);
  });

  it('a row already marked, or not pending, is not taken; the others of the batch are', async () => {
    const [livre, marcada] = await pendentes(2);
    const markers = new TransmissionMarkers(h.app.ctx.database, h.app.ctx.clock);
    expect(await markers.take(marcada, 'job_primeiro')).toBeDefined();
    const [a, b, inexistente] = await Promise.all([
      markers.take(livre, 'job_a'),
      markers.take(marcada, 'job_b'),
      markers.take('neg_inexistente', 'job_c'),
    ]);
    expect(a?.transmissao_job).toBe('job_a');
    expect(b).toBeUndefined();
    expect(inexistente).toBeUndefined();
    expect((await read(marcada)).transmissao_job).toBe('job_primeiro');
  });

  it('two jobs of one row in the same turn, or one job twice: exactly one call holds the mark', async () => {
    const [id, outra] = await pendentes(2);
    const markers = new TransmissionMarkers(h.app.ctx.database, h.app.ctx.clock);
    const rows = await Promise.all([markers.take(id, 'job_um'), markers.take(id, 'job_outro')]);
    const holders = rows.filter((row) => row !== undefined);
    expect(holders).toHaveLength(1);
    expect((await read(id)).transmissao_job).toBe(holders[0].transmissao_job);

    // A job whose lease lapsed and was claimed again, both runs asking in one turn.
    const twice = await Promise.all([
      markers.take(outra, 'job_dobro'),
      markers.take(outra, 'job_dobro'),
    ]);
    expect(twice.filter((row) => row !== undefined)).toHaveLength(1);
  });

  it.runIf(testBackend() === 'postgres')(
    'a batch that fails (a deadlock, say) is taken again call by call',
    async () => {
      const ids = await pendentes(3);
      const real = h.app.ctx.database;
      let first = true;
      const db = new Proxy(real.db, {
        get(target, name) {
          const value: unknown = Reflect.get(target, name, target);
          if (name === 'executeQuery' && first) {
            first = false;
            return () => Promise.reject(new Error('deadlock detected'));
          }
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const markers = new TransmissionMarkers({ ...real, db }, h.app.ctx.clock);
      const rows = await Promise.all(ids.map((id, i) => markers.take(id, `job_sozinho_${i}`)));
      expect(rows.map((row) => row?.transmissao_job)).toEqual([
        'job_sozinho_0',
        'job_sozinho_1',
        'job_sozinho_2',
      ]);
    },
  );
});
