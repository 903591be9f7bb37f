import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.js';
import type { Database } from '../../src/infra/db/connect-database.js';
import type { ClaimedJob } from '../../src/infra/queue/job-queue.js';
import { PROCESS_LOTE, processLote } from '../../src/jobs/process-lote.js';
import { startSerasaHarness, type SerasaHarness } from '../support/serasa-setup.js';

const HEADER =
  'credor;devedor_documento;devedor_nome;cep;logradouro;numero;bairro;cidade;uf;contrato;' +
  'valor;vencimento;natureza';

/** Processing jobs are run by hand here (no workers), so each run is one the test chose. */
describe('processing a confirmed lote is idempotent', () => {
  let h: SerasaHarness;
  beforeAll(async () => {
    h = await startSerasaHarness({ workers: false });
  });
  afterAll(async () => {
    await h?.close();
  });

  let seq = 0;
  /** A previewed and confirmed lote of `linhas` valid rows; returns its id and processing jobs. */
  async function confirmado(linhas: number, contratos: string[] = []) {
    seq += 1;
    const rows = Array.from({ length: linhas }, (_, i) => {
      const contrato = contratos[i] ?? `P${seq}-${i + 1}`;
      return `62173620000180;00001209523;CLIENTE TESTE ABCB;01001-000;RUA X;1;CENTRO;SAO PAULO;SP;${contrato};100,00;10/12/2025;TI`;
    });
    const previa = await h.app.api(`/v1/negativacoes/lotes?integracao_id=${h.integracaoId}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: [HEADER, ...rows].join('\n'),
    });
    const { id, validas } = (await previa.json()) as { id: string; validas: number };
    expect(validas).toBe(linhas);
    return id;
  }
  async function confirmar(id: string) {
    const response = await h.app.api(`/v1/negativacoes/lotes/${id}/confirmar`, { method: 'POST' });
    expect(response.status).toBe(202);
    const jobs = await h.app.ctx.database.db
      .selectFrom('jobs')
      .selectAll()
      .where('kind', '=', PROCESS_LOTE)
      .where('payload', 'like', `%${id}%`)
      .orderBy('id')
      .execute();
    return jobs.map((job): ClaimedJob => ({
      id: job.id,
      kind: job.kind,
      queue: job.queue,
      payload: JSON.parse(job.payload),
      attempt: 1,
      maxAttempts: job.max_attempts,
      workerId: 'teste',
    }));
  }
  /**
   * What a provider rejection does to the lote's negativacoes so far: the unique key is released,
   * so only the row's own state can stop a second creation.
   */
  async function rejeitarCriadas(id: string) {
    const { negativacoes } = await resultado(id);
    await h.app.ctx.database.db
      .updateTable('negativacoes')
      .set({ status: 'rejeitada', acao: null, chave_unica: null })
      .where(
        'id',
        'in',
        negativacoes.map((n) => n.id),
      )
      .execute();
  }
  const run = (ctx: AppContext, job: ClaimedJob) =>
    processLote(ctx)({ job, signal: new AbortController().signal });

  /** Each row's negativacao, and how many negativacoes and transmission jobs the lote made. */
  async function resultado(id: string) {
    const db = h.app.ctx.database.db;
    const linhas = await db
      .selectFrom('lote_linhas')
      .select(['linha', 'situacao', 'negativacao_id', 'erro'])
      .where('lote_id', '=', id)
      .orderBy('linha')
      .execute();
    const negativacoes = await db
      .selectFrom('negativacoes')
      .innerJoin('negativacao_eventos as e', 'e.negativacao_id', 'negativacoes.id')
      .select(['negativacoes.id', 'negativacoes.contrato'])
      .where('e.tipo', '=', 'criada')
      .where('e.detalhes', 'like', `%${id}%`)
      .execute();
    const payloads = negativacoes.map((n) => JSON.stringify({ negativacaoId: n.id }));
    const transmissoes = await db
      .selectFrom('jobs')
      .select('payload')
      .where('kind', '=', 'transmitir-negativacao')
      .where('payload', 'in', payloads.length > 0 ? payloads : [''])
      .execute();
    const lote = await db
      .selectFrom('lotes')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return { linhas, negativacoes, transmissoes: transmissoes.length, lote };
  }

  it('a chunk run twice, and twice at once, creates one negativacao (and one transmission) per row', async () => {
    const id = await confirmado(250);
    const jobs = await confirmar(id);
    // 200 valid rows per job.
    expect(jobs.map((j) => j.payload)).toEqual([
      { loteId: id, de: 1, ate: 200 },
      { loteId: id, de: 201, ate: 250 },
    ]);
    await Promise.all([run(h.app.ctx, jobs[0]), run(h.app.ctx, jobs[0])]);
    expect((await resultado(id)).negativacoes).toHaveLength(200);
    await rejeitarCriadas(id);
    await run(h.app.ctx, jobs[0]);
    let r = await resultado(id);
    expect(r.negativacoes).toHaveLength(200);
    expect(r.lote.situacao).toBe('processando');

    await Promise.all([run(h.app.ctx, jobs[1]), run(h.app.ctx, jobs[1]), run(h.app.ctx, jobs[0])]);
    r = await resultado(id);
    expect(r.negativacoes).toHaveLength(250);
    expect(new Set(r.negativacoes.map((n) => n.contrato)).size).toBe(250);
    expect(r.transmissoes).toBe(250);
    expect(r.linhas.every((l) => l.situacao === 'criada')).toBe(true);
    // Each row holds the negativacao made from it (its contract), not another row's.
    const contratoDe = new Map(r.negativacoes.map((n) => [n.id, n.contrato]));
    expect(r.linhas.map((l) => contratoDe.get(l.negativacao_id!))).toEqual(
      r.linhas.map((l) => `P${seq}-${l.linha}`),
    );
    expect(r.lote.situacao).toBe('concluido');
  });

  it('a run that read the rows before another created them creates nothing (the row is claimed)', async () => {
    const id = await confirmado(20);
    const [job] = await confirmar(id);
    const real = h.app.ctx.database;
    let leu!: () => void;
    const lidas = new Promise<void>((resolve) => (leu = resolve));
    let soltar!: () => void;
    const portao = new Promise<void>((resolve) => (soltar = resolve));
    // The late run has read every row as `valida` and waits before its first commit.
    const atrasada: Database = {
      ...real,
      transact: async (work) => {
        leu();
        await portao;
        return real.transact(work);
      },
    };
    const tardia = run({ ...h.app.ctx, database: atrasada }, job);
    await lidas;
    await run(h.app.ctx, job);
    await rejeitarCriadas(id);
    soltar();
    await tardia;
    const r = await resultado(id);
    expect(r.negativacoes).toHaveLength(20);
    expect(r.transmissoes).toBe(20);
  });

  it('a run that dies before its commit leaves nothing half-written; the retry creates each row once', async () => {
    const id = await confirmado(30);
    const [job] = await confirmar(id);
    const real = h.app.ctx.database;
    // Every statement of the chunk ran, then the process "dies" before the commit.
    const crashing: Database = {
      ...real,
      transact: (work) =>
        real.transact(async (tx) => {
          await work(tx);
          throw new Error('processo morreu');
        }),
    };
    await expect(run({ ...h.app.ctx, database: crashing }, job)).rejects.toThrow('processo morreu');
    let r = await resultado(id);
    expect(r.negativacoes).toHaveLength(0);
    expect(r.linhas.every((l) => l.situacao === 'valida' && l.negativacao_id === null)).toBe(true);
    expect(r.lote.situacao).toBe('processando');

    await run(h.app.ctx, job);
    r = await resultado(id);
    expect(r.negativacoes).toHaveLength(30);
    expect(new Set(r.negativacoes.map((n) => n.contrato)).size).toBe(30);
    expect(r.transmissoes).toBe(30);
    expect(r.linhas.every((l) => l.situacao === 'criada')).toBe(true);
    expect(r.lote.situacao).toBe('concluido');
  });

  it('a key taken between the check and the insert fails its row alone (the chunk goes row by row)', async () => {
    const id = await confirmado(4, ['CORRIDA-1', 'CORRIDA-2', 'CORRIDA-3', 'CORRIDA-4']);
    const [job] = await confirmar(id);
    const real = h.app.ctx.database;
    let transacoes = 0;
    // A POST /v1/negativacoes for row 3's debt commits just before the chunk's transaction.
    const corrida: Database = {
      ...real,
      transact: async (work) => {
        if (++transacoes === 1) await h.negativar({ contrato: 'CORRIDA-3' });
        return real.transact(work);
      },
    };
    await run({ ...h.app.ctx, database: corrida }, job);
    // The whole chunk's commit, refused, then one per row.
    expect(transacoes).toBe(5);
    const r = await resultado(id);
    expect(r.linhas.map((l) => l.situacao)).toEqual(['criada', 'criada', 'falha', 'criada']);
    expect(JSON.parse(r.linhas[2].erro!)).toMatchObject({
      codigo: 'negativacao_duplicada',
      campo: 'contrato',
    });
    expect(r.negativacoes.map((n) => n.contrato).sort()).toEqual([
      'CORRIDA-1',
      'CORRIDA-2',
      'CORRIDA-4',
    ]);
    expect(r.transmissoes).toBe(3);
    expect(r.lote.situacao).toBe('concluido');
  });

  it('a run that dies while going row by row is finished by the retry, each row created once', async () => {
    const contratos = Array.from({ length: 6 }, (_, i) => `QUEDA-${i + 1}`);
    const id = await confirmado(6, contratos);
    const [job] = await confirmar(id);
    const real = h.app.ctx.database;
    let transacoes = 0;
    // Row 2's debt is taken before the chunk's commit, so the chunk goes row by row; the
    // process "dies" at the fourth of those commits.
    const queda: Database = {
      ...real,
      transact: async (work) => {
        transacoes++;
        if (transacoes === 1) await h.negativar({ contrato: 'QUEDA-2' });
        if (transacoes === 5) throw new Error('processo morreu');
        return real.transact(work);
      },
    };
    await expect(run({ ...h.app.ctx, database: queda }, job)).rejects.toThrow('processo morreu');
    let r = await resultado(id);
    expect(r.negativacoes.length).toBeGreaterThan(0);
    expect(r.negativacoes.length).toBeLessThan(5);
    expect(r.lote.situacao).toBe('processando');

    await run(h.app.ctx, job);
    r = await resultado(id);
    expect(r.linhas.map((l) => l.situacao)).toEqual([
      'criada',
      'falha',
      'criada',
      'criada',
      'criada',
      'criada',
    ]);
    expect(r.negativacoes.map((n) => n.contrato).sort()).toEqual(
      contratos.filter((c) => c !== 'QUEDA-2'),
    );
    expect(r.transmissoes).toBe(5);
    expect(r.lote.situacao).toBe('concluido');
  });

  it('a row whose debt was negativada after the preview fails alone, counted in falhas', async () => {
    const id = await confirmado(3, ['DUPL-1', 'DUPL-2', 'DUPL-3']);
    await h.negativar({ contrato: 'DUPL-2' });
    const [job] = await confirmar(id);
    await run(h.app.ctx, job);
    const r = await resultado(id);
    expect(r.linhas.map((l) => l.situacao)).toEqual(['criada', 'falha', 'criada']);
    expect(JSON.parse(r.linhas[1].erro!)).toMatchObject({
      codigo: 'negativacao_duplicada',
      campo: 'contrato',
    });
    const lote = (await (await h.app.api(`/v1/negativacoes/lotes/${id}`)).json()) as any;
    expect(lote).toMatchObject({
      situacao: 'concluido',
      progresso: { criadas: 2, falhas: 1, transmitidas: 0, pendentes: 2 },
    });
  });

  it('rows of an integration disabled after the confirmation fail with its refusal', async () => {
    const id = await confirmado(2);
    const [job] = await confirmar(id);
    const off = await h.app.api(`/v1/integracoes/${h.integracaoId}/desativar`, { method: 'POST' });
    expect(off.status).toBe(200);
    await run(h.app.ctx, job);
    const r = await resultado(id);
    expect(r.linhas.map((l) => [l.situacao, JSON.parse(l.erro!).codigo])).toEqual([
      ['falha', 'integracao_desativada'],
      ['falha', 'integracao_desativada'],
    ]);
    expect(r.negativacoes).toHaveLength(0);
    expect(r.lote.situacao).toBe('concluido');
  });
});
