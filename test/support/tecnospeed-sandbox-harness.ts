import { afterEach, beforeEach, expect } from 'vitest';
import { ManualClock } from '../../src/infra/clock.js';
import { createTecnospeedSandbox } from '../../src/providers/tecnospeed/sandbox.js';
import {
  startSandboxServer,
  type SandboxServer,
} from '../../src/sandboxes/start-sandbox-server.js';

export const HOM = '/v1/homologacao';
export const PROD = '/v1';
/** The demo integration's company: active from the sandbox's start. */
export const DEMO = '11222333000181';
export const OUTRO_CNPJ = '11444777000161';
export const SH = { cnpjSH: '01001001000113', tokenSH: 'token-da-software-house' };
export const USUARIO = { cnpjUsuario: DEMO, login: 'Usuario01', password: '123@mudar' };

/** A valid "Cadastro do CNPJ" body (research A.4). */
export const empresa = (cnpj: string) => ({
  nomeFantasia: 'Loja Exemplo',
  razaoSocial: 'LOJA EXEMPLO LTDA',
  cnpj,
  nomeRepresentante: 'Maria Souza',
  cpfRepresentante: '52998224725',
  telefone: '4430000000',
  email: 'financeiro@exemplo.com.br',
  endereco: 'Avenida Brasil',
  numeroEndereco: '100',
  complementoEndereco: 'Sala 2',
  bairro: 'Centro',
  cep: '87013000',
  cidade: 'Maringa',
  uf: 'PR',
  nomeResponsavelContrato: 'Joao Lima',
  telefoneResponsavelContrato: '44999990000',
  emailResponsavelContrato: 'joao@exemplo.com.br',
});

/** A valid negativacao body (research A.6), due well before the manual clock's 2026-01-05. */
export const negativacao = (
  divida: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) => ({
  nome: 'JOSE DA SILVA',
  documento: '39053344705',
  endereco: 'RUA DAS FLORES, 10',
  enderecoComplemento: 'APTO 1',
  bairro: 'CENTRO',
  municipio: 'MARINGA',
  uf: 'PR',
  cep: '87013000',
  divida: {
    nossoNumero: 'NN-1',
    especieTitulo: 'DM',
    numDocumento: 'DOC-1',
    dataEmissao: '2025-10-01',
    dataVencimento: '2025-11-01',
    valorTitulo: 150.5,
    ...divida,
  },
  ...extra,
});

/** The internalCodes of a 422 body, in order. */
export const codigos = (body: any): number[] => body.errors.map((e: any) => e.internalCode);

/**
 * A Tecnospeed sandbox on its own port with a ManualClock, fresh for each test of the calling
 * file. `call` sends the five auth headers of the demo company unless overridden ('' removes one).
 */
export function useTecnospeedSandbox() {
  const h = {
    sandbox: undefined as unknown as SandboxServer,
    clock: new ManualClock(),
    call: async (
      method: string,
      path: string,
      options: { headers?: Record<string, string>; body?: unknown } = {},
    ) => {
      const all: Record<string, string> = { ...SH, ...USUARIO, ...options.headers };
      const headers = Object.fromEntries(Object.entries(all).filter(([, value]) => value !== ''));
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(h.sandbox.url + path, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      const tipo = response.headers.get('content-type') ?? '';
      const text = await response.text();
      const body: any = tipo.includes('json') ? JSON.parse(text) : text;
      return { status: response.status, tipo, body };
    },
    control: async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${h.sandbox.url}/__sandbox${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as any };
    },
    /** POST /negativacao that must succeed; the protocolo. */
    incluir: async (body: unknown = negativacao(), prefix = HOM): Promise<string> => {
      const response = await h.call('POST', `${prefix}/negativacao`, { body });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body.protocolo;
    },
    ler: async (protocolo: string, prefix = HOM) =>
      (await h.call('GET', `${prefix}/negativacao?protocolo=${protocolo}`)).body,
  };

  beforeEach(async () => {
    h.clock = new ManualClock('2026-01-05T12:00:00.000Z');
    h.sandbox = await startSandboxServer(createTecnospeedSandbox({ clock: h.clock }));
  });
  afterEach(async () => {
    await h.sandbox.close();
  });
  return h;
}
