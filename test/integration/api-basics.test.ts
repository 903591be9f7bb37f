import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, ensureApiKey, revokeApiKey } from '../../src/infra/auth/api-keys.js';
import { sha256Hex } from '../../src/infra/crypto/tokens.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

const bmpInput = (descricao: string) => ({
  provedor: 'bmp',
  ambiente: 'producao',
  descricao,
  credenciais: { recebimento: { token: 'token-bmp-123' } },
});

const BOOTSTRAP_KEY = 'automacao-bootstrap-key-0123456789';

describe('API basics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      workers: false,
      config: { http: { port: 0, bodyLimitBytes: 4096 }, bootstrapApiKey: BOOTSTRAP_KEY },
    });
  });
  afterAll(async () => t.close());

  it('requires a valid API key on /v1 and names the header', async () => {
    const none = await fetch(`${t.url}/v1/integracoes`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as any).erro).toMatchObject({
      codigo: 'nao_autenticado',
      campo: 'Authorization',
    });
    const wrong = await t.api('/v1/integracoes', {
      headers: { authorization: 'Bearer cg_nao-existe' },
    });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as any).erro.codigo).toBe('chave_invalida');
  });

  it('accepts the CREDGATE_BOOTSTRAP_API_KEY key, stored only as a hash', async () => {
    const response = await t.api('/v1/integracoes', {
      headers: { authorization: `Bearer ${BOOTSTRAP_KEY}` },
    });
    expect(response.status).toBe(200);
    const rows = await t.ctx.database.db.selectFrom('api_keys').selectAll().execute();
    expect(rows.map((r) => r.name)).toContain('bootstrap');
    expect(JSON.stringify(rows)).not.toContain(BOOTSTRAP_KEY);
  });

  it('registers a bootstrap key once when processes start together', async () => {
    const key = `replicas-juntas-${Date.now()}-0123456789`;
    const outcomes = await Promise.all(
      [1, 2, 3].map(() => ensureApiKey(t.ctx.database, t.ctx.clock, 'bootstrap', key)),
    );
    expect(outcomes.sort()).toEqual(['created', 'existing', 'existing']);
    const rows = await t.ctx.database.db
      .selectFrom('api_keys')
      .select('id')
      .where('key_hash', '=', sha256Hex(key))
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('refuses a revoked key: at once when revoked here, within 2 s when revoked elsewhere', async () => {
    const status = async (key: string) =>
      (await t.api('/v1/integracoes', { headers: { authorization: `Bearer ${key}` } })).status;

    const here = await createApiKey(t.ctx.database, t.ctx.clock, 'revogada-aqui');
    expect(await status(here.key)).toBe(200); // now cached
    expect(await revokeApiKey(t.ctx.database, t.ctx.clock, here.id)).toBe(true);
    expect(await status(here.key)).toBe(401);

    // Another process (the CLI) revokes with a plain UPDATE this server's cache does not see.
    const elsewhere = await createApiKey(t.ctx.database, t.ctx.clock, 'revogada-alhures');
    expect(await status(elsewhere.key)).toBe(200);
    await t.ctx.database.db
      .updateTable('api_keys')
      .set({ revoked_at: new Date().toISOString() })
      .where('id', '=', elsewhere.id)
      .execute();
    const started = Date.now();
    await waitFor(async () => (await status(elsewhere.key)) === 401, 'revocation seen', 5000);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('serves /health, /ready, /metrics and the OpenAPI docs without a key', async () => {
    expect(await (await fetch(`${t.url}/health`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${t.url}/ready`)).json()).toMatchObject({ status: 'pronto' });
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toContain('credgate_http_request_duration_seconds_bucket');
    expect(metrics).toContain('credgate_jobs{state="available"}');
    expect(metrics).toContain('credgate_inbound_events_total');
    const docs = await fetch(`${t.url}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
    const spec = (await (await fetch(`${t.url}/docs/json`)).json()) as any;
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/v1/integracoes',
        '/v1/integracoes/{id}',
        '/callbacks/{provedor}/{token}',
        '/v1/jobs',
      ]),
    );
  });

  it('sends security headers', async () => {
    const response = await fetch(`${t.url}/health`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toBeTruthy();
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('answers errors in the erro shape and never leaks internals', async () => {
    const broken = await t.api('/v1/integracoes', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"provedor": ',
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as any).erro.codigo).toBe('json_invalido');
    const big = await t.api('/v1/integracoes', {
      method: 'POST',
      json: { descricao: 'x'.repeat(5000) },
    });
    expect(big.status).toBe(413);
    const missing = await t.api('/v1/nada');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as any).erro.codigo).toBe('rota_inexistente');
    const badQuery = await t.api('/v1/integracoes?limite=0');
    expect(badQuery.status).toBe(400);
    expect(((await badQuery.json()) as any).erro.campo).toBe('limite');
  });

  it('replays the same response for the same Idempotency-Key and body, refuses a different body', async () => {
    const headers = { 'idempotency-key': 'pedido-42' };
    const first = await t.api('/v1/integracoes', {
      method: 'POST',
      headers,
      json: bmpInput('BMP producao'),
    });
    expect(first.status).toBe(201);
    const firstBody = await first.json();
    const again = await t.api('/v1/integracoes', {
      method: 'POST',
      headers,
      json: bmpInput('BMP producao'),
    });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(firstBody);
    const rows = await t.ctx.database.db
      .selectFrom('integracoes')
      .select('id')
      .where('descricao', '=', 'BMP producao')
      .execute();
    expect(rows).toHaveLength(1);

    const other = await t.api('/v1/integracoes', {
      method: 'POST',
      headers,
      json: bmpInput('outra'),
    });
    expect(other.status).toBe(422);
    expect(((await other.json()) as any).erro).toMatchObject({
      codigo: 'idempotency_key_reutilizada',
      campo: 'Idempotency-Key',
    });
  });

  it('answers 409 while the first request with the key is still running', async () => {
    const apiKeyId = (
      await t.ctx.database.db
        .selectFrom('api_keys')
        .select('id')
        .where('name', '=', 'test')
        .executeTakeFirstOrThrow()
    ).id;
    const json = bmpInput('em andamento');
    // What the first request leaves behind until it answers.
    await t.ctx.database.db
      .insertInto('idempotency_keys')
      .values({
        api_key_id: apiKeyId,
        key: 'pedido-lento',
        method: 'POST',
        path: '/v1/integracoes',
        request_hash: sha256Hex(`POST /v1/integracoes\n${JSON.stringify(json)}`),
        state: 'em_andamento',
        created_at: new Date().toISOString(),
      })
      .execute();
    const second = await t.api('/v1/integracoes', {
      method: 'POST',
      headers: { 'idempotency-key': 'pedido-lento' },
      json,
    });
    expect(second.status).toBe(409);
    expect(((await second.json()) as any).erro.codigo).toBe('requisicao_em_andamento');
  });

  it('keeps refusals under their key too, and scopes keys per API key', async () => {
    const headers = { 'idempotency-key': 'pedido-invalido' };
    const bad = {
      ...bmpInput('x'),
      credenciais: {},
      configuracoes: { recebimento: { autenticacao: 'bearer' } },
    };
    const first = await t.api('/v1/integracoes', { method: 'POST', headers, json: bad });
    expect(first.status).toBe(400);
    const replay = await t.api('/v1/integracoes', { method: 'POST', headers, json: bad });
    expect(replay.status).toBe(400);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });
});
