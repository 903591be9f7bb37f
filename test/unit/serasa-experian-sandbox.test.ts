import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serasaExperianSandbox } from '../../src/providers/serasa-experian/sandbox.js';
import { defaultFaults, sandboxPlugin } from '../../src/sandboxes/sandbox-plugin.js';
import {
  startSandboxServer,
  type SandboxServer,
} from '../../src/sandboxes/start-sandbox-server.js';
import { waitFor } from '../support/wait-for.js';

const PF = '/credit-services/person-information-report/v1/creditreport';
const PJ = '/credit-services/business-information-report/v1/reports';
const LOGIN = '/security/iam/v1/client-identities/login';
const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

/** Every `amount`/`balance` in a report, to check money has at most two decimals. */
function money(value: unknown, found: number[] = []): number[] {
  if (Array.isArray(value)) value.forEach((v) => money(v, found));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if ((key === 'amount' || key === 'balance') && typeof v === 'number') found.push(v);
      else money(v, found);
    }
  }
  return found;
}

describe('Serasa Experian sandbox: IAM, reports and control', () => {
  let sandbox: SandboxServer;

  beforeEach(async () => {
    sandbox = await startSandboxServer(serasaExperianSandbox);
  });
  afterEach(async () => {
    await sandbox.close();
  });

  const call = (
    method: string,
    path: string,
    headers: Record<string, string> = {},
    body?: unknown,
  ) =>
    fetch(sandbox.url + path, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await call(method, `/__sandbox${path}`, {}, body);
    return { status: response.status, body: (await response.json()) as any };
  };
  const login = async (authorization = basic('cliente', 'segredo')) => {
    const response = await call('POST', LOGIN, { authorization }, {});
    return { status: response.status, body: (await response.json()) as any };
  };
  const token = async () => (await login()).body.accessToken as string;
  const report = async (
    bearer: string,
    document: string | null,
    query: Record<string, string> = { reportName: 'RELATORIO_BASICO_PF_PME' },
    path = PF,
  ) => {
    const headers: Record<string, string> = { authorization: `Bearer ${bearer}` };
    if (document !== null) headers['x-document-id'] = document;
    const response = await call('GET', `${path}?${new URLSearchParams(query).toString()}`, headers);
    return { status: response.status, body: (await response.json()) as any };
  };

  it('logs in with Basic credentials and answers a bearer token with an epoch expiresIn', async () => {
    const before = Math.floor(Date.now() / 1000);
    const ok = await login();
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ tokenType: 'Bearer', scope: ['READ', 'WRITE'] });
    expect(ok.body.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(typeof ok.body.expiresIn).toBe('string');
    const expiresIn = Number(ok.body.expiresIn);
    expect(expiresIn).toBeGreaterThanOrEqual(before + 899);
    expect(expiresIn).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 900);
    expect((await login()).body.accessToken).not.toBe(ok.body.accessToken);
    expect((await control('GET', '/registros')).body.logins).toBe(2);
  });

  it('refuses missing, malformed and "invalida" credentials with 401 Authorization Failed', async () => {
    const refused = [{ code: 'UNAUTHORIZED', message: 'Authorization Failed' }];
    const noHeader = await call('POST', LOGIN, {}, {});
    expect(noHeader.status).toBe(401);
    expect(await noHeader.json()).toEqual(refused);
    for (const authorization of [
      'Bearer abc',
      'Basic !!!',
      `Basic ${Buffer.from('sem-dois-pontos').toString('base64')}`,
      basic('cliente', ''),
      basic('cliente', 'invalida-123'),
    ]) {
      expect(await login(authorization), authorization).toEqual({ status: 401, body: refused });
    }
    // A secret may contain ':'; an empty body (no JSON at all) is fine too.
    expect((await login(basic('cliente', 'a:b'))).status).toBe(200);
    const empty = await fetch(sandbox.url + LOGIN, {
      method: 'POST',
      headers: { authorization: basic('c', 's'), 'content-type': 'application/json' },
    });
    expect(empty.status).toBe(200);
    expect((await control('GET', '/registros')).body.logins).toBe(2);
  });

  it('answers 401 to business routes for missing, unknown, revoked and expired tokens', async () => {
    const valid = await token();
    expect((await report(valid, '00001209523')).status).toBe(200);
    const noToken = await call('GET', `${PF}?reportName=X`, { 'x-document-id': '00001209523' });
    expect(noToken.status).toBe(401);
    expect((await report('desconhecido', '00001209523')).body).toEqual([
      { code: 'UNAUTHORIZED', message: 'Authorization Failed' },
    ]);

    expect(await control('POST', '/tokens/revogar')).toEqual({
      status: 200,
      body: { revogados: 1 },
    });
    expect((await report(valid, '00001209523')).status).toBe(401);

    expect((await control('PUT', '/config', { token_ttl_segundos: 2 })).status).toBe(200);
    const short = await login();
    expect(Number(short.body.expiresIn)).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 2);
    expect((await report(short.body.accessToken, '00001209523')).status).toBe(200);
    await waitFor(
      async () => (await report(short.body.accessToken, '00001209523')).status === 401,
      'the 2 s token to expire',
      5000,
    );
  });

  it('answers the PF report of a homologation CPF with the documented shape', async () => {
    const { status, body } = await report(await token(), '00001209523', {
      reportName: 'RELATORIO_BASICO_PF_PME',
      optionalFeatures: 'PARTICIPACAO_SOCIETARIA',
      reportParameters: b64({ reportParameters: [{ name: 'SCORE', value: 'HFIN' }] }),
    });
    expect(status).toBe(200);
    const [pf] = body.reports;
    expect(pf.reportName).toBe('RELATORIO_BASICO_PF_PME');
    expect(pf.registration).toMatchObject({
      documentNumber: '00001209523',
      consumerName: 'CLIENTE TESTE ABCB',
      motherName: expect.any(String),
      birthDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      statusRegistration: 'REGULAR',
      address: { zipCode: expect.stringMatching(/^\d{8}$/), state: 'SP', country: 'BRA' },
      phone: { regionCode: 55, areaCode: 11 },
    });
    expect(pf.negativeData.pefin.summary).toEqual({ count: 2, balance: 1420.25 });
    expect(pf.negativeData.pefin.pefinResponse[0]).toMatchObject({
      occurrenceDate: '2025-02-10',
      legalNatureId: 'TI',
      legalNature: 'SERV DADOS',
      contractId: 'NET-0045521',
      creditorName: expect.any(String),
      amount: 239.8,
    });
    expect(pf.negativeData.refin.summary.count).toBe(1);
    expect(pf.negativeData.notary).toEqual({
      notaryResponse: [],
      summary: { count: 0, balance: 0 },
    });
    expect(pf.negativeData.check.checkResponse).toEqual([]);
    expect(pf.score).toEqual({
      score: 312,
      scoreModel: 'HFIN',
      defaultRate: expect.stringMatching(/^\d+,\d$/),
    });
    expect(pf.facts.inquiry.summary.count).toBe(pf.facts.inquiry.inquiryResponse.length);
    expect(pf.facts.stolenDocuments.summary).toEqual({ count: 0, balance: 0 });
    expect(body.optionalFeatures.partner.summary).toEqual({ count: 0, balance: 0 });
  });

  it('answers PJ reports for the test-mass and UAT CNPJs with the business blocks', async () => {
    const bearer = await token();
    const esfera = await report(
      bearer,
      '43557445000180',
      { reportName: 'RELATORIO_AVANCADO_PJ', optionalFeatures: 'QSA_COMPLETO,LOCALIZACAO_PJ' },
      PJ,
    );
    expect(esfera.status).toBe(200);
    const [pj] = esfera.body.reports;
    expect(pj.identificationReport).toMatchObject({
      documentNumber: '43557445000180',
      companyName: 'ESFERA ARENA E NEGOCIOS SPE LTDA',
      statusRegistration: 'ATIVA',
      foundationDate: '2021-08-16',
    });
    expect(pj.companyData.mainActivity).toContain('ESPORTIVAS');
    expect(pj.pefinResponse.summary).toEqual({ count: 1, balance: 18500 });
    expect(pj.notaryResponse.notaryResponse[0]).toMatchObject({ amount: 9870.5, city: 'BRASILIA' });
    expect(pj.refinResponse.summary.count).toBe(0);
    expect(pj.score).toMatchObject({ score: 380, scoreModel: 'H4PJ' });
    expect(pj.inquiryCompanyResponse.summary.count).toBe(2);
    expect(pj.partnersList).toHaveLength(1);
    expect(esfera.body.optionalFeatures.partnerCompleteReport.partnersList[0].name).toBe(
      'CLIENTE TESTE ABCB',
    );
    expect(esfera.body.optionalFeatures.location.addresses[0].city).toBe('BRASILIA');

    const uat = await report(bearer, '50638274000189', { reportName: 'RELATORIO_AVANCADO_PJ' }, PJ);
    expect(uat.status).toBe(200);
    expect(uat.body.reports[0].identificationReport.companyName).toBe(
      'EMPRESA TESTE HOMOLOGACAO LTDA',
    );
  });

  it('generates the same report for the same document and plausible data for any other', async () => {
    const bearer = await token();
    const first = await report(bearer, '39053344705');
    expect(first.status).toBe(200);
    expect(await report(bearer, '39053344705')).toEqual(first);
    const other = await report(bearer, '71428793860');
    expect(other.body.reports[0].registration.consumerName).not.toBe(
      first.body.reports[0].registration.consumerName,
    );
    const scores: number[] = [];
    for (const cpf of ['39053344705', '71428793860', '86288366757', '15350946056', '12345678909']) {
      const { body } = await report(bearer, cpf);
      const { registration, score } = body.reports[0];
      expect(registration.consumerName).toMatch(/^[A-Z]+( [A-Z]+){2,}$/);
      expect(registration.documentNumber).toBe(cpf);
      scores.push(score.score);
      for (const amount of money(body)) expect(Math.round(amount * 100) / 100).toBe(amount);
    }
    for (const score of scores) expect(score).toBeGreaterThanOrEqual(0);
    for (const score of scores) expect(score).toBeLessThanOrEqual(1000);
    const pj = await report(bearer, '11444777000161', { reportName: 'RELATORIO_BASICO_PJ' }, PJ);
    expect(pj.body.reports[0].identificationReport.companyName).toMatch(/ LTDA$/);
    expect(
      await report(bearer, '11444777000161', { reportName: 'RELATORIO_BASICO_PJ' }, PJ),
    ).toEqual(pj);
  });

  it('answers the documented magic inputs and error catalogue of the report API', async () => {
    const bearer = await token();
    const notFound = [
      {
        code: 'DOCUMENT_NOT_FOUND',
        message: '[ERROR][DOCUMENT_NOT_FOUND] Documento não encontrado na Serasa Experian',
      },
    ];
    expect(await report(bearer, '11144477735')).toEqual({ status: 404, body: notFound });
    expect(
      await report(bearer, '11222333000181', { reportName: 'RELATORIO_BASICO_PJ' }, PJ),
    ).toEqual({
      status: 404,
      body: notFound,
    });
    expect(await report(bearer, '52998224725')).toEqual({
      status: 429,
      body: [{ code: 'TOO-MANY-REQUESTS', message: 'Too Many Requests' }],
    });
    const denied = [
      { code: 'USER-NOT-AUTHORIZED', message: '[ERROR][USER-NOT-AUTHORIZED] Transações negadas' },
    ];
    expect(await report(bearer, '00001209523', { reportName: 'PRODUTO_NAO_CONTRATADO' })).toEqual({
      status: 412,
      body: denied,
    });
    await control('PUT', '/config', { produtos_nao_contratados: ['RELATORIO_BASICO_PF_PME'] });
    expect((await report(bearer, '00001209523')).status).toBe(412);
    expect(
      (await report(bearer, '00001209523', { reportName: 'PRODUTO_NAO_CONTRATADO' })).status,
    ).toBe(200);

    const features = await report(bearer, '00001209523', {
      reportName: 'PERFIL',
      optionalFeatures: 'SCORE_POSITIVO,FEATURE_INEXISTENTE',
    });
    expect(features.status).toBe(412);
    expect(features.body[0].message).toContain('Features solicitadas não existem');

    const invalidDocument = [
      {
        code: 'INVALID-REQUEST',
        message:
          '[ERROR][INVALID-REQUEST] informe o documento a ser consultado válido em [X-Document-Id]',
      },
    ];
    for (const document of [null, '123', '00001209524', '000.012.095-23', '43557445000180']) {
      expect(await report(bearer, document, { reportName: 'PERFIL' }), String(document)).toEqual({
        status: 412,
        body: invalidDocument,
      });
    }
    expect((await report(bearer, '00001209523', { reportName: 'PERFIL' }, PJ)).status).toBe(412);

    const badRequest = { status: 400, body: [{ code: 'BAD-REQUEST', message: 'Bad Request' }] };
    expect(await report(bearer, '00001209523', {})).toEqual(badRequest);
    for (const reportParameters of [
      'nao*base64',
      b64('texto'),
      b64({ outra: 1 }),
      'bm90IGpzb24=',
    ]) {
      expect(
        await report(bearer, '00001209523', { reportName: 'PERFIL', reportParameters }),
      ).toEqual(badRequest);
    }
    expect(
      await report(bearer, '00001209523', { reportName: 'PERFIL', federalUnit: 'XX' }),
    ).toEqual(badRequest);
  });

  it('validates PUT /__sandbox/config and names the offending field', async () => {
    for (const [body, campo] of [
      [{ copias: 0 }, 'copias'],
      [{ escala_tempo: 'rapido' }, 'escala_tempo'],
      [{ token_ttl_segundos: 1.5 }, 'token_ttl_segundos'],
      [{ reter_webhooks: 'sim' }, 'reter_webhooks'],
      [{ copia: 2 }, 'copia'],
    ] as const) {
      const response = await control('PUT', '/config', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.erro).toMatchObject({ codigo: 'campo_invalido', campo });
    }
    const updated = await control('PUT', '/config', { copias: 2, escala_tempo: 0.001 });
    expect(updated.body).toMatchObject({ copias: 2, escala_tempo: 0.001, token_ttl_segundos: 900 });
    expect((await control('GET', '/config')).body).toEqual(updated.body);
    const webhook = await control('PUT', '/webhook', { url: 'nao e url' });
    expect(webhook.body.erro.campo).toBe('url');
    const malformed = await fetch(`${sandbox.url}/__sandbox/config`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{ nao e json',
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as any).erro.codigo).toBe('corpo_invalido');
  });

  it('lets injected faults hit wire routes only, without processing the request', async () => {
    sandbox.faults.errorRate = 1;
    expect((await login()).status).toBe(503);
    expect((await control('GET', '/registros')).body.logins).toBe(0);
    expect((await control('GET', '')).body.magicInputs).toBeDefined();
    sandbox.faults.errorRate = 0;
    expect((await login()).status).toBe(200);
  });

  it('keeps a fresh state per registration when mounted under a prefix', async () => {
    const app = Fastify();
    await app.register(sandboxPlugin(serasaExperianSandbox, defaultFaults()), {
      prefix: '/sandbox/a',
    });
    await app.register(sandboxPlugin(serasaExperianSandbox, defaultFaults()), {
      prefix: '/sandbox/b',
    });
    try {
      const logged = await app.inject({
        method: 'POST',
        url: `/sandbox/a${LOGIN}`,
        headers: { authorization: basic('c', 's') },
      });
      expect(logged.statusCode).toBe(200);
      const bearer = logged.json<{ accessToken: string }>().accessToken;
      const ask = (prefix: string) =>
        app.inject({
          method: 'GET',
          url: `${prefix}${PF}?reportName=X`,
          headers: { authorization: `Bearer ${bearer}`, 'x-document-id': '00001209523' },
        });
      expect((await ask('/sandbox/a')).statusCode).toBe(200);
      expect((await ask('/sandbox/b')).statusCode).toBe(401);
      const registros = await app.inject({ method: 'GET', url: '/sandbox/b/__sandbox/registros' });
      expect(registros.json<{ logins: number }>().logins).toBe(0);
    } finally {
      await app.close();
    }
  });
});
