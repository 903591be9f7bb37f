import { setTimeout as sleep } from 'node:timers/promises';
import type { ObservedSandbox } from './observed-sandbox.js';

/** BMP's E-Consignado path for a paid proposal: Aprovada, Finalizada, Liberada, Paga. */
export const SITUACOES = [2, 6, 8, 9];

export interface BmpRecord {
  proposta: string;
  em_andamento: boolean;
  callbacks: Array<{
    situacao: number;
    copia: 1 | 2;
    entregue: boolean | null;
    tentativas: Array<{ status?: number; erro?: string }>;
  }>;
}

/**
 * Proposals run by the BMP sandbox against credgate's inbound URL: each sends its four statuses
 * in order, each retried by BMP until a 2xx (at most 3 retries). Every `duplicateEvery`-th proposal
 * sends each status twice, as BMP does when it missed an answer.
 */
export async function launchProposals(
  bmp: ObservedSandbox,
  count: number,
  perSecond: number,
  duplicateEvery = 10,
): Promise<string[]> {
  const proposals: string[] = [];
  const startedAt = Date.now();
  for (let i = 0; i < count; i++) {
    const due = startedAt + (i * 1000) / perSecond;
    if (due > Date.now()) await sleep(due - Date.now());
    const { proposta } = await bmp.control<{ proposta: string }>('POST', '/propostas', {
      situacoes: SITUACOES,
      duplicar: i % duplicateEvery === 0,
      // BMP's statuses come minutes or days apart; back to back, every proposal would race its
      // own callbacks through parallel workers.
      intervalo_ms: 200,
    });
    proposals.push(proposta);
  }
  return proposals;
}

/** Callbacks a proposal sends: four statuses, twice each when duplicated. */
export const callbacksOf = (index: number, duplicateEvery = 10) =>
  SITUACOES.length * (index % duplicateEvery === 0 ? 2 : 1);

export async function bmpRecords(bmp: ObservedSandbox): Promise<BmpRecord[]> {
  return (await bmp.control<{ propostas: BmpRecord[] }>('GET', '/registros')).propostas;
}
