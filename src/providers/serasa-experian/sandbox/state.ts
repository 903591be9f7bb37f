import { z } from 'zod';

/** Live settings of one sandbox instance, changed by `PUT /__sandbox/config`. */
export const sandboxConfigSchema = z.strictObject({
  /** Delay before the first webhook attempt, ms. */
  atraso_webhook_ms: z.number().int().min(0).optional(),
  /** Delay between processing a PEFIN request and answering it, ms (crash tests). */
  atraso_resposta_ms: z.number().int().min(0).optional(),
  /** Multiplies the retry schedule (0.001 turns 30 minutes into 1.8 s). */
  escala_tempo: z.number().positive().max(1).optional(),
  /** Deliver every webhook this many times (duplicates). */
  copias: z.number().int().min(1).max(10).optional(),
  token_ttl_segundos: z.number().int().min(1).optional(),
  /** Only Serasa's eight homologation documents may be negativated (as in UAT). */
  massa_teste_estrita: z.boolean().optional(),
  /** Keep webhooks until `POST /__sandbox/webhooks/liberar`. */
  reter_webhooks: z.boolean().optional(),
});

export type SandboxConfig = Required<z.output<typeof sandboxConfigSchema>>;

export interface WebhookTarget {
  url: string;
  autenticacao: {
    tipo: 'nenhuma' | 'basic' | 'bearer';
    usuario?: string;
    senha?: string;
    token?: string;
  };
}

export interface Divida {
  credor: string;
  devedor: string;
  contrato: string;
  valor: number;
  categoria: string;
  area: string;
  vencimento: string;
  cadusKey: string;
  cadusSerie: string;
  exclusoes: number;
  ativa: boolean;
}

export interface Webhook {
  uuid: string;
  evento: 'inclusao_sucesso' | 'inclusao_erro' | 'exclusao_sucesso' | 'exclusao_erro';
  payload: Record<string, unknown>;
  /** login_pefin of the request that caused it: picks the target. */
  clientId: string | null;
  copias: number;
}

export interface Registros {
  inclusoes: Array<{
    transactionId: string;
    recebida_em: string;
    credor: string;
    devedor: string;
    contrato: string;
    valor: number;
    categoria: string;
  }>;
  exclusoes: Array<{
    transactionId: string;
    recebida_em: string;
    credor: string;
    devedor: string;
    contrato: string;
    motivo: string;
  }>;
  entregas: Array<{
    uuid: string;
    evento: string;
    tentativa: number;
    status_http?: number;
    erro?: string;
    em: string;
  }>;
  logins: number;
}

export class SandboxState {
  config: SandboxConfig = {
    atraso_webhook_ms: 0,
    atraso_resposta_ms: 0,
    escala_tempo: 1,
    copias: 1,
    token_ttl_segundos: 900,
    massa_teste_estrita: false,
    reter_webhooks: false,
  };
  /** token → client_id and expiry (ms epoch). */
  readonly tokens = new Map<string, { clientId: string; expiresAt: number }>();
  readonly dividas = new Map<string, Divida>();
  readonly targets = new Map<string, WebhookTarget>();
  readonly sent = new Map<string, Webhook>();
  held: Webhook[] = [];
  readonly timers = new Set<NodeJS.Timeout>();
  registros: Registros = { inclusoes: [], exclusoes: [], entregas: [], logins: 0 };
  closed = false;

  target(clientId: string | null): WebhookTarget | undefined {
    return (clientId ? this.targets.get(clientId) : undefined) ?? this.targets.get('*');
  }

  later(ms: number, run: () => void): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

export const debtKey = (credor: string, devedor: string, contrato: string) =>
  `${credor}|${devedor}|${contrato}`;
