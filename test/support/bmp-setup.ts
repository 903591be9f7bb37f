import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type {
  EntradaHistorico,
  PropostaView,
} from '../../src/use-cases/propostas/present-proposta.js';
import type { TestApp } from './test-app.js';
import { waitFor } from './wait-for.js';

/** BMP's recorded bodies for 9 Paga and 11 Pendente Pagamento. */
export const PAGA = readFileSync(new URL('../fixtures/bmp/callback-paga.json', import.meta.url));
export const PENDENTE = readFileSync(
  new URL('../fixtures/bmp/callback-pendente-pagamento.json', import.meta.url),
);

export interface BmpIntegracao {
  id: string;
  url_recebimento: string;
}

/**
 * A `bmp` integration (homologacao) whose callbacks authenticate with `Authorization: Bearer
 * <token>`; `configuracoes` is merged over that (e.g. `produto`).
 */
export async function createBmpIntegracao(
  t: TestApp,
  options: { token: string; descricao?: string; configuracoes?: Record<string, unknown> },
): Promise<BmpIntegracao> {
  const response = await t.api('/v1/integracoes', {
    method: 'POST',
    json: {
      provedor: 'bmp',
      ambiente: 'homologacao',
      descricao: options.descricao ?? 'BMP E-Consignado',
      credenciais: { recebimento: { token: options.token } },
      configuracoes: { recebimento: { autenticacao: 'bearer' }, ...options.configuracoes },
    },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as BmpIntegracao;
}

/** The single-item read of a proposal, which always carries its history. */
export type PropostaLida = PropostaView & {
  historico: EntradaHistorico[];
  recusados_total: number;
};

export interface Alerta {
  tipo: string;
  mensagem: string;
  integracao_id: string;
  detalhes: Record<string, unknown>;
}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT';
  body?: Buffer | string;
  token?: string;
  /** Another integration's callback URL. */
  to?: string;
}

/**
 * BMP calling an integration (`url`, `token`) and what the test reads back. `t` and `url` are
 * getters because suites create them in `beforeAll`.
 */
export function bmpCaller(app: () => TestApp, destino: () => { url: string; token: string }) {
  /** What BMP does: query parameters, the configured auth, a JSON body on POST/PUT. */
  const call = async (query: Record<string, string>, options: CallOptions = {}) => {
    const { url, token } = destino();
    const response = await fetch(`${options.to ?? url}?${new URLSearchParams(query).toString()}`, {
      method: options.method ?? (options.body ? 'POST' : 'GET'),
      headers: {
        authorization: `Bearer ${options.token ?? token}`,
        ...(options.body && { 'content-type': 'application/json' }),
      },
      body: options.body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const settled = (id: string) =>
    waitFor(
      () =>
        app()
          .ctx.database.db.selectFrom('eventos_entrada')
          .selectAll()
          .where('id', '=', id)
          .where('situacao', '<>', 'pendente')
          .executeTakeFirst(),
      `inbound event ${id} processed`,
    );
  /** Sends one callback and waits until it was applied; returns what it did. */
  const send = async (query: Record<string, string>, options: CallOptions = {}) => {
    const { status, body } = await call(query, options);
    expect(status).toBe(200);
    const event = await settled(body.id as string);
    return (JSON.parse(event.resultado!) as { resultado: string }).resultado;
  };
  const proposta = async (guid: string, query = '') => {
    const response = await app().api(`/v1/propostas/${guid}${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as PropostaLida;
  };
  /** The host-facing events stored for a proposal, oldest first. */
  const eventos = async (guid: string) =>
    (await app().ctx.database.db.selectFrom('eventos').selectAll().orderBy('id').execute())
      .map((e) => ({ ...e, dados: JSON.parse(e.dados) as Record<string, unknown> }))
      .filter((e) => e.dados.proposta === guid);
  /** The alerts raised about a proposal, oldest first. */
  const alertas = async (guid: string) => {
    const response = await app().api('/v1/alertas?limite=200');
    const { dados } = (await response.json()) as { dados: Alerta[] };
    return dados.filter((a) => a.detalhes.proposta === guid).reverse();
  };
  const lastEventId = async () =>
    (
      await app()
        .ctx.database.db.selectFrom('eventos_entrada')
        .select('id')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow()
    ).id;
  return { call, settled, send, proposta, eventos, alertas, lastEventId };
}
