import type {
  Acompanhamento,
  DividaParaIncluir,
  DividaParaRemover,
  Localizacao,
  PedidoConsulta,
  ProviderClient,
  Recusa,
  ResultadoCadastro,
  ResultadoConsulta,
  ResultadoTransmissao,
} from '../contract.js';
import type { EmpresaParaCadastro } from './cadastro.js';

// What the Tecnospeed client offers beyond ProviderClient.

/** The report was requested and is being prepared: read it later by `referencia` (protocolo). */
export type ConsultaPendente = Extract<ResultadoConsulta, { tipo: 'pendente' }>;

/**
 * A finished report says how it came: `json` was mapped into the relatorio; `html` is kept as
 * Tecnospeed returned it (in `html` and `original`), and the relatorio stays empty but for its
 * header.
 */
export type ConsultaConcluida = Extract<ResultadoConsulta, { tipo: 'concluida' }> & {
  formato: 'json' | 'html';
};

export type ResultadoConsultaAssincrona = ConsultaConcluida | ConsultaPendente | Recusa;

export interface TecnospeedClient extends ProviderClient {
  /** POST /consultas/assincrona: a protocolo to read the report by, or a refusal. */
  consultar: (pedido: PedidoConsulta, signal?: AbortSignal) => Promise<ConsultaPendente | Recusa>;
  /** GET /consultas/assincrona?protocolo=: 202 still pending, 200 the report. */
  acompanharConsulta: (
    referencia: string,
    pedido: PedidoConsulta,
    signal?: AbortSignal,
  ) => Promise<ResultadoConsultaAssincrona>;
  incluir: (divida: DividaParaIncluir, signal?: AbortSignal) => Promise<ResultadoTransmissao>;
  remover: (divida: DividaParaRemover, signal?: AbortSignal) => Promise<ResultadoTransmissao>;
  acompanhar: (referencia: string, signal?: AbortSignal) => Promise<Acompanhamento | Recusa>;
  localizar: (
    alvo: { documento: string; contrato: string },
    signal?: AbortSignal,
  ) => Promise<Localizacao | Recusa>;
  cadastrar: (
    empresa: EmpresaParaCadastro,
    signal?: AbortSignal,
  ) => Promise<ResultadoCadastro | Recusa>;
  consultarCadastro: (cnpj: string, signal?: AbortSignal) => Promise<ResultadoCadastro | Recusa>;
}
