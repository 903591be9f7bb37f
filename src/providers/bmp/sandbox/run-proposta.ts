import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../../infra/clock.js';
import { nomeDaSituacao, planejarEnvios } from './callback-scenarios.js';
import type { Destino } from './destination.js';
import type { PedidoPropostaEntrada } from './proposta-request.js';
import { situacoesDoPedido } from './proposta-request.js';
import {
  enviarCallback,
  entregue,
  sleepReal,
  type Sleep,
  type Tentativa,
} from './send-callback.js';

export interface RegistroCallback {
  /** Position in the proposal's sends, from 1. */
  ordem: number;
  situacao: number;
  nome: string | null;
  copia: 1 | 2;
  /** null while attempts are still being made. */
  entregue: boolean | null;
  tentativas: Tentativa[];
}

export interface RegistroProposta {
  proposta: string;
  identificador: string | null;
  callbacks: RegistroCallback[];
  /** Runs of this proposal still sending. */
  em_andamento: number;
}

export interface OpcoesExecucao {
  clock?: Clock;
  sleep?: Sleep;
  signal?: AbortSignal;
  /** Told when a status starts being sent and after each attempt (the CLI prints them). */
  aoIniciar?: (callback: RegistroCallback) => void;
  aoTentar?: (callback: RegistroCallback, tentativa: Tentativa) => void;
}

/**
 * A proposal's GUID: lowercase, as .NET serialises a Guid, which is what BMP's API returns
 * (research B.7 shows only placeholders, so the case is our assumption).
 */
export function novaProposta(pedido: PedidoPropostaEntrada): RegistroProposta {
  return {
    proposta: pedido.proposta ?? randomUUID(),
    identificador: pedido.identificador ?? null,
    callbacks: [],
    em_andamento: 0,
  };
}

/**
 * Sends one run's statuses in order into `registro`, each delivery with its retries before the
 * next status starts, `intervalo_ms` apart. The records fill as attempts end.
 */
export async function executarProposta(
  destino: Destino,
  registro: RegistroProposta,
  pedido: PedidoPropostaEntrada,
  opcoes: OpcoesExecucao = {},
): Promise<RegistroCallback[]> {
  const sleep = opcoes.sleep ?? sleepReal;
  const envios = planejarEnvios(situacoesDoPedido(pedido), pedido);
  const feitos: RegistroCallback[] = [];
  registro.em_andamento++;
  try {
    for (const [indice, envio] of envios.entries()) {
      if (opcoes.signal?.aborted) break;
      if (indice > 0 && pedido.intervalo_ms > 0) {
        const interrompido = await sleep(pedido.intervalo_ms, opcoes.signal).then(
          () => false,
          () => true,
        );
        if (interrompido) break;
      }
      const callback: RegistroCallback = {
        ordem: registro.callbacks.length + 1,
        situacao: envio.situacao,
        nome: nomeDaSituacao(envio.situacao),
        copia: envio.copia,
        entregue: null,
        tentativas: [],
      };
      registro.callbacks.push(callback);
      feitos.push(callback);
      opcoes.aoIniciar?.(callback);
      await enviarCallback(
        destino,
        {
          proposta: registro.proposta,
          situacao: envio.situacao,
          identificador: registro.identificador ?? undefined,
        },
        {
          clock: opcoes.clock ?? systemClock,
          sleep,
          signal: opcoes.signal,
          autenticacaoErrada: pedido.autenticacao_errada,
          aoTentar: (tentativa) => {
            callback.tentativas.push(tentativa);
            opcoes.aoTentar?.(callback, tentativa);
          },
        },
      );
      callback.entregue = entregue(callback.tentativas.at(-1));
    }
  } finally {
    registro.em_andamento--;
  }
  return feitos;
}
