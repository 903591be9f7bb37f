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
  situacao: 'pendente' | 'processado' | 'rejeitado' | 'falhou';
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
