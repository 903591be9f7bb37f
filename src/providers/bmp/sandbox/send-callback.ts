import { performance } from 'node:perf_hooks';
import { setTimeout as esperarTimer } from 'node:timers/promises';
import { systemClock, type Clock } from '../../../infra/clock.js';
import { mascararCabecalhos } from './authorize-callback.js';
import {
  montarRequisicao,
  type Callback,
  type RequisicaoCallback,
} from './build-callback-request.js';
import type { Destino } from './destination.js';

/** Waits `ms`; rejects or resolves early once `signal` aborts. Tests pass one that returns at once. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleepReal: Sleep = (ms, signal) => esperarTimer(ms, undefined, { signal });

/** Characters of the receiver's answer kept per attempt. */
const RESPOSTA_MAX = 500;

interface TentativaBase {
  /** 1 for the first delivery, 2..4 for BMP's retries. */
  tentativa: number;
  em: string;
  metodo: string;
  url: string;
  /** Headers sent, credentials masked. */
  cabecalhos: Record<string, string>;
  duracao_ms: number;
  resposta: string;
}

export type Tentativa = TentativaBase & ({ status: number } | { erro: 'timeout' | 'conexao' });

export interface OpcoesEnvio {
  clock?: Clock;
  sleep?: Sleep;
  /** Stops the delivery (sandbox reset or shutdown): no further attempt is made. */
  signal?: AbortSignal;
  autenticacaoErrada?: boolean;
  /** Told each attempt as soon as it ends (the CLI prints it). */
  aoTentar?: (tentativa: Tentativa) => void;
}

export function entregue(tentativa: Tentativa | undefined): boolean {
  if (tentativa === undefined || !('status' in tentativa)) return false;
  return tentativa.status >= 200 && tentativa.status < 300;
}

/**
 * One delivery as BMP makes it: the first attempt, then one retry per `espera_retentativas_ms`
 * entry while the answer is not a 2xx (a 3xx included: redirects are not followed) or does not
 * come within `timeout_ms`. Returns every attempt made.
 */
export async function enviarCallback(
  destino: Destino,
  callback: Callback,
  opcoes: OpcoesEnvio = {},
): Promise<Tentativa[]> {
  const clock = opcoes.clock ?? systemClock;
  const sleep = opcoes.sleep ?? sleepReal;
  const tentativas: Tentativa[] = [];
  for (let indice = 0; indice <= destino.espera_retentativas_ms.length; indice++) {
    if (opcoes.signal?.aborted) break;
    const requisicao = await montarRequisicao(destino, callback, {
      agora: clock.now(),
      autenticacaoErrada: opcoes.autenticacaoErrada,
    });
    const tentativa = await tentar(
      requisicao,
      indice + 1,
      destino.timeout_ms,
      clock,
      opcoes.signal,
    );
    if (!tentativa) break;
    tentativas.push(tentativa);
    opcoes.aoTentar?.(tentativa);
    if (entregue(tentativa) || indice === destino.espera_retentativas_ms.length) break;
    try {
      await sleep(destino.espera_retentativas_ms[indice], opcoes.signal);
    } catch {
      break;
    }
  }
  return tentativas;
}

/** One HTTP exchange; undefined when `cancelar` aborted it (nothing to record). */
async function tentar(
  requisicao: RequisicaoCallback,
  numero: number,
  timeoutMs: number,
  clock: Clock,
  cancelar: AbortSignal | undefined,
): Promise<Tentativa | undefined> {
  const base = {
    tentativa: numero,
    em: clock.now().toISOString(),
    metodo: requisicao.metodo,
    url: requisicao.url_mascarada,
    cabecalhos: mascararCabecalhos(requisicao.cabecalhos),
  };
  const limite = AbortSignal.timeout(timeoutMs);
  const signal = cancelar ? AbortSignal.any([limite, cancelar]) : limite;
  const inicio = performance.now();
  const duracao = () => Math.round(performance.now() - inicio);
  try {
    const resposta = await fetch(requisicao.url, {
      method: requisicao.metodo,
      headers: requisicao.cabecalhos,
      body: requisicao.corpo,
      redirect: 'manual',
      signal,
    });
    // The timeout covers the body too: a receiver that stalls mid-answer did not answer.
    const texto = await resposta.text();
    return {
      ...base,
      status: resposta.status,
      duracao_ms: duracao(),
      resposta: texto.slice(0, RESPOSTA_MAX),
    };
  } catch {
    if (cancelar?.aborted) return undefined;
    const erro = limite.aborted ? 'timeout' : 'conexao';
    return { ...base, erro, duracao_ms: duracao(), resposta: '' };
  }
}
