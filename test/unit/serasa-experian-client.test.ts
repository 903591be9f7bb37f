import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/infra/clock.js';
import { waitFor } from '../support/wait-for.js';
import {
  basic,
  closedPortUrl,
  divida,
  failure,
  fixture,
  openClient,
  pedidoPf,
  SECRET_CONSULTA,
  SECRET_PEFIN,
  startStub,
  type StubSerasa,
} from '../fixtures/serasa-experian/stub-serasa.js';

// The transport: IAM login, token cache, single flight, one re-login on 401, timeouts and
// network failures, and the audit trail, all observed on the wire of a stub Serasa.

describe('Serasa Experian client: IAM, tokens, failures and audit', () => {
  let stub: StubSerasa;
  let clock: ManualClock;

  beforeEach(async () => {
    stub = await startStub();
    clock = new ManualClock('2026-01-05T12:00:00Z');
  });
  afterEach(async () => {
    await stub.app.close();
  });

  const open = (settings: Record<string, unknown> = {}) => openClient(stub, clock, settings);

  it('logs in with Basic and an empty JSON body, reuses the token, and logs in again after the TTL', async () => {
    const client = open({ token_ttl_segundos: 60 });
    await client.incluir!(divida);
    await client.incluir!(divida);
    expect(stub.state.logins).toHaveLength(1);
    const [login] = stub.state.logins;
    expect(login.headers.authorization).toBe(basic('id-pefin', SECRET_PEFIN));
    expect(login.headers['content-type']).toBe('application/json');
    expect(login.body).toEqual({});
    expect(stub.state.calls.map((c) => c.headers.authorization)).toEqual([
      'Bearer tok-1',
      'Bearer tok-1',
    ]);

    clock.advance(59_000);
    await client.incluir!(divida);
    expect(stub.state.logins).toHaveLength(1);
    clock.advance(1_000);
    await client.incluir!(divida);
    expect(stub.state.logins).toHaveLength(2);
    expect(stub.state.calls.at(-1)!.headers.authorization).toBe('Bearer tok-2');
  });

  it('keeps one token per credential pair; PEFIN logs in on the credit IAM host by default', async () => {
    const pefinOnly = await startStub();
    try {
      const client = open({ url_pefin: pefinOnly.url });
      await client.consultar!(pedidoPf);
      await client.incluir!(divida);
      expect(stub.state.logins.map((l) => l.headers.authorization)).toEqual([
        basic('id-consulta', SECRET_CONSULTA),
        basic('id-pefin', SECRET_PEFIN),
      ]);
      expect(pefinOnly.state.logins).toHaveLength(0);
      expect(pefinOnly.state.calls.map((c) => [c.method, c.path, c.headers.authorization])).toEqual(
        [['POST', '/collection/debt/', 'Bearer tok-2']],
      );
    } finally {
      await pefinOnly.app.close();
    }
  });

  it('shares one login among concurrent calls (single flight)', async () => {
    const client = open();
    const results = await Promise.all(Array.from({ length: 10 }, () => client.incluir!(divida)));
    expect(stub.state.logins).toHaveLength(1);
    expect(stub.state.calls).toHaveLength(10);
    expect(new Set(stub.state.calls.map((c) => c.headers.authorization))).toEqual(
      new Set(['Bearer tok-1']),
    );
    expect(results.every((r) => r.tipo === 'aceita')).toBe(true);
  });

  it('lets a caller stop waiting for a shared login without failing the others', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const issue = stub.state.loginAnswer;
    stub.state.loginAnswer = async () => {
      await gate;
      return issue();
    };
    const client = open();
    const controller = new AbortController();
    const leaving = client.incluir!(divida, controller.signal);
    const staying = client.incluir!(divida);
    await waitFor(() => stub.state.logins.length === 1, 'the shared login to arrive');
    controller.abort();
    const error = await failure(leaving);
    expect(error).toMatchObject({ codigo: 'cancelada', ambigua: false });
    release();
    expect(await staying).toMatchObject({ tipo: 'aceita' });
    expect(stub.state.calls).toHaveLength(1);
  });

  it('renews the token once on a 401 and repeats the call; a second 401 is refused credentials', async () => {
    stub.state.answer = async (call) =>
      call.headers.authorization === 'Bearer tok-1'
        ? { status: 401, body: fixture('erro-401.json') }
        : { status: 200, body: { transactionId: 'tx-2' } };
    const client = open();
    expect(await client.incluir!(divida)).toMatchObject({ tipo: 'aceita', referencia: 'tx-2' });
    expect(stub.state.logins).toHaveLength(2);
    expect(stub.state.calls).toHaveLength(2);

    stub.state.answer = async () => ({ status: 401, body: fixture('erro-401.json') });
    const refused = await client.incluir!(divida);
    expect(refused).toMatchObject({
      tipo: 'recusada',
      codigo: 'credenciais_invalidas',
      status_http: 424,
      codigo_provedor: 'UNAUTHORIZED',
    });
    // tok-2 failed, one re-login (tok-3) failed too, and then it stopped.
    expect(stub.state.logins).toHaveLength(3);
    expect(stub.state.calls).toHaveLength(4);
  });

  it('reports a refused login as credenciais_invalidas, and an IAM outage as unavailable', async () => {
    stub.state.loginAnswer = async () => ({ status: 401, body: fixture('erro-401.json') });
    const client = open();
    expect(await client.incluir!(divida)).toMatchObject({
      tipo: 'recusada',
      codigo: 'credenciais_invalidas',
      status_http: 424,
    });
    expect(await client.consultar!(pedidoPf)).toMatchObject({ codigo: 'credenciais_invalidas' });
    const teste = await client.testar();
    expect(teste.ok).toBe(false);
    expect(teste.verificacoes).toEqual([
      { nome: 'login_consulta', ok: false, mensagem: expect.stringContaining('HTTP 401') },
      { nome: 'login_pefin', ok: false, mensagem: expect.stringContaining('HTTP 401') },
    ]);
    expect(stub.state.calls).toHaveLength(0);

    stub.state.loginAnswer = async () => ({ status: 503, body: 'Service Unavailable' });
    const outage = await failure(client.incluir!(divida));
    expect(outage).toMatchObject({ codigo: 'provedor_indisponivel', ambigua: false, status: 503 });
    expect(outage.trocas).toHaveLength(1);
  });

  it('testar logs both pairs in', async () => {
    expect(await open().testar()).toEqual({
      ok: true,
      verificacoes: [
        { nome: 'login_consulta', ok: true, mensagem: 'login IAM aceito' },
        { nome: 'login_pefin', ok: true, mensagem: 'login IAM aceito' },
      ],
    });
    expect(stub.state.logins).toHaveLength(2);
  });

  it('a timeout after sending a POST is ambiguous; on a GET it is not', async () => {
    stub.state.answer = async () => 'hang';
    const client = open({ timeout_ms: 150 });
    const post = await failure(client.incluir!(divida));
    expect(post).toMatchObject({ codigo: 'tempo_esgotado', ambigua: true });
    expect(post.trocas.at(-1)).toMatchObject({ falha: 'timeout', resposta: null });
    const get = await failure(client.consultar!(pedidoPf));
    expect(get).toMatchObject({ codigo: 'tempo_esgotado', ambigua: false });
  });

  it('a refused connection is not ambiguous, even for a POST', async () => {
    const client = open({ url_pefin: await closedPortUrl() });
    const error = await failure(client.incluir!(divida));
    expect(error).toMatchObject({ codigo: 'falha_de_rede', ambigua: false });
    expect(error.trocas.at(-1)!.falha).toBe('rede');
  });

  it('5xx and 429 are unavailability, not ambiguity; Retry-After becomes milliseconds', async () => {
    stub.state.answer = async () => ({ status: 503, body: 'Service Unavailable' });
    const client = open();
    expect(await failure(client.incluir!(divida))).toMatchObject({
      codigo: 'provedor_indisponivel',
      ambigua: false,
      status: 503,
    });
    stub.state.answer = async () => ({
      status: 429,
      body: 'Too Many Requests',
      headers: { 'retry-after': '7' },
    });
    expect(await failure(client.consultar!(pedidoPf))).toMatchObject({
      codigo: 'limite_excedido',
      ambigua: false,
      status: 429,
      retryAfterMs: 7000,
    });
  });

  it('keeps secrets and tokens out of the audit trail, showing only the schemes', async () => {
    stub.state.answer = async (call) =>
      call.method === 'GET'
        ? { status: 200, body: fixture('relatorio-pf.json') }
        : { status: 200, body: { transactionId: 'tx' } };
    const client = open();
    const consulta = await client.consultar!(pedidoPf);
    const inclusao = await client.incluir!(divida);
    const audit = JSON.stringify([consulta.trocas, inclusao.trocas]);
    for (const secret of [
      SECRET_CONSULTA,
      SECRET_PEFIN,
      'tok-1',
      'tok-2',
      Buffer.from(`id-consulta:${SECRET_CONSULTA}`).toString('base64'),
      Buffer.from(`id-pefin:${SECRET_PEFIN}`).toString('base64'),
    ]) {
      expect(audit).not.toContain(secret);
    }
    expect(consulta.trocas).toHaveLength(2);
    expect(consulta.trocas[0]).toMatchObject({
      requisicao: {
        metodo: 'POST',
        url: `${stub.url}/security/iam/v1/client-identities/login`,
        cabecalhos: { authorization: 'Basic ***' },
        corpo: {},
      },
      resposta: { status: 200, corpo: { accessToken: '***', tokenType: 'Bearer' } },
    });
    expect(consulta.trocas[1].requisicao.cabecalhos.authorization).toBe('Bearer ***');
    // The audit keeps the document: the exchange row is the audit record.
    expect(consulta.trocas[1].requisicao.cabecalhos['x-document-id']).toBe('00001209523');
  });
});
