import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/infra/clock.js';
import { loadConfig } from '../../src/infra/config/load-config.js';
import { sha256Hex } from '../../src/infra/crypto/tokens.js';
import {
  novaNegativacao,
  startSerasaHarness,
  type SerasaHarness,
} from '../support/serasa-setup.js';

const LEASE_MS = 60_000;

/**
 * A body in the order the route's schema puts its fields, so that the hash a test stores for a
 * key is the one the server computes from the parsed body.
 */
function negativacao(integracaoId: string) {
  const { integracao_id, ...divida } = novaNegativacao(integracaoId);
  return { ...divida, integracao_id };
}

interface ErroBody {
  erro: { codigo: string; mensagem: string; campo?: string; detalhes?: any };
}

// A process killed between taking a key and answering (or a database down when a 5xx was to be
// forgotten) leaves the key em_andamento with nobody to settle it. The rows below are inserted
// as such a request leaves them; the clock is moved instead of waiting for the lease.
describe('an Idempotency-Key left em_andamento by a request that never answered', () => {
  let h: SerasaHarness;
  const clock = new ManualClock();
  let apiKeyId: string;

  beforeAll(async () => {
    h = await startSerasaHarness({ clock, workers: false });
    apiKeyId = (
      await h.app.ctx.database.db
        .selectFrom('api_keys')
        .select('id')
        .where('name', '=', 'test')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => h?.close());

  const leftInProgress = async (key: string, path: string, json: unknown) => {
    await h.app.ctx.database.db
      .insertInto('idempotency_keys')
      .values({
        api_key_id: apiKeyId,
        key,
        method: 'POST',
        path,
        request_hash: sha256Hex(`POST ${path}\n${JSON.stringify(json)}`),
        state: 'em_andamento',
        created_at: clock.now().toISOString(),
      })
      .execute();
  };
  const post = async (path: string, json: unknown, key?: string) => {
    const response = await h.app.api(path, {
      method: 'POST',
      headers: key ? { 'idempotency-key': key } : {},
      json,
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      replayed: response.headers.get('idempotent-replayed'),
      body: (await response.json()) as any,
    };
  };
  /**
   * Holds the first `parties` reads of idempotency_keys, once read, until all of them have
   * happened, so each request acts on the row as the others saw it. Two requests in one process
   * on SQLite never interleave there on their own (one connection, a driver that answers without
   * yielding): this is the interleaving two processes sharing the database can run into.
   */
  const whileReadingTogether = async <T>(parties: number, work: () => Promise<T>) => {
    let arrived = 0;
    let release!: () => void;
    const allRead = new Promise<void>((resolve) => (release = resolve));
    // Should a change make the requests read one after the other, fail on the answers, not hang.
    const giveUp = setTimeout(() => release(), 2000);
    const holdAfterRead = <B extends object>(builder: B): B =>
      new Proxy(builder, {
        get(target, prop) {
          const value = Reflect.get(target, prop, target) as unknown;
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            const result = (value as (...a: unknown[]) => unknown).apply(target, args);
            if (prop === 'executeTakeFirst' && arrived < parties) {
              return (result as Promise<unknown>).then(async (row) => {
                if (++arrived === parties) release();
                await allRead;
                return row;
              });
            }
            return typeof result === 'object' && result !== null && 'executeTakeFirst' in result
              ? holdAfterRead(result)
              : result;
          };
        },
      });
    const database = h.app.ctx.database;
    const original = database.db;
    database.db = new Proxy(original, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown;
        if (prop !== 'selectFrom') {
          return typeof value === 'function' ? value.bind(target) : value;
        }
        return (table: string) =>
          table === 'idempotency_keys'
            ? holdAfterRead(target.selectFrom(table))
            : target.selectFrom(table as 'pagamentos');
      },
    });
    try {
      return await work();
    } finally {
      database.db = original;
      clearTimeout(giveUp);
    }
  };
  const negativacoesOf = async (contrato: string) =>
    h.app.ctx.database.db
      .selectFrom('negativacoes')
      .select('id')
      .where('contrato', '=', contrato)
      .execute();
  const pagamentosOf = async (negativacaoId: string) =>
    h.app.ctx.database.db
      .selectFrom('pagamentos')
      .select('id')
      .where('negativacao_id', '=', negativacaoId)
      .execute();

  it('answers 409 with Retry-After while the lease runs, then one of racing retries runs it', async () => {
    const json = negativacao(h.integracaoId);
    await leftInProgress('neg-morta', '/v1/negativacoes', json);

    clock.advance(20_000);
    const early = await post('/v1/negativacoes', json, 'neg-morta');
    expect(early.status).toBe(409);
    expect(early.retryAfter).toBe('40');
    expect((early.body as ErroBody).erro).toMatchObject({
      codigo: 'requisicao_em_andamento',
      campo: 'Idempotency-Key',
    });
    expect(early.body.erro.mensagem).toContain('em 40 s');

    clock.advance(LEASE_MS - 20_000 - 300);
    const almost = await post('/v1/negativacoes', json, 'neg-morta');
    expect(almost.status).toBe(409);
    expect(almost.retryAfter).toBe('1');
    expect(await negativacoesOf(json.contrato)).toHaveLength(0);

    clock.advance(300);
    // Both retries read the expired hold before either writes: the race the retake must settle.
    const racing = await whileReadingTogether(2, () =>
      Promise.all([
        post('/v1/negativacoes', json, 'neg-morta'),
        post('/v1/negativacoes', json, 'neg-morta'),
      ]),
    );
    const ran = racing.filter((answer) => answer.status === 202 && !answer.replayed);
    expect(ran).toHaveLength(1);
    // The loser finds the winner's fresh hold (or its answer, if already settled); a second run
    // would instead answer the natural key's 409 negativacao_duplicada.
    const lost = racing.find((answer) => answer !== ran[0])!;
    if (lost.status === 202) {
      expect(lost).toMatchObject({ replayed: 'true', body: { id: ran[0].body.id } });
    } else {
      expect(lost.status).toBe(409);
      expect(lost.body.erro.codigo).toBe('requisicao_em_andamento');
      expect(lost.retryAfter).toBe(String(LEASE_MS / 1000));
    }
    const rows = await negativacoesOf(json.contrato);
    expect(rows).toEqual([{ id: ran[0].body.id }]);

    const settled = await post('/v1/negativacoes', json, 'neg-morta');
    expect(settled).toMatchObject({ status: 202, replayed: 'true', body: { id: ran[0].body.id } });
  });

  it('a re-run whose negativacao the first run created answers 409 naming it, kept for replays', async () => {
    const json = negativacao(h.integracaoId);
    // The first run committed its negativacao; its process died before answering.
    const first = await post('/v1/negativacoes', json);
    expect(first.status).toBe(202);
    await leftInProgress('neg-criada', '/v1/negativacoes', json);
    clock.advance(LEASE_MS + 1);

    const rerun = await post('/v1/negativacoes', json, 'neg-criada');
    expect(rerun.status).toBe(409);
    expect((rerun.body as ErroBody).erro).toMatchObject({
      codigo: 'negativacao_duplicada',
      campo: 'contrato',
      detalhes: { negativacao_id: first.body.id },
    });
    const replay = await post('/v1/negativacoes', json, 'neg-criada');
    expect(replay).toMatchObject({ status: 409, replayed: 'true', body: rerun.body });
    expect(await negativacoesOf(json.contrato)).toHaveLength(1);
  });

  it('a re-run of a payment the first run registered answers 409 naming it, active or not', async () => {
    // Still active after the payment: an inclusion already confirmed, its removal under way.
    const ativa = negativacao(h.integracaoId);
    const ativaId = (await post('/v1/negativacoes', ativa)).body.id as string;
    await h.app.ctx.database.db
      .updateTable('negativacoes')
      .set({ status: 'inserida', acao: null, referencia_inclusao: `ref-${ativaId}` })
      .where('id', '=', ativaId)
      .execute();
    const porId = { negativacao_id: ativaId, pago_em: '2026-01-02T10:00:00Z' };
    const firstById = await post('/v1/pagamentos', porId);
    expect(firstById.status).toBe(201);
    await leftInProgress('pag-por-id', '/v1/pagamentos', porId);

    // Ended by the payment: never transmitted, so cancelled at once (no longer linked as active).
    const cancelada = negativacao(h.integracaoId);
    const canceladaId = (await post('/v1/negativacoes', cancelada)).body.id as string;
    const porFatura = { fatura: cancelada.faturas[0], pago_em: '2026-01-03T10:00:00Z' };
    const firstByFatura = await post('/v1/pagamentos', porFatura);
    expect(firstByFatura.status).toBe(201);
    expect(firstByFatura.body.negativacoes[0].status).toBe('removida');
    await leftInProgress('pag-por-fatura', '/v1/pagamentos', porFatura);

    clock.advance(LEASE_MS + 1);
    for (const [key, json, first, campo, negativacaoId] of [
      ['pag-por-id', porId, firstById, 'negativacao_id', ativaId],
      ['pag-por-fatura', porFatura, firstByFatura, 'fatura', canceladaId],
    ] as const) {
      const rerun = await post('/v1/pagamentos', json, key);
      expect(rerun.status, JSON.stringify(rerun.body)).toBe(409);
      expect((rerun.body as ErroBody).erro).toMatchObject({
        codigo: 'pagamento_duplicado',
        campo,
        detalhes: {
          pagamentos: [{ id: first.body.pagamentos[0].id, negativacao_id: negativacaoId }],
        },
      });
      expect(await pagamentosOf(negativacaoId)).toHaveLength(1);
    }
  });

  it('registers the same payment sent twice at once only once', async () => {
    const json = negativacao(h.integracaoId);
    const id = (await post('/v1/negativacoes', json)).body.id as string;
    await h.app.ctx.database.db
      .updateTable('negativacoes')
      .set({ status: 'inserida', acao: null, referencia_inclusao: `ref-${id}` })
      .where('id', '=', id)
      .execute();
    const pagamento = { negativacao_id: id, pago_em: '2026-01-04T10:00:00Z' };
    const answers = await Promise.all([
      post('/v1/pagamentos', pagamento),
      post('/v1/pagamentos', pagamento),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const registered = answers.find((a) => a.status === 201)!;
    const refused = answers.find((a) => a.status === 409)!;
    expect(refused.body.erro.detalhes.pagamentos).toEqual([
      { id: registered.body.pagamentos[0].id, negativacao_id: id },
    ]);
    expect(await pagamentosOf(id)).toHaveLength(1);
  });

  it('never runs again a route without a natural key: the outcome is unknown, said for good', async () => {
    const webhook = { url: 'https://hooks.example.com/credgate', descricao: 'host' };
    await leftInProgress('interrompida-1', '/v1/webhooks', webhook);
    clock.advance(LEASE_MS + 1);
    const countWebhooks = async () =>
      (await h.app.ctx.database.db.selectFrom('webhooks').select('id').execute()).length;
    const before = await countWebhooks();

    for (let i = 0; i < 2; i++) {
      const answer = await post('/v1/webhooks', webhook, 'interrompida-1');
      expect(answer.status).toBe(409);
      expect(answer.retryAfter).toBeNull();
      expect(answer.body.erro).toMatchObject({
        codigo: 'requisicao_interrompida',
        campo: 'Idempotency-Key',
      });
    }
    expect(await countWebhooks()).toBe(before);
  });
});

describe('http.idempotencyLeaseMs', () => {
  it('defaults to 60 s and must outlast the request timeout', () => {
    expect(loadConfig({ env: {} }).http.idempotencyLeaseMs).toBe(LEASE_MS);
    expect(
      loadConfig({
        env: { CREDGATE_HTTP_IDEMPOTENCY_LEASE_MS: '5000' },
        overrides: { http: { requestTimeoutMs: 1000 } },
      }).http.idempotencyLeaseMs,
    ).toBe(5000);
    expect(() => loadConfig({ env: { CREDGATE_HTTP_IDEMPOTENCY_LEASE_MS: '30000' } })).toThrow(
      /http\.idempotencyLeaseMs \(CREDGATE_HTTP_IDEMPOTENCY_LEASE_MS\): must be greater than http\.requestTimeoutMs/,
    );
  });
});
