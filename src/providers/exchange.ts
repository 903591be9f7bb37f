/**
 * One HTTP exchange with a provider as kept for audit: secrets (Authorization, passwords,
 * tokens) already masked by the adapter, documents left whole (the row is the audit record;
 * logs mask them separately).
 */
export interface TrocaHttp {
  requisicao: {
    metodo: string;
    url: string;
    cabecalhos: Record<string, string>;
    corpo?: unknown;
  };
  resposta: { status: number; corpo: unknown } | null;
  /** Milliseconds from sending to the last byte (or to the failure). */
  duracao_ms: number;
  /** Set when no answer came: `timeout`, `rede`. */
  falha?: string;
}

/**
 * The provider gave no usable answer: network failure, timeout, 5xx, 429. The job layer retries
 * it with backoff, unless `ambigua` says the request may have been processed (a timeout after the
 * body was sent), in which case the caller must reconcile before sending again.
 */
export class ProviderUnavailableError extends Error {
  override name = 'ProviderUnavailableError';

  constructor(
    mensagem: string,
    readonly codigo: string,
    readonly ambigua: boolean,
    readonly trocas: TrocaHttp[],
    readonly status?: number,
    /** From Retry-After, when the provider sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(mensagem);
  }
}
