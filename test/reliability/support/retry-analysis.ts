import type { Kysely } from 'kysely';
import type { DB } from '../../../src/infra/db/schema.js';
import type { Arrival } from './observed-sandbox.js';

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/** The least a job waits after its `attempt`-th failure: half of the capped exponential. */
export const minimumBackoffMs = (attempt: number, policy: BackoffPolicy) =>
  Math.min(policy.baseMs * 2 ** (attempt - 1), policy.maxMs) / 2;

export interface RetryGap {
  negativacaoId: string;
  /** The failed attempt's number within its run of failures (a lower bound of the job's). */
  attempt: number;
  gapMs: number;
  minimumMs: number;
}

/**
 * The time between consecutive failed transmission attempts of each negativacao, from
 * credgate's own history (`falha_de_transmissao` is written when an attempt ends refused). A run
 * of failures is one job's attempts, so the gap after the k-th is at least the k-th backoff.
 */
export async function retryGaps(
  db: Kysely<DB>,
  ids: string[],
  policy: BackoffPolicy,
): Promise<RetryGap[]> {
  const gaps: RetryGap[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const eventos = await db
      .selectFrom('negativacao_eventos')
      .select(['negativacao_id', 'tipo', 'ocorrido_em'])
      .where('negativacao_id', 'in', ids.slice(i, i + 500))
      .orderBy('id')
      .execute();
    const porNegativacao = new Map<string, typeof eventos>();
    for (const e of eventos) {
      const list = porNegativacao.get(e.negativacao_id) ?? [];
      list.push(e);
      porNegativacao.set(e.negativacao_id, list);
    }
    for (const [negativacaoId, list] of porNegativacao) {
      let run = 0;
      for (let k = 0; k < list.length; k++) {
        if (list[k].tipo !== 'falha_de_transmissao') {
          run = 0;
          continue;
        }
        run++;
        const next = list[k + 1];
        if (next?.tipo !== 'falha_de_transmissao') continue;
        gaps.push({
          negativacaoId,
          attempt: run,
          gapMs: Date.parse(next.ocorrido_em) - Date.parse(list[k].ocorrido_em),
          minimumMs: minimumBackoffMs(run, policy),
        });
      }
    }
  }
  return gaps;
}

/** The most requests matching `match` that started within any `windowMs`. */
export function peakPerWindow(
  arrivals: Arrival[],
  match: (a: Arrival) => boolean,
  windowMs: number,
): number {
  const times = arrivals.filter(match).map((a) => a.at);
  let peak = 0;
  for (let start = 0, end = 0; end < times.length; end++) {
    while (times[end] - times[start] >= windowMs) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}
