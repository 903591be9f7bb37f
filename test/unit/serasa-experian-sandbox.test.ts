import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serasaExperianSandbox } from '../../src/providers/serasa-experian/sandbox.js';
import {
  startSandboxServer,
  type SandboxServer,
} from '../../src/sandboxes/start-sandbox-server.js';
import { waitFor } from '../support/wait-for.js';

describe('Serasa Experian sandbox', () => {
  let sandbox: SandboxServer;
  let receiver: FastifyInstance;
  let received: Array<{ body: Record<string, unknown>; authorization?: string; at: number }>;
  let answers: number[];

  beforeEach(async () => {
    sandbox = await startSandboxServer(serasaExperianSandbox);
    received = [];
    answers = [];
    receiver = Fastify();
    receiver.post('/hook', async (request, reply) => {
      received.push({
        body: request.body as Record<string, unknown>,
        authorization: request.headers.authorization,
        at: Date.now(),
      });
      return reply.code(answers.shift() ?? 200).send({});
    });
    await receiver.listen({ host: '127.0.0.1', port: 0 });
  });
  afterEach(async () => {
    await sandbox.close();
    await receiver.close();
  });

  const call = (
    method: string,
    path: string,
    init: { headers?: Record<string, string>; body?: unknown } = {},
  ) =>
    fetch(sandbox.url + path, {
      method,
      headers: {
        ...(init.body !== undefined && { 'content-type': 'application/json' }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const login = async (secret = 'segredo') => {
    const response = await call('POST', '/security/iam/v1/client-identities/login', {
      headers: { authorization: `Basic ${Buffer.from(`cliente:${secret}`).toString('base64')}` },
      body: {},
    });
    return {
      status: response.status,
      body: (await response.json()) as { accessToken?: string; expiresIn?: string },
    };
  };
  const report = async (
    token: string,
    document: string,
    reportName = 'RELATORIO_BASICO_PF_PME',
  ) => {
    const response = await call(
      'GET',
      `/credit-services/person-information-report/v1/creditreport?reportName=${reportName}`,
      {
        headers: { authorization: `Bearer ${token}`, 'x-document-id': document },
      },
    );
    return { status: response.status, body: await response.json() };
  };
  const incluir = async (token: string, contrato: string) =>
    call('POST', '/collection/debt/', {
      headers: { authorization: `Bearer ${token}` },
      body: {
        value: 150.75,
        areaInformante: '0001',
        dueDate: '2025-01-10',
        categoryId: 'TI',
        debtor: {
          documentNumber: '00001209523',
          name: 'CLIENTE TESTE ABCB',
          address: {
            zipCode: '01001000',
            addressLine: 'RUA X, 1',
            district: 'CENTRO',
            city: 'SAO PAULO',
            state: 'SP',
          },
        },
        creditor: { documentNumber: '62173620000180' },
        contractNumber: contrato,
        debtType: 'PEFIN',
      },
    });
  const hookUrl = () => `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/hook`;

  it('logs in with Basic auth, answers expiresIn as an epoch, refuses bad secrets and revoked tokens', async () => {
    const ok = await login();
    expect(ok.status).toBe(200);
    expect(Number(ok.body.expiresIn)).toBeGreaterThan(Date.now() / 1000);
    expect((await login('invalida-x')).status).toBe(401);
    expect((await report(ok.body.accessToken!, '00001209523')).status).toBe(200);
    await call('POST', '/__sandbox/tokens/revogar');
    expect((await report(ok.body.accessToken!, '00001209523')).status).toBe(401);
  });

  it('answers the documented magic inputs of the report API', async () => {
    const token = (await login()).body.accessToken!;
    expect(await report(token, '11144477735')).toMatchObject({
      status: 404,
      body: [{ code: 'DOCUMENT_NOT_FOUND' }],
    });
    expect((await report(token, '52998224725')).status).toBe(429);
    expect(await report(token, '00001209523', 'PRODUTO_NAO_CONTRATADO')).toMatchObject({
      status: 412,
      body: [{ code: 'USER-NOT-AUTHORIZED' }],
    });
    expect((await report(token, '123')).status).toBe(412);
    const same = await report(token, '39053344705');
    expect(same).toEqual(await report(token, '39053344705'));
  });

  it('answers a transactionId, records the inclusion and delivers the webhook with the configured auth', async () => {
    await call('PUT', '/__sandbox/webhook', {
      body: { url: hookUrl(), autenticacao: { tipo: 'bearer', token: 'tk' } },
    });
    const token = (await login()).body.accessToken!;
    const response = await incluir(token, 'CT-1');
    const { transactionId } = (await response.json()) as { transactionId: string };
    await waitFor(() => received.length === 1, 'the webhook');
    expect(received[0].authorization).toBe('Bearer tk');
    expect(received[0].body).toMatchObject({
      uuid: transactionId,
      contract: 'CT-1',
      error: null,
      debtType: 'PEFIN',
    });
    const registros = (await (await call('GET', '/__sandbox/registros')).json()) as {
      inclusoes: unknown[];
    };
    expect(registros.inclusoes).toHaveLength(1);
  });

  it('retries a failed delivery on the scaled schedule until the receiver takes it', async () => {
    await call('PUT', '/__sandbox/webhook', { body: { url: hookUrl() } });
    await call('PUT', '/__sandbox/config', { body: { escala_tempo: 0.0005 } });
    answers = [500, 503];
    await incluir((await login()).body.accessToken!, 'CT-2');
    await waitFor(() => received.length === 3, 'three attempts', 5000);
    // Offsets 0, 1 min and 5 min scaled by 0.0005: about 30 ms, then 120 ms more.
    expect(received[2].at - received[1].at).toBeGreaterThanOrEqual(100);
    expect(new Set(received.map((r) => r.body.uuid)).size).toBe(1);
  });

  it('refuses a non-participant creditor synchronously and validates the body', async () => {
    const token = (await login()).body.accessToken!;
    const response = await call('POST', '/collection/debt/', {
      headers: { authorization: `Bearer ${token}` },
      body: { value: 5 },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errorMessage: string }).errorMessage).toMatch(/^value/);
    const config = (await (
      await call('PUT', '/__sandbox/config', { body: { copias: 0 } })
    ).json()) as { erro: { campo: string } };
    expect(config.erro.campo).toBe('copias');
  });
});
