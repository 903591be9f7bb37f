/**
 * Row types of every table. Timestamps are ISO-8601 UTC text (`...T12:00:00.000Z`) on both
 * databases so ordering and comparison behave identically; money is integer centavos;
 * JSON documents are text, parsed at the edge of the repository that owns them.
 */
export interface DB {
  api_keys: ApiKeyTable;
  idempotency_keys: IdempotencyKeyTable;
  integracoes: IntegracaoTable;
  eventos_entrada: EventoEntradaTable;
  jobs: JobTable;
  negativacoes: NegativacaoTable;
  negativacao_eventos: NegativacaoEventoTable;
  faturas_negativadas: FaturaNegativadaTable;
  pagamentos: PagamentoTable;
  alertas: AlertaTable;
  consultas: ConsultaTable;
  propostas: PropostaTable;
  proposta_situacoes: PropostaSituacaoTable;
  eventos: EventoTable;
  webhooks: WebhookTable;
  entregas: EntregaTable;
  entrega_tentativas: EntregaTentativaTable;
  lotes: LoteTable;
  lote_linhas: LoteLinhaTable;
}

export interface ApiKeyTable {
  id: string;
  name: string;
  /** First characters of the key, shown in listings so a key can be recognised without revealing it. */
  key_prefix: string;
  /** SHA-256 hex of the full key: keys have 256 bits of entropy, so a slow hash adds nothing. */
  key_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface IdempotencyKeyTable {
  api_key_id: string;
  key: string;
  method: string;
  path: string;
  request_hash: string;
  state: 'em_andamento' | 'concluida';
  response_status: number | null;
  response_body: string | null;
  created_at: string;
}

export interface IntegracaoTable {
  id: string;
  provedor: string;
  ambiente: 'homologacao' | 'producao';
  descricao: string;
  situacao: 'ativa' | 'desativada';
  /** Non-secret provider settings (JSON). */
  configuracoes: string;
  /** AES-256-GCM envelope of the credentials JSON; never leaves the process in clear. */
  credenciais_cifradas: string;
  /** SHA-256 hex of the inbound URL token, for lookup. */
  token_hash: string;
  /** AES-256-GCM envelope of the inbound URL token, so the API can show the full URL. */
  token_cifrado: string;
  demo: number;
  /** Last "sincronizar produtos" result (JSON), null until the first sync. */
  produtos_sincronizados: string | null;
  /** Providers that register the customer first: `{estado, verificado_em}` (JSON), last seen. */
  cadastro: string | null;
  criada_em: string;
  atualizada_em: string;
}

export interface EventoEntradaTable {
  id: string;
  integracao_id: string | null;
  provedor: string;
  metodo: string;
  /** Path with the URL token masked. */
  caminho: string;
  query: string;
  cabecalhos: string;
  corpo: Buffer | null;
  ip_origem: string;
  recebido_em: string;
  veredito: string;
  /** The provider reference the request names (BMP: proposal GUID), refused ones included. */
  referencia: string | null;
  /** `sem_correspondencia`: valid but matched nothing; kept and listed, never dropped. */
  situacao: 'pendente' | 'processado' | 'rejeitado' | 'falhou' | 'sem_correspondencia';
  processado_em: string | null;
  resultado: string | null;
}

export type JobState = 'available' | 'running' | 'retryable' | 'completed' | 'dead' | 'cancelled';

export interface JobTable {
  id: string;
  queue: string;
  kind: string;
  payload: string;
  state: JobState;
  attempt: number;
  max_attempts: number;
  run_at: string;
  locked_by: string | null;
  locked_until: string | null;
  unique_key: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export type StatusNegativacao =
  | 'aguardando'
  | 'aguardando_confirmacao_inserir'
  | 'inserida'
  | 'rejeitada'
  | 'aguardando_correcao'
  | 'aguardando_confirmacao_remover'
  | 'removida';

export interface NegativacaoTable {
  id: string;
  integracao_id: string;
  provedor: string;
  status: StatusNegativacao;
  /** What `aguardando` is waiting to transmit. */
  acao: 'inserir' | 'remover' | null;
  credor: string;
  devedor_documento: string;
  /** Debtor snapshot (JSON): nome, endereco, data_nascimento. */
  devedor: string;
  contrato: string;
  valor_centavos: number;
  /** yyyy-mm-dd */
  vencimento: string;
  natureza: string;
  /** Host-system invoice ids (JSON array); also indexed in faturas_negativadas. */
  faturas: string;
  /** `credor|devedor|contrato` while active, null once it ended or while it waits to replace another. */
  chave_unica: string | null;
  /** Provider reference of the inclusion (Serasa transactionId = webhook uuid). */
  referencia_inclusao: string | null;
  referencia_baixa: string | null;
  /** Provider keys of the record (JSON, e.g. cadusKey). */
  chaves_provedor: string;
  /**
   * Set, and committed, before a request is sent; cleared when its outcome is known. Found set by a
   * later attempt, it means the outcome is unknown (crash or timeout): reconcile, never resend blindly.
   */
  transmissao_desde: string | null;
  /** The job that set `transmissao_desde`: while it is running, another job leaves the row alone. */
  transmissao_job: string | null;
  transmissao_incerta: number;
  /** Requested removal (JSON): motivo, solicitada_em, origem, tentativas. Null when none. */
  baixa: string | null;
  /** Last provider error (JSON). */
  erro: string | null;
  pago_em: string | null;
  /** Sumula 548 deadline (yyyy-mm-dd): removal must be requested by this business day. */
  prazo_baixa: string | null;
  /** Set when a transmission waited too long for its confirmation. */
  sinalizada_em: string | null;
  /** While a transmission awaits its webhook: when it is flagged if none has come. */
  confirmacao_ate: string | null;
  /** Polled providers: the provider's status last recorded (Tecnospeed `situacao`). */
  situacao_provedor: string | null;
  /** Polled providers: how many entries of the provider's `historico` are in our history. */
  historico_provedor_visto: number;
  substitui_id: string | null;
  substituida_por_id: string | null;
  criada_em: string;
  atualizada_em: string;
}

export interface NegativacaoEventoTable {
  id: string;
  negativacao_id: string;
  tipo: string;
  status_anterior: string | null;
  status: string;
  detalhes: string;
  ocorrido_em: string;
}

export interface FaturaNegativadaTable {
  fatura: string;
  negativacao_id: string;
}

export interface PagamentoTable {
  id: string;
  negativacao_id: string;
  fatura: string | null;
  pago_em: string;
  prazo_baixa: string;
  registrado_em: string;
}

export interface AlertaTable {
  id: string;
  tipo: string;
  integracao_id: string | null;
  negativacao_id: string | null;
  mensagem: string;
  detalhes: string;
  criado_em: string;
}

export interface ConsultaTable {
  id: string;
  integracao_id: string;
  provedor: string;
  produto: string;
  tipo_documento: 'cpf' | 'cnpj';
  documento: string;
  situacao: 'processando' | 'concluida' | 'erro';
  finalidade: string | null;
  resumo: string | null;
  /** RelatorioCredito (JSON), credgate's normalized report. */
  relatorio: string | null;
  /** The provider's own answer, kept as returned. */
  original: string | null;
  /** Raw exchanges (JSON array of TrocaHttp), secrets masked. */
  trocas: string;
  erro: string | null;
  criada_em: string;
  concluida_em: string | null;
  /** Asynchronous providers: the reference the answer is polled by (Tecnospeed protocolo). */
  referencia: string | null;
  /** The provider's own HTML report, served as returned. */
  html_provedor: string | null;
}

/** A credit proposal reported by provider callbacks (BMP), keyed by the provider's GUID. */
export interface PropostaTable {
  id: string;
  integracao_id: string;
  /** The provider's proposal GUID. */
  proposta: string;
  /** Our correlation key sent at inclusion (BMP codigoOperacao), once a callback names it. */
  identificador: string | null;
  /** The most advanced known status received; null while only unknown ones came. */
  situacao: number | null;
  situacao_nome: string | null;
  /** The provider's reason sent with the current status (BMP: for 9 and 11). */
  descricao_ocorrencia: string | null;
  /** Callbacks that arrived after a more advanced status (late deliveries); 0 when none. */
  fora_de_ordem: number;
  criada_em: string;
  atualizada_em: string;
}

export type ResultadoSituacaoProposta =
  'aplicada' | 'fora_de_ordem' | 'regressao' | 'desconhecida' | 'duplicada';

/** Every accepted callback of a proposal, with what it did to the proposal. */
export interface PropostaSituacaoTable {
  id: string;
  proposta_id: string;
  evento_entrada_id: string;
  situacao: number;
  /** Null when the status is not in the provider's table. */
  nome: string | null;
  descricao_ocorrencia: string | null;
  /** The callback body (JSON text), when it had one. */
  corpo: string | null;
  metodo: string;
  /** When the callback arrived (eventos_entrada.recebido_em). */
  recebida_em: string;
  resultado: ResultadoSituacaoProposta;
  /** SHA-256 hex of proposal + status + body: the same callback delivered again has the same key. */
  chave_dedup: string;
}

/** Host-facing events, stored in the transaction of the change they tell about. */
export interface EventoTable {
  id: string;
  /** e.g. `proposta.situacao_alterada` */
  tipo: string;
  /** JSON */
  dados: string;
  criado_em: string;
  /** Null until the event has been fanned out to the webhook endpoints (`entregas`). */
  distribuido_em: string | null;
}

/** An outbound webhook endpoint of the host system (Standard Webhooks). */
export interface WebhookTable {
  id: string;
  url: string;
  descricao: string;
  /** JSON array of event types; empty means every type. */
  tipos: string;
  /** AES-256-GCM envelope of the `whsec_...` secret. */
  segredo_cifrado: string;
  /** During a rotation: the previous secret, also signed with until `segredo_anterior_ate`. */
  segredo_anterior_cifrado: string | null;
  segredo_anterior_ate: string | null;
  ativo: number;
  /** `manual`, `endpoint_respondeu_410`, `falhas_por_5_dias`. */
  desativado_motivo: string | null;
  desativado_em: string | null;
  /** First failed attempt since the last success; cleared by a success. */
  falhando_desde: string | null;
  /** Deleted by the API: kept for its deliveries' history, secrets wiped. */
  excluido_em: string | null;
  criado_em: string;
  atualizado_em: string;
}

export type SituacaoEntrega = 'pendente' | 'entregue' | 'falhou' | 'abandonada';

/** One event for one endpoint; `id` is the `webhook-id`, the same on every attempt. */
export interface EntregaTable {
  id: string;
  evento_id: string;
  webhook_id: string;
  /** `falhou`: the last attempt failed and another is scheduled at `proxima_em`. */
  situacao: SituacaoEntrega;
  tentativas: number;
  proxima_em: string | null;
  /** The delivery job sending right now, set before the request leaves (one sender at a time). */
  envio_job: string | null;
  envio_desde: string | null;
  ultima_tentativa_em: string | null;
  /** HTTP status of the last attempt; null when no answer came. */
  ultimo_status: number | null;
  ultimo_erro: string | null;
  entregue_em: string | null;
  criada_em: string;
}

/** One HTTP attempt of an entrega. */
export interface EntregaTentativaTable {
  id: string;
  entrega_id: string;
  /** 1 for the first attempt. */
  numero: number;
  iniciada_em: string;
  status: number | null;
  latencia_ms: number;
  /** The first 1 KB of the answer's body. */
  resposta: string | null;
  erro: string | null;
  /** `entregue`, `falhou`, `abandonada`, as the attempt left the entrega. */
  resultado: string;
}

export type SituacaoLote = 'previa' | 'confirmado' | 'processando' | 'concluido';
export type SituacaoLoteLinha = 'valida' | 'invalida' | 'criada' | 'falha';

/** A bulk negativacao upload: validated as a preview, then confirmed and processed by jobs. */
export interface LoteTable {
  id: string;
  integracao_id: string;
  formato: 'csv' | 'json';
  /** `concluido`: every valid row became a negativacao or failed to. */
  situacao: SituacaoLote;
  total: number;
  validas: number;
  invalidas: number;
  criado_em: string;
  confirmado_em: string | null;
  concluido_em: string | null;
}

/** One data row of a lote, as read, with its validation and what it became. */
export interface LoteLinhaTable {
  lote_id: string;
  /** 1-based data row number. */
  linha: number;
  situacao: SituacaoLoteLinha;
  /** JSON: the row as read. */
  dados: string;
  /** JSON array of {campo, codigo, mensagem}; null when valid. */
  erros: string | null;
  /** JSON: the normalized request, for valid rows. */
  pedido: string | null;
  /** Set in the commit that inserts the negativacao. */
  negativacao_id: string | null;
  /** JSON {codigo, mensagem, campo}: why the negativacao could not be created. */
  erro: string | null;
}
