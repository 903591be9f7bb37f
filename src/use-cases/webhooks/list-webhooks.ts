import type { AppContext } from '../../app-context.js';
import { notFound } from '../../domain/errors.js';
import { cursorApos, toPage } from '../paginate.js';
import type { WebhookRow } from './entrega-store.js';
import { presentWebhook } from './present-webhook.js';

type Deps = Pick<AppContext, 'database' | 'clock'>;

/** Endpoints, newest first; deleted ones are gone from the API. */
export async function listWebhooks(ctx: Deps, filter: { apos?: string; limite: number }) {
  const apos = cursorApos(filter.apos, 'webhook');
  const rows = await ctx.database.db
    .selectFrom('webhooks')
    .selectAll()
    .where('excluido_em', 'is', null)
    .$if(!!apos, (qb) => qb.where('id', '<', apos!))
    .orderBy('id', 'desc')
    .limit(filter.limite + 1)
    .execute();
  const now = ctx.clock.now();
  return toPage(rows, filter.limite, (row) => presentWebhook(row, now));
}

export async function getWebhook(ctx: Deps, id: string) {
  return presentWebhook(await findWebhook(ctx, id), ctx.clock.now());
}

/** The endpoint's row; 404 when it does not exist or was deleted. */
export async function findWebhook(
  ctx: Pick<AppContext, 'database'>,
  id: string,
): Promise<WebhookRow> {
  const row = await ctx.database.db
    .selectFrom('webhooks')
    .selectAll()
    .where('id', '=', id)
    .where('excluido_em', 'is', null)
    .executeTakeFirst();
  if (!row) throw notFound('webhook', id);
  return row;
}
