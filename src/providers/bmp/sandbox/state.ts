import { setMaxListeners } from 'node:events';
import type { Clock } from '../../../infra/clock.js';
import type { Destino } from './destination.js';
import type { PedidoPropostaEntrada } from './proposta-request.js';
import { novaProposta, type RegistroProposta } from './run-proposta.js';
import type { ResultadoCarga } from './send-load.js';
import type { Sleep } from './send-callback.js';

/** Everything one registration of the BMP sandbox remembers. */
export class BmpSandboxState {
  destino: Destino | null = null;
  propostas = new Map<string, RegistroProposta>();
  ultimaCarga: ResultadoCarga | null = null;
  private cancelamento = novoCancelamento();
  private readonly emCurso = new Set<Promise<unknown>>();

  constructor(
    readonly clock: Clock,
    readonly sleep: Sleep,
  ) {}

  /** Aborted by reset and shutdown: runs stop before their next attempt. */
  get signal(): AbortSignal {
    return this.cancelamento.signal;
  }

  /** The proposal's record, new or (same GUID) the one earlier runs filled. */
  registroDe(pedido: PedidoPropostaEntrada): RegistroProposta {
    const existente =
      pedido.proposta === undefined ? undefined : this.propostas.get(pedido.proposta);
    if (existente) {
      if (pedido.identificador !== undefined) existente.identificador = pedido.identificador;
      return existente;
    }
    const registro = novaProposta(pedido);
    this.propostas.set(registro.proposta, registro);
    return registro;
  }

  /** Keeps a background run until it settles, so reset and close can wait for it. */
  acompanhar<T>(execucao: Promise<T>): Promise<T> {
    this.emCurso.add(execucao);
    void execucao.finally(() => this.emCurso.delete(execucao)).catch(() => undefined);
    return execucao;
  }

  /** Stops every run and load in flight and waits for them to let go. */
  async interromper(): Promise<void> {
    this.cancelamento.abort();
    await Promise.allSettled([...this.emCurso]);
    this.cancelamento = novoCancelamento();
  }

  async reset(): Promise<void> {
    await this.interromper();
    this.destino = null;
    this.propostas.clear();
    this.ultimaCarga = null;
  }
}

/** One signal is shared by every request of a run or a load: thousands of listeners, on purpose. */
function novoCancelamento(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
