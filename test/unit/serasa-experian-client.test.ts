import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/infra/clock.js';
import type { ProviderClient } from '../../src/providers/contract.js';
import { ProviderUnavailableError } from '../../src/providers/exchange.js';
import { serasaExperianSettingsSchema } from '../../src/providers/serasa-experian/config.js';
import { serasaExperian } from '../../src/providers/serasa-experian/index.js';

const SECRET = 'segredo-muito-secreto-pefin';
const credenciais = {
  login_consulta: 'id-consulta',
  senha_consulta: 'segredo-consulta',
  login_pefin: 'id-pefin',
  senha_pefin: SECRET,
  recebimento: {},
};
const divida = {
  credor: '62173620000180',
  devedor: {
    documento: { tipo: 'cpf' as const, numero: '00001209523' },
    nome: 'FULANO',
    endereco: {
      cep: '01001000',
      logradouro: 'RUA X',
      numero: '1',
      complemento: null,
      bairro: 'CENTRO',
      cidade: 'SAO PAULO',
      uf: 'SP',
    },
  },
  contrato: 'CT-1',
  valor_centavos: 1000,
  vencimento: '2025-01-10',
  natureza: 'TI',
};

/** A stub Serasa recording what arrived; each test sets how the debt route answers. */
describe('Serasa Experian client (wire behaviour against a stub)', () => {
  let stub: FastifyInstance;
  let url: string;
  let logins: Array<{ authorization?: string; body: unknown }>;
  let seen: Array<{ method: string; url: string; headers: Record<string, unknown> }>;
  let debtAnswer: (token: string) => { status: number; body: unknown } | 'hang';
  const clock = new ManualClock('2026-01-05T12:00:00Z');
  let issued = 0;

  beforeEach(async () => {
    logins = [];
    seen = [];
    issued = 0;
    stub = Fastify({ forceCloseConnections: true });
    stub.post('/security/iam/v1/client-identities/login', async (request) => {
      logins.push({ authorization: request.headers.authorization, body: request.body });
      await new Promise((resolve) => setImmediate(resolve));
      issued += 1;
      return {
        accessToken: `token-${issued}`,
        tokenType: 'Bearer',
        expiresIn: '1772141122',
        scope: ['READ'],
      };
    });
    const record = async (request: {
      method: string;
      url: string;
      headers: Record<string, unknown>;
    }) => {
      seen.push({ method: request.method, url: request.url, headers: request.headers });
    };
    stub.post('/collection/debt/', async (request, reply) => {
      await record(request);
      const answer = debtAnswer(String(request.headers.authorization).replace('Bearer ', ''));
      if (answer === 'hang') {
        reply.hijack();
        return;
      }
      return reply.code(answer.status).send(answer.body);
    });
    stub.get('/credit-services/person-information-report/v1/creditreport', async (request) => {
      await record(request);
      return { reports: [{ registration: { consumerName: 'FULANO' } }] };
    });
    await stub.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(stub.server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await stub.close();
  });

  const client = (settings: Record<string, unknown> = {}): ProviderClient =>
    serasaExperian.createClient!({
      ambiente: 'homologacao',
      credenciais,
      configuracoes: serasaExperianSettingsSchema.parse({
        url_consulta: url,
        url_pefin: url,
        ...settings,
      }),
      now: () => clock.now(),
    });

  it('logs in with Basic auth and an empty JSON body, then reuses the token until the TTL', async () => {
    debtAnswer = () => ({ status: 200, body: { transactionId: 'tx-1' } });
    const c = client({ token_ttl_segundos: 60 });
    await c.incluir!(divida);
    await c.incluir!(divida);
    expect(logins).toHaveLength(1);
    expect(logins[0].authorization).toBe(
      `Basic ${Buffer.from(`id-pefin:${SECRET}`).toString('base64')}`,
    );
    expect(logins[0].body).toEqual({});
    clock.advance(61_000);
    await c.incluir!(divida);
    expect(logins).toHaveLength(2);
    expect(seen.at(-1)!.headers.authorization).toBe('Bearer token-2');
  });

  it('shares one login among concurrent calls (single flight)', async () => {
    debtAnswer = () => ({ status: 200, body: { transactionId: 'tx' } });
    const c = client();
    await Promise.all(Array.from({ length: 10 }, () => c.incluir!(divida)));
    expect(logins).toHaveLength(1);
    expect(seen).toHaveLength(10);
  });

  it('re-logs once on a 401 and repeats the call', async () => {
    debtAnswer = (token) =>
      token === 'token-1'
        ? { status: 401, body: [{ message: 'Authorization Failed' }] }
        : { status: 200, body: { transactionId: 'tx-2' } };
    const result = await client().incluir!(divida);
    expect(result).toMatchObject({ tipo: 'aceita', referencia: 'tx-2' });
    expect(logins).toHaveLength(2);
  });

  it('a timeout after sending a POST is ambiguous; a 503 is not', async () => {
    debtAnswer = () => 'hang';
    const error = await client({ timeout_ms: 200 }).incluir!(divida).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error).toMatchObject({ codigo: 'tempo_esgotado', ambigua: true });

    debtAnswer = () => ({ status: 503, body: 'Service Unavailable' });
    const outage = await client().incluir!(divida).catch((e: unknown) => e);
    expect(outage).toMatchObject({ codigo: 'provedor_indisponivel', ambigua: false, status: 503 });
  });

  it('sends the document only in X-Document-Id and keeps secrets and tokens out of the audit trail', async () => {
    const result = await client({ documento_varejista: '11222333000181', centro_custo: '123' })
      .consultar!({
      documento: { tipo: 'cpf', numero: '00001209523' },
      produto: {
        codigo: 'RELATORIO_BASICO_PF_PME',
        nome: 'x',
        tipo_documento: 'cpf',
        opcionais: [],
        parametros: {},
        requer_uf: false,
      },
    });
    expect(result.tipo).toBe('concluida');
    expect(seen[0].url).not.toContain('00001209523');
    expect(seen[0].headers).toMatchObject({
      'x-document-id': '00001209523',
      'x-retailer-document-id': '11222333000181',
      'x-cost-center': '123',
    });
    const audit = JSON.stringify(result.trocas);
    expect(audit).not.toContain('segredo-consulta');
    expect(audit).not.toContain('token-1');
    expect(audit).not.toContain(Buffer.from('id-consulta:segredo-consulta').toString('base64'));
    expect(audit).toContain('Bearer ***');
  });

  it('reports a refused credential pair as credenciais_invalidas, not an outage', async () => {
    await stub.close();
    stub = Fastify({ forceCloseConnections: true });
    stub.post('/security/iam/v1/client-identities/login', async (_request, reply) =>
      reply.code(401).send([{ message: 'Authorization Failed' }]),
    );
    await stub.listen({ host: '127.0.0.1', port: Number(new URL(url).port) });
    const result = await client().incluir!(divida);
    expect(result).toMatchObject({ tipo: 'recusada', codigo: 'credenciais_invalidas' });
    const teste = await client().testar();
    expect(teste.ok).toBe(false);
    expect(teste.verificacoes.map((v) => v.ok)).toEqual([false, false]);
  });
});
