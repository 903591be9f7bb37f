import { expect } from 'vitest';
import { serasaExperianSandbox } from '../../src/providers/serasa-experian/sandbox.js';
import { payloadInclusao } from '../../src/providers/serasa-experian/sandbox/webhook-payloads.js';
import type { NegativacaoRow } from '../../src/use-cases/negativacoes/negativacao-store.js';
import {
  startSandboxServer,
  type SandboxServer,
} from '../../src/sandboxes/start-sandbox-server.js';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app.js';
import { waitFor } from './wait-for.js';

/** A creditor CNPJ the Serasa sandbox accepts, and a debtor from Serasa's homologation test mass. */
export const CREDOR = '62173620000180';
export const DEVEDOR_CPF = '00001209523';

export interface SerasaHarness {
  app: TestApp;
  sandbox: SandboxServer;
  integracaoId: string;
  urlRecebimento: string;
  /** Calls a sandbox control route (`/__sandbox/...`). */
  control(method: string, path: string, body?: unknown): Promise<unknown>;
  negativar(overrides?: Record<string, unknown>): Promise<{ id: string; status: string }>;
  get(id: string): Promise<NegativacaoView>;
  waitStatus(id: string, status: string, timeoutMs?: number): Promise<NegativacaoView>;
  close(): Promise<void>;
}

export interface NegativacaoView {
  id: string;
  status: string;
  acao: string | null;
  erro: { codigo?: string | null; mensagem?: string } | null;
  historico?: Array<{ tipo: string; status: string; ocorrido_em: string }>;
  [key: string]: unknown;
}

let contratoSeq = 0;

/** A valid negativacao body; contract numbers are unique per test run unless overridden. */
export function novaNegativacao(integracaoId: string, overrides: Record<string, unknown> = {}) {
  contratoSeq += 1;
  return {
    integracao_id: integracaoId,
    credor: CREDOR,
    devedor: {
      documento: DEVEDOR_CPF,
      nome: 'CLIENTE TESTE ABCB',
      data_nascimento: '1980-05-10',
      endereco: {
        cep: '01001-000',
        logradouro: 'RUA EXEMPLO',
        numero: '123',
        complemento: 'AP 1',
        bairro: 'CENTRO',
        cidade: 'SAO PAULO',
        uf: 'SP',
      },
    },
    contrato: `CT-${process.pid}-${contratoSeq}`,
    valor_centavos: 15075,
    vencimento: '2025-12-10',
    natureza: 'TI',
    faturas: [`FAT-${process.pid}-${contratoSeq}`],
    ...overrides,
  };
}

/**
 * The API against a Serasa sandbox on its own port, with one serasa_experian integration whose
 * webhook URL is registered at the sandbox (Basic auth on the receiver).
 */
export async function startSerasaHarness(
  options: TestAppOptions & { configuracoes?: Record<string, unknown> } = {},
): Promise<SerasaHarness> {
  const sandbox = await startSandboxServer(serasaExperianSandbox);
  const app = await startTestApp({
    ...options,
    config: {
      queue: { pollIntervalMs: 200, backoffBaseMs: 20, backoffMaxMs: 200 },
      ...options.config,
    },
  });
  const created = await app.api('/v1/integracoes', {
    method: 'POST',
    json: {
      provedor: 'serasa_experian',
      ambiente: 'homologacao',
      descricao: 'Serasa (sandbox de teste)',
      credenciais: {
        login_consulta: 'cliente-consulta',
        senha_consulta: 'segredo-consulta-123',
        login_pefin: 'cliente-pefin',
        senha_pefin: 'segredo-pefin-456',
        recebimento: { usuario: 'serasa', senha: 'webhook-senha-789' },
      },
      configuracoes: {
        url_consulta: sandbox.url,
        url_pefin: sandbox.url,
        url_login_pefin: sandbox.url,
        timeout_ms: 2000,
        recebimento: { autenticacao: 'basic' },
        ...options.configuracoes,
      },
    },
  });
  expect(created.status).toBe(201);
  const integracao = (await created.json()) as { id: string; url_recebimento: string };

  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${sandbox.url}/__sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`sandbox ${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  await control('PUT', '/webhook', {
    url: integracao.url_recebimento,
    autenticacao: { tipo: 'basic', usuario: 'serasa', senha: 'webhook-senha-789' },
  });

  const get = async (id: string) => {
    const response = await app.api(`/v1/negativacoes/${id}`);
    expect(response.status).toBe(200);
    return (await response.json()) as NegativacaoView;
  };
  return {
    app,
    sandbox,
    integracaoId: integracao.id,
    urlRecebimento: integracao.url_recebimento,
    control,
    async negativar(overrides = {}) {
      const response = await app.api('/v1/negativacoes', {
        method: 'POST',
        json: novaNegativacao(integracao.id, overrides),
      });
      const body = (await response.json()) as { id: string; status: string };
      expect(response.status, JSON.stringify(body)).toBe(202);
      return body;
    },
    get,
    async waitStatus(id, status, timeoutMs = 10_000) {
      let last = '';
      return waitFor(
        async () => {
          const view = await get(id);
          last = view.status;
          return view.status === status ? view : null;
        },
        `negativacao ${id} to reach ${status} (last: ${last})`,
        timeoutMs,
      );
    },
    async close() {
      await app.close();
      await sandbox.close();
    },
  };
}

/**
 * Serasa's inclusion webhook for `row` (success, `uuid` = the transmission's reference), posted
 * to the harness's receiver as the sandbox would post it; returns the stored inbound event's id.
 */
export async function postInclusionWebhook(
  h: SerasaHarness,
  row: NegativacaoRow,
  uuid: string,
  chaves: { cadusKey: string; cadusSerie: string },
): Promise<string> {
  const body = payloadInclusao(
    uuid,
    {
      credor: CREDOR,
      devedor: DEVEDOR_CPF,
      contrato: row.contrato,
      valor: row.valor_centavos / 100,
      vencimento: row.vencimento,
      categoria: 'TI',
      area: '0',
    },
    chaves,
    null,
  );
  const response = await fetch(h.urlRecebimento, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from('serasa:webhook-senha-789').toString('base64')}`,
    },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { id: string }).id;
}
