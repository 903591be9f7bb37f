import { z } from 'zod';
import { PRODUTO_NAO_CONTRATADO } from './magic.js';

const inteiro = (min: number) =>
  z.number('deve ser um numero').int('deve ser um inteiro').min(min, `deve ser >= ${min}`);

/** Live settings of one sandbox instance, changed by `PUT /__sandbox/config`. */
export const sandboxConfigSchema = z.strictObject({
  /** Delay before the first webhook attempt, ms (not scaled). */
  atraso_webhook_ms: inteiro(0).optional(),
  /** Delay between processing a PEFIN request and answering it, ms: lets crash tests kill a
   * client after Serasa acted but before the client read the transactionId. */
  atraso_resposta_ms: inteiro(0).optional(),
  /** Multiplies the retry schedule (0.001 turns 30 minutes into 1.8 s). */
  escala_tempo: z
    .number('deve ser um numero')
    .positive('deve ser > 0')
    .max(1, 'deve ser <= 1')
    .optional(),
  /** Deliver every webhook this many times (duplicates). */
  copias: inteiro(1).max(10, 'deve ser <= 10').optional(),
  token_ttl_segundos: inteiro(1).optional(),
  /** Only Serasa's eight homologation documents may be negativated (as in UAT). */
  massa_teste_estrita: z.boolean('deve ser true ou false').optional(),
  /** Keep webhooks until `POST /__sandbox/webhooks/liberar`. */
  reter_webhooks: z.boolean('deve ser true ou false').optional(),
  /** reportNames answered with 412 USER-NOT-AUTHORIZED (replaces the list). */
  produtos_nao_contratados: z.array(z.string().min(1)).optional(),
});

export type SandboxConfig = Required<z.output<typeof sandboxConfigSchema>>;

export const CONFIG_PADRAO: SandboxConfig = {
  atraso_webhook_ms: 0,
  atraso_resposta_ms: 0,
  escala_tempo: 1,
  copias: 1,
  token_ttl_segundos: 900,
  massa_teste_estrita: false,
  reter_webhooks: false,
  produtos_nao_contratados: [PRODUTO_NAO_CONTRATADO],
};

export interface WebhookTarget {
  url: string;
  autenticacao: {
    tipo: 'nenhuma' | 'basic' | 'bearer';
    usuario?: string;
    senha?: string;
    token?: string;
  };
}

/** A record in Serasa's PEFIN base: a principal debt or a guarantor of one. */
export interface Divida {
  tipo: 'principal' | 'avalista';
  credor: string;
  devedor: string;
  contrato: string;
  valor: number;
  categoria: string;
  area: string;
  vencimento: string;
  cadusKey: string;
  cadusSerie: string;
  /** Exclusion requests received for it (BXERR fails the first one). */
  exclusoes: number;
  ativa: boolean;
  /** For a guarantor: the key of its principal debt. */
  principal?: string;
}

export type Evento =
  | 'inclusao_sucesso'
  | 'inclusao_erro'
  | 'avalista_sucesso'
  | 'avalista_erro'
  | 'exclusao_sucesso'
  | 'exclusao_erro';

export interface Webhook {
  uuid: string;
  evento: Evento;
  payload: Record<string, unknown>;
  /** client_id of the login whose token made the request: picks the target URL. */
  clientId: string;
  copias: number;
}

export interface Recebida {
  transactionId: string;
  recebida_em: string;
  credor: string;
  devedor: string;
  contrato: string;
}

export interface Registros {
  inclusoes: Array<Recebida & { valor: number; categoria: string }>;
  avalistas: Array<Recebida & { avalista: string }>;
  exclusoes: Array<Recebida & { motivo: string; cadus: string | null }>;
  entregas: Array<{
    uuid: string;
    evento: Evento;
    tentativa: number;
    copia: number;
    status_http?: number;
    erro?: string;
    em: string;
  }>;
  logins: number;
}

export const registrosVazios = (): Registros => ({
  inclusoes: [],
  avalistas: [],
  exclusoes: [],
  entregas: [],
  logins: 0,
});

export const debtKey = (credor: string, devedor: string, contrato: string) =>
  `${credor}|${devedor}|${contrato}`;

/**
 * Everything one registration of the plugin remembers. Created inside the plugin, so two
 * mounts (demo app and a test server) never share tokens, debts or timers.
 */
export class SandboxState {
  config: SandboxConfig = { ...CONFIG_PADRAO, produtos_nao_contratados: [PRODUTO_NAO_CONTRATADO] };
  /** token → client_id and expiry (ms epoch). */
  readonly tokens = new Map<string, { clientId: string; expiresAt: number }>();
  readonly dividas = new Map<string, Divida>();
  /** client_id (or `*`, the default) → where its webhooks go. */
  readonly targets = new Map<string, WebhookTarget>();
  /** Every webhook emitted, for `reenviar`. */
  readonly sent = new Map<string, Webhook>();
  held: Webhook[] = [];
  registros: Registros = registrosVazios();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Aborts in-flight deliveries when the server closes, so no fetch outlives it. */
  readonly closing = new AbortController();
  private cadusSeq = 8_080_948;

  get closed(): boolean {
    return this.closing.signal.aborted;
  }

  target(clientId: string): WebhookTarget | undefined {
    return this.targets.get(clientId) ?? this.targets.get('*');
  }

  /** CADUS keys like the doc's `008080948A`: 9 digits and a letter, unique per instance. */
  nextCadusKey(): string {
    this.cadusSeq += 1;
    return `${String(this.cadusSeq).padStart(9, '0')}A`;
  }

  later(ms: number, run: () => void): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    // A forgotten sandbox must not keep a test process alive for a 24 h retry.
    timer.unref();
    this.timers.add(timer);
  }

  close(): void {
    this.closing.abort();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
