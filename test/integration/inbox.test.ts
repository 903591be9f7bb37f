import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN = 'callback-token-do-provedor-0123456789';

describe('inbound inbox /callbacks/{provedor}/{token}', () => {
  let t: TestApp;
  let url: string;
  let integracaoId: string;

  async function create(configuracoes: unknown, recebimento: unknown) {
    const response = await t.api('/v1/integracoes', {
      method: 'POST',
      json: {
        provedor: 'teste',
        ambiente: 'homologacao',
        descricao: 'teste',
        credenciais: { chave: 'k', recebimento },
        configuracoes,
      },
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; url_recebimento: string };
  }

  const events = () =>
    t.ctx.database.db.selectFrom('eventos_entrada').selectAll().orderBy('id').execute();
  const jobCount = async () =>
    (await t.ctx.jobs.list({ kind: 'processar-evento-entrada', limit: 1000 })).length;

  beforeAll(async () => {
    t = await startTestApp({ config: { http: { port: 0, inboundBodyLimitBytes: 1024 } } });
    const created = await create({ recebimento: { autenticacao: 'bearer' } }, { token: TOKEN });
    url = created.url_recebimento;
    integracaoId = created.id;
  });
  afterAll(async () => t.close());

  it('stores an authenticated event, answers 200 and processes it', async () => {
    const response = await fetch(`${url}?origem=teste`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ref: 'tx-1', extra: { a: 1 } }),
    });
    expect(response.status).toBe(200);
    const { id } = (await response.json()) as { id: string };
    const stored = await waitFor(
      async () => (await events()).find((e) => e.id === id && e.situacao === 'processado'),
      'event processed',
    );
    expect(stored.integracao_id).toBe(integracaoId);
    expect(stored.veredito).toBe('aceito');
    expect(stored.metodo).toBe('POST');
    expect(JSON.parse(stored.query)).toEqual({ origem: 'teste' });
    expect(Buffer.from(stored.corpo!).toString()).toBe('{"ref":"tx-1","extra":{"a":1}}');
    expect(stored.ip_origem).toMatch(/127\.0\.0\.1/);
    expect(JSON.parse(stored.resultado!)).toEqual({
      leitura: { tipo: 'aceito', referencia: 'tx-1' },
    });
    // Neither the auth header nor the URL token is stored in clear.
    expect(stored.cabecalhos).not.toContain(TOKEN);
    expect(JSON.parse(stored.cabecalhos).authorization).toBe('[mascarado]');
    const token = new URL(url).pathname.split('/')[3];
    expect(stored.caminho).not.toContain(token);
  });

  it('refuses and records without a job: unknown token 404, bad auth 401, oversized 413, malformed 400', async () => {
    const jobsBefore = await jobCount();
    const eventsBefore = (await events()).length;
    const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const base = url.slice(0, url.lastIndexOf('/'));
    const cases: Array<[string, RequestInit, string, number, string]> = [
      [
        'wrong token',
        { method: 'POST', headers: auth, body: '{}' },
        `${base}/${'x'.repeat(43)}`,
        404,
        'token_desconhecido',
      ],
      [
        'wrong provider',
        { method: 'POST', headers: auth, body: '{}' },
        url.replace('/teste/', '/bmp/'),
        404,
        'token_desconhecido',
      ],
      [
        'wrong bearer',
        { method: 'POST', headers: { ...auth, authorization: 'Bearer errado' }, body: '{}' },
        url,
        401,
        'nao_autenticado',
      ],
      [
        'no auth',
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' },
        url,
        401,
        'nao_autenticado',
      ],
      [
        'basic instead of bearer',
        { method: 'POST', headers: { ...auth, authorization: 'Basic dTpw' }, body: '{}' },
        url,
        401,
        'nao_autenticado',
      ],
      [
        'oversized',
        { method: 'POST', headers: auth, body: JSON.stringify({ ref: 'x'.repeat(2000) }) },
        url,
        413,
        'corpo_grande',
      ],
      ['malformed', { method: 'POST', headers: auth, body: '{"ref": ' }, url, 400, 'malformado'],
      [
        'method not configured',
        { method: 'PUT', headers: auth, body: '{}' },
        url,
        405,
        'metodo_nao_permitido',
      ],
    ];
    for (const [name, init, target, status, veredito] of cases) {
      const response = await fetch(target, init);
      expect(response.status, name).toBe(status);
      const body = (await response.json()) as { erro: { codigo: string } };
      expect(body.erro.codigo, name).toBe(veredito);
    }
    const recorded = (await events()).slice(eventsBefore);
    expect(recorded.map((e) => e.veredito)).toEqual(cases.map((c) => c[4]));
    expect(recorded.every((e) => e.situacao === 'rejeitado')).toBe(true);
    expect(recorded.find((e) => e.veredito === 'corpo_grande')?.corpo).toBeNull();
    expect(await jobCount()).toBe(jobsBefore);
  });

  it('answers 404 for a disabled integration and accepts again once re-enabled', async () => {
    await t.api(`/v1/integracoes/${integracaoId}/desativar`, { method: 'POST' });
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    expect((await fetch(url, { method: 'POST', headers, body: '{"ref":"a"}' })).status).toBe(404);
    await t.api(`/v1/integracoes/${integracaoId}/ativar`, { method: 'POST' });
    expect((await fetch(url, { method: 'POST', headers, body: '{"ref":"a"}' })).status).toBe(200);
  });

  it('supports Basic and API-key schemes and a source-IP allow-list', async () => {
    const basic = await create(
      { recebimento: { autenticacao: 'basic' } },
      { usuario: 'serasa', senha: 's3nha' },
    );
    const good = Buffer.from('serasa:s3nha').toString('base64');
    const bad = Buffer.from('serasa:errada').toString('base64');
    expect(
      (
        await fetch(basic.url_recebimento, {
          method: 'POST',
          headers: { authorization: `Basic ${good}` },
          body: '{}',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await fetch(basic.url_recebimento, {
          method: 'POST',
          headers: { authorization: `Basic ${bad}` },
          body: '{}',
        })
      ).status,
    ).toBe(401);

    const apiKey = await create(
      { recebimento: { autenticacao: 'api_key', cabecalho: 'API-Key' } },
      { token: 'chave-bmp' },
    );
    expect(
      (await fetch(`${apiKey.url_recebimento}?x=1`, { headers: { 'api-key': 'chave-bmp' } }))
        .status,
    ).toBe(200);
    expect(
      (await fetch(apiKey.url_recebimento, { headers: { 'x-api-key': 'chave-bmp' } })).status,
    ).toBe(401);
    const stored = await t.ctx.database.db
      .selectFrom('eventos_entrada')
      .select('cabecalhos')
      .where('integracao_id', '=', apiKey.id)
      .execute();
    expect(stored.map((s) => s.cabecalhos).join()).not.toContain('chave-bmp');

    const allowList = await create(
      { recebimento: { autenticacao: 'nenhuma', ips_permitidos: ['10.1.2.3'] } },
      {},
    );
    const refused = await fetch(allowList.url_recebimento, { method: 'POST', body: '{}' });
    expect(refused.status).toBe(403);
  });
});
