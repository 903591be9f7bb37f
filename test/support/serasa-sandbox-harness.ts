import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach } from 'vitest';
import { serasaExperianSandbox } from '../../src/providers/serasa-experian/sandbox.js';
import {
  startSandboxServer,
  type SandboxServer,
} from '../../src/sandboxes/start-sandbox-server.js';
import { waitFor } from './wait-for.js';

export const CREDOR = '62173620000180';
export const DEVEDOR = '00001209523';
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export interface Received {
  path: string;
  body: Record<string, any>;
  authorization?: string;
  at: number;
}

/**
 * A Serasa sandbox on its own port and a webhook receiver registered at it, fresh for each test
 * of the calling file, with helpers speaking the PEFIN wire protocol. Mutable state (`answers`,
 * `received`, `bearer`, `sandbox`) is read and set through the returned object.
 */
export function useSerasaSandbox() {
  const h = {
    sandbox: undefined as unknown as SandboxServer,
    receiver: undefined as unknown as FastifyInstance,
    received: [] as Received[],
    /** Statuses the receiver answers, in order; 200 once exhausted. */
    answers: [] as number[],
    bearer: '',
    hookUrl: (path = 'hook') =>
      `http://127.0.0.1:${(h.receiver.server.address() as AddressInfo).port}/${path}`,
    call: (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) =>
      fetch(h.sandbox.url + path, {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    control: async (method: string, path: string, body?: unknown) => {
      const response = await h.call(method, `/__sandbox${path}`, {}, body);
      return { status: response.status, body: (await response.json()) as any };
    },
    registros: async () => (await h.control('GET', '/registros')).body,
    token: async (clientId = 'cliente-pefin') => {
      const authorization = `Basic ${Buffer.from(`${clientId}:segredo`).toString('base64')}`;
      const response = await h.call(
        'POST',
        '/security/iam/v1/client-identities/login',
        { authorization },
        {},
      );
      return ((await response.json()) as { accessToken: string }).accessToken;
    },
    divida: (contractNumber: string, overrides: Record<string, unknown> = {}) => ({
      value: 150.75,
      areaInformante: '0001',
      dueDate: '2025-01-10',
      categoryId: 'TI',
      debtor: {
        documentNumber: DEVEDOR,
        name: 'CLIENTE TESTE ABCB',
        address: {
          zipCode: '01001000',
          addressLine: 'RUA EXEMPLO, 123',
          complement: 'AP 1',
          district: 'CENTRO',
          city: 'SAO PAULO',
          state: 'SP',
        },
      },
      creditor: { documentNumber: CREDOR },
      contractNumber,
      debtType: 'PEFIN',
      ...overrides,
    }),
    incluir: async (contrato: string, overrides = {}, path = '/collection/debt/') => {
      h.bearer ||= await h.token();
      const response = await h.call(
        'POST',
        path,
        { authorization: `Bearer ${h.bearer}` },
        h.divida(contrato, overrides),
      );
      return { status: response.status, body: (await response.json()) as any };
    },
    excluir: async (
      contrato: string,
      headers: Record<string, string> = {},
      path = '/collection/debt/contract',
    ) => {
      h.bearer ||= await h.token();
      const response = await h.call('DELETE', path, {
        authorization: `Bearer ${h.bearer}`,
        'creditor-document': CREDOR,
        'debtor-document': DEVEDOR,
        'contract-number': contrato,
        reason: '1',
        type: 'PEFIN',
        ...headers,
      });
      return { status: response.status, body: (await response.json()) as any };
    },
    hooksFor: (uuid: string) => h.received.filter((r) => r.body.uuid === uuid),
    hookOf: (uuid: string) => waitFor(() => h.hooksFor(uuid)[0], `the webhook of ${uuid}`),
  };

  beforeEach(async () => {
    h.sandbox = await startSandboxServer(serasaExperianSandbox);
    h.received = [];
    h.answers = [];
    h.bearer = '';
    h.receiver = Fastify();
    h.receiver.post('/:path', async (request, reply) => {
      h.received.push({
        path: (request.params as { path: string }).path,
        body: request.body as Record<string, any>,
        authorization: request.headers.authorization,
        at: performance.now(),
      });
      return reply.code(h.answers.shift() ?? 200).send({});
    });
    await h.receiver.listen({ host: '127.0.0.1', port: 0 });
    await h.control('PUT', '/webhook', { url: h.hookUrl() });
  });
  afterEach(async () => {
    await h.sandbox.close();
    await h.receiver.close();
  });
  return h;
}
