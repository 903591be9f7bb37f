import type { WebhookRow } from './entrega-store.js';

/** The public shape of an endpoint; the secret never appears here (see createWebhook). */
export function presentWebhook(row: WebhookRow, now: Date) {
  const rotacao =
    row.segredo_anterior_ate !== null && row.segredo_anterior_ate > now.toISOString()
      ? { segredo_anterior_valido_ate: row.segredo_anterior_ate }
      : null;
  return {
    id: row.id,
    url: row.url,
    descricao: row.descricao,
    tipos: JSON.parse(row.tipos) as string[],
    ativo: row.ativo === 1,
    desativado_motivo: row.desativado_motivo,
    desativado_em: row.desativado_em,
    falhando_desde: row.falhando_desde,
    rotacao,
    criado_em: row.criado_em,
    atualizado_em: row.atualizado_em,
  };
}

export type WebhookView = ReturnType<typeof presentWebhook>;
