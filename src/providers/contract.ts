import type { FastifyPluginAsync } from 'fastify';
import type { z } from 'zod';
import type { RelatorioCredito } from '../domain/consulta.js';
import type { DocumentoClassificado } from '../domain/documents.js';
import type { TrocaHttp } from './exchange.js';

export const PROVIDER_IDS = ['serasa_experian', 'tecnospeed', 'serasa_bureau', 'bmp'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];
export type Ambiente = 'homologacao' | 'producao';

export type InboundMethod = 'GET' | 'POST' | 'PUT';
export type InboundAuthScheme = 'nenhuma' | 'basic' | 'bearer' | 'api_key' | 'jwt' | 'hmac';

/** What the core hands an adapter about one received request; the adapter never sees the database. */
export interface InboundRequest {
  method: string;
  query: Record<string, string | string[] | undefined>;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer | null;
}

/** An adapter's reading of an inbound request; the core decides what to do with it. */
export type InboundReading =
  | { tipo: 'malformado'; mensagem: string; campo?: string }
  | {
      tipo: 'aceito';
      referencia?: string;
      dedupKey?: string;
      desfecho?: Desfecho;
      situacaoProposta?: SituacaoPropostaRecebida;
    };

/** A status the provider reports for a credit proposal (BMP callbacks), as read from the request. */
export interface SituacaoPropostaRecebida {
  /** The provider's proposal id (BMP: a GUID). */
  proposta: string;
  /** The provider's status id; its meaning comes from the adapter's `propostas` table. */
  situacao: number;
  /** Our own correlation key sent at inclusion (BMP: codigoOperacao). */
  identificador?: string;
  /** The provider's reason (BMP sends it for 9 Paga and 11 Pendente Pagamento). */
  descricaoOcorrencia?: string;
  /** The body as received: parsed JSON, or the raw text when it is not JSON. */
  corpo?: unknown;
}

/** One status of a provider's proposal table, as the core needs it to order callbacks. */
export interface SituacaoPropostaConhecida {
  nome: string;
  /** Position in the lifecycle: a callback with a lower order than the current one is late. */
  ordem: number;
  /** Nothing follows it in the lifecycle. */
  terminal: boolean;
  /** Stalled until the partner acts (BMP 11: fix the bank data); raises an alert when reached. */
  exigeAcao: boolean;
}

/** The proposal status table of a provider that reports proposals (BMP), for one product. */
export interface RegrasPropostas {
  situacao(id: number): SituacaoPropostaConhecida | undefined;
}

/**
 * The provider's verdict on an earlier transmission, as read from a webhook or a poll. Only
 * explicit evidence: a field the provider did not send stays undefined.
 */
export interface Desfecho {
  /** The provider's reference of the transmission (Serasa: transactionId = webhook `uuid`). */
  referencia?: string;
  /** What the provider says it did; undefined when the payload does not tell. */
  operacao?: 'inclusao' | 'exclusao' | 'inclusao_avalista';
  sucesso: boolean;
  credor?: string;
  devedor?: string;
  contrato?: string;
  /** Provider keys of the record (Serasa: cadusKey, cadusSerie), kept for later removals. */
  chaves?: Record<string, string>;
  erro?: { codigo: string | null; mensagem: string };
}

/**
 * Receiving provider callbacks: which methods and auth schemes the provider can be configured
 * with, and how to read a request. Authentication itself is done by the core's verifiers.
 */
export interface InboundCapability {
  methods: readonly InboundMethod[];
  authSchemes: readonly InboundAuthScheme[];
  read(request: InboundRequest): InboundReading;
  /**
   * The subject a request names (BMP: the proposal GUID), read whatever the verdict, so that a
   * refused callback is still listed under its proposal. Unauthenticated: a label, never trusted.
   */
  referenciaDe?(request: InboundRequest): string | undefined;
}

/** A provider's simulator: routes that behave like the real API on the wire. */
export interface SandboxDefinition {
  provider: string;
  description: string;
  /** Documented magic inputs and what they trigger, shown by the sandbox's info route. */
  magicInputs: Record<string, string>;
  routes: FastifyPluginAsync;
}

/** What a client needs to reach the provider on behalf of one integration. */
export interface ProviderConnection {
  ambiente: Ambiente;
  /** Parsed by the adapter's credentialsSchema. */
  credenciais: unknown;
  /** Parsed by the adapter's settingsSchema. */
  configuracoes: unknown;
  now(): Date;
}

export interface ResultadoTeste {
  ok: boolean;
  verificacoes: Array<{ nome: string; ok: boolean; mensagem: string }>;
}

/** A report product the integration can ask for. */
export interface ProdutoConsulta {
  codigo: string;
  nome: string;
  tipo_documento: 'cpf' | 'cnpj';
  /** Optional features sent with it by default. */
  opcionais: string[];
  /** Extra parameters (Serasa: score model in reportParameters). */
  parametros: Record<string, string>;
  requer_uf: boolean;
}

export interface PedidoConsulta {
  documento: DocumentoClassificado;
  produto: ProdutoConsulta;
  uf?: string;
}

/** A business answer is data (`recusada`); a transport failure throws ProviderUnavailableError. */
export type ResultadoConsulta =
  | {
      tipo: 'concluida';
      relatorio: RelatorioCredito;
      original: unknown;
      /** The provider's own HTML report, shown as returned (Tecnospeed `retorno` HTML). */
      html?: string;
      trocas: TrocaHttp[];
    }
  /** Asynchronous providers answer later: poll `acompanharConsulta` with this reference. */
  | { tipo: 'pendente'; referencia: string; trocas: TrocaHttp[] }
  | Recusa;

export interface Recusa {
  tipo: 'recusada';
  /** Stable credgate code, e.g. `documento_nao_encontrado`, `produto_nao_autorizado`. */
  codigo: string;
  mensagem: string;
  /** The provider's own code/message, verbatim. */
  codigo_provedor: string | null;
  mensagem_provedor: string | null;
  /** HTTP status the API answers with when the refusal is returned synchronously. */
  status_http: number;
  trocas: TrocaHttp[];
}

export interface Endereco {
  cep: string;
  logradouro: string;
  numero: string | null;
  complemento: string | null;
  bairro: string;
  cidade: string;
  uf: string;
}

export interface DividaParaIncluir {
  credor: string;
  devedor: {
    documento: DocumentoClassificado;
    nome: string;
    endereco: Endereco;
  };
  contrato: string;
  valor_centavos: number;
  /** yyyy-mm-dd */
  vencimento: string;
  natureza: string;
}

export interface DividaParaRemover {
  credor: string;
  devedor: string;
  contrato: string;
  motivo: string;
  /** Keys the provider returned at inclusion (Serasa cadusKey), when known. */
  chaves: Record<string, string>;
  /** The inclusion's reference (Tecnospeed: its `protocolo`, which a removal names). */
  referencia_inclusao: string | null;
}

/** `aceita` only means received: the verdict arrives later as a Desfecho. */
export type ResultadoTransmissao =
  { tipo: 'aceita'; referencia: string; trocas: TrocaHttp[] } | Recusa;

/**
 * What a polled status means for a negativacao. `desconhecida` (a status the adapter does not
 * know) keeps it pending, stored and alerted.
 */
export type FaseAcompanhamento =
  | 'processando'
  | 'enviada'
  | 'aceita'
  | 'aguardando_correcao'
  | 'rejeitada'
  | 'baixa_enviada'
  | 'baixada'
  | 'desconhecida';

/** A transmission's status read by polling, for providers without webhooks (Tecnospeed). */
export interface Acompanhamento {
  tipo: 'acompanhamento';
  /** The provider's own status, verbatim (Tecnospeed `situacao`). */
  situacao: string;
  fase: FaseAcompanhamento;
  /** The provider's reason for a correction or a rejection. */
  motivo: string | null;
  /** The provider's history entries, verbatim and in its order. */
  historico: unknown[];
  trocas: TrocaHttp[];
}

export interface ProviderClient {
  /** Proves each credential works (Serasa: one IAM login per pair). */
  testar(): Promise<ResultadoTeste>;
  consultar?(pedido: PedidoConsulta, signal?: AbortSignal): Promise<ResultadoConsulta>;
  /** A pending consulta's answer so far (`pendente` again while the provider still works). */
  acompanharConsulta?(
    referencia: string,
    pedido: PedidoConsulta,
    signal?: AbortSignal,
  ): Promise<ResultadoConsulta>;
  /** Whether the contract covers the product (Serasa: 412 = not contracted). */
  sondarProduto?(
    produto: ProdutoConsulta,
    signal?: AbortSignal,
  ): Promise<'contratado' | 'nao_contratado' | 'indeterminado'>;
  incluir?(divida: DividaParaIncluir, signal?: AbortSignal): Promise<ResultadoTransmissao>;
  remover?(divida: DividaParaRemover, signal?: AbortSignal): Promise<ResultadoTransmissao>;
  /**
   * Reads where a transmission stands, by the reference `incluir` returned (providers that are
   * polled instead of calling back). A refusal (bad credentials, unknown reference) is a Recusa;
   * a transport failure throws ProviderUnavailableError.
   */
  acompanhar?(referencia: string, signal?: AbortSignal): Promise<Acompanhamento | Recusa>;
  /**
   * Finds what the provider holds for a debtor's contract: after an inclusion whose answer was
   * lost (a timeout, a cut connection), the reference is adopted instead of sending again.
   */
  localizar?(
    alvo: { documento: string; contrato: string },
    signal?: AbortSignal,
  ): Promise<Localizacao | Recusa>;
  /** Registers the customer (validated by the adapter's `empresaSchema`) with the provider. */
  cadastrar?(empresa: unknown, signal?: AbortSignal): Promise<ResultadoCadastro | Recusa>;
  /** Where this integration's customer stands in that registration. */
  situacaoCadastro?(signal?: AbortSignal): Promise<ResultadoCadastro | Recusa>;
}

/** The provider's negativacao tables and field rules, from its settings (configurable). */
export interface RegrasNegativacao {
  naturezas: Record<string, string>;
  motivos_baixa: Record<string, string>;
  valor_minimo_centavos: number;
  /** Field sizes: nome, logradouro, complemento, bairro, cidade, contrato. */
  limites: Record<'nome' | 'logradouro' | 'complemento' | 'bairro' | 'cidade' | 'contrato', number>;
  /** Motivo used for a removal after payment (Serasa: 1 PAGAMENTO DA DIVIDA). */
  motivo_pagamento: string;
  /** Motivo used when a negativacao is replaced by a corrected one. */
  motivo_correcao: string;
}

/** Transmissions a provider holds for one debt, found to reconcile an answer that was lost. */
export interface Localizacao {
  tipo: 'localizada';
  /** References (Tecnospeed protocolos) of the matching records; empty when there is none. */
  referencias: string[];
  /** The matching records, verbatim. */
  registros: unknown[];
  trocas: TrocaHttp[];
}

/** Where the customer stands with a provider that registers it before use (Tecnospeed). */
export type EstadoCadastro = 'nao_cadastrado' | 'cadastrado' | 'aguardando_contrato' | 'ativo';

export interface ResultadoCadastro {
  tipo: 'cadastro';
  estado: EstadoCadastro;
  /** The provider's answer, verbatim. */
  original: unknown;
  trocas: TrocaHttp[];
}

/** How a polled provider's pending transmissions are followed (from its settings). */
export interface RegrasAcompanhamento {
  /** Waits between polls while the provider is still processing, ms; the last one repeats. */
  intervalos_rapidos_ms: number[];
  /** Wait between polls in the slow stages (forwarded to the bureau, awaiting correction), ms. */
  intervalo_lento_ms: number;
  /** Polls of one transmission before polling stops and the negativacao is flagged. */
  max_consultas: number;
  /** Calls per second to this integration that polling respects (per process). */
  limite_por_segundo?: number;
}

export interface DemoIntegration {
  descricao: string;
  ambiente: Ambiente;
  credenciais: unknown;
  configuracoes: unknown;
  /** Tells the sandbox where to deliver webhooks (what an operator does by e-mail in real life). */
  registerInbound?: (inboundUrl: string) => Promise<void>;
}

export interface ProviderAdapter {
  id: string;
  displayName: string;
  capabilities: { consulta: boolean; negativacao: boolean; recebimento: boolean };
  /** Secrets: stored encrypted, never returned. */
  credentialsSchema: z.ZodType;
  /** Non-secret settings, returned by the API. */
  settingsSchema: z.ZodType;
  inbound?: InboundCapability;
  sandbox?: SandboxDefinition;
  createClient?(connection: ProviderConnection): ProviderClient;
  /** Report products of an integration (its settings may replace the default catalogue). */
  produtos?(configuracoes: unknown): ProdutoConsulta[];
  negativacao?(configuracoes: unknown): RegrasNegativacao;
  /** The company body of `cadastrar`, for providers that register their customer first. */
  empresaSchema?: z.ZodType;
  /** Polling schedule of transmissions, for providers whose client has `acompanhar`. */
  acompanhamento?(configuracoes: unknown): RegrasAcompanhamento;
  /** Polling schedule of pending consultas, for providers whose client has `acompanharConsulta`. */
  acompanhamentoConsulta?(configuracoes: unknown): RegrasAcompanhamento;
  /**
   * Proposal status table of an integration (its settings choose the product), for providers
   * whose callbacks report proposals (BMP).
   */
  propostas?(configuracoes: unknown): RegrasPropostas;
  /** The integration demo mode seeds, pointing at this provider's sandbox. */
  demoIntegration?(sandboxBaseUrl: string): DemoIntegration;
}
