import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as esperarTimer } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { z } from 'zod';
import { systemClock, type Clock } from '../../../infra/clock.js';
import { semCamposExtras } from '../../../sandboxes/control-body.js';
import { montarRequisicao, type Callback } from './build-callback-request.js';
import { CENARIOS } from './callback-scenarios.js';
import type { Destino } from './destination.js';

const inteiro = (min: number, max: number) =>
  z
    .number('deve ser um numero')
    .int('deve ser um inteiro')
    .min(min, `deve ser >= ${min}`)
    .max(max, `deve ser <= ${max}`);

export const pedidoCargaSchema = z
  .strictObject(
    {
      por_segundo: inteiro(1, 50_000),
      duracao_s: inteiro(1, 600),
      /** Sent round-robin, each callback with a new proposal GUID. */
      situacoes: z
        .array(inteiro(0, 999), 'deve ser uma lista de numeros')
        .min(1, 'ao menos uma situacao')
        .default([...CENARIOS.padrao]),
      /** Keep-alive connections to the receiver. */
      conexoes: inteiro(1, 4_096).default(64),
      /**
       * Share of the sends that repeat the callback sent just before them, byte for byte (same
       * GUID, situacao and body): BMP's retry of a callback whose answer it never saw, arriving
       * while the first is still being handled. Spread evenly; never two copies in a row.
       */
      duplicar_fracao: z
        .number('deve ser um numero')
        .min(0, 'deve ser >= 0')
        .max(0.5, 'deve ser <= 0.5')
        .default(0),
    },
    semCamposExtras,
  )
  .superRefine((pedido, ctx) => {
    if (pedido.por_segundo * pedido.duracao_s > 2_000_000) {
      const message = 'por_segundo x duracao_s deve ser <= 2000000';
      ctx.addIssue({ code: 'custom', path: ['duracao_s'], message });
    }
  });
export type PedidoCarga = z.output<typeof pedidoCargaSchema>;

export interface ResultadoCarga {
  enviados: number;
  /** Of `enviados`, the copies asked for by `duplicar_fracao`. */
  duplicados: number;
  /** Answered with a 2xx. */
  ok: number;
  falhas: number;
  por_status: Record<string, number>;
  erros: { timeout: number; conexao: number };
  por_segundo_pedido: number;
  /** Answers per second, from the first send to the last answer. */
  por_segundo_real: number;
  duracao_ms: number;
  /**
   * From the instant a callback was due (not when it left) to its whole answer, ms: a receiver
   * that stalls delays the queue behind it, and that wait is counted.
   */
  resposta_ms: { p50: number; p90: number; p99: number; max: number };
}

const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * Distinct callbacks at a steady rate (plus the exact copies `duplicar_fracao` asks for), one
 * attempt each (no retries: what is measured is the receiver), over keep-alive connections. Real
 * time on purpose: this is a benchmark's load.
 */
export async function enviarCarga(
  destino: Destino,
  pedido: PedidoCarga,
  opcoes: { clock?: Clock; signal?: AbortSignal } = {},
): Promise<ResultadoCarga> {
  const clock = opcoes.clock ?? systemClock;
  const agent = new Agent({ connections: pedido.conexoes, keepAliveTimeout: 30_000 });
  const total = pedido.por_segundo * pedido.duracao_s;
  const intervalo = 1000 / pedido.por_segundo;
  const latencias: number[] = [];
  const resultado: ResultadoCarga = {
    enviados: 0,
    duplicados: 0,
    ok: 0,
    falhas: 0,
    por_status: {},
    erros: { timeout: 0, conexao: 0 },
    por_segundo_pedido: pedido.por_segundo,
    por_segundo_real: 0,
    duracao_ms: 0,
    resposta_ms: { p50: 0, p90: 0, p99: 0, max: 0 },
  };

  let originais = 0;
  let anterior: Callback | undefined;
  /** The next callback: the one before it again when the copies' share is due, else a new one. */
  const proximoCallback = (indice: number): Callback => {
    const fracao = pedido.duplicar_fracao;
    if (anterior && Math.floor((indice + 1) * fracao) > Math.floor(indice * fracao)) {
      resultado.duplicados++;
      const copia = anterior;
      anterior = undefined;
      return copia;
    }
    const situacao = pedido.situacoes[originais++ % pedido.situacoes.length];
    anterior = { proposta: randomUUID(), situacao };
    return anterior;
  };

  const enviarUm = async (callback: Callback, previsto: number): Promise<void> => {
    const requisicao = await montarRequisicao(destino, callback, { agora: clock.now() });
    try {
      const resposta = await request(requisicao.url, {
        method: requisicao.metodo,
        headers: requisicao.cabecalhos,
        body: requisicao.corpo,
        dispatcher: agent,
        headersTimeout: destino.timeout_ms,
        bodyTimeout: destino.timeout_ms,
        signal: opcoes.signal,
      });
      await resposta.body.dump();
      const status = resposta.statusCode;
      resultado.por_status[status] = (resultado.por_status[status] ?? 0) + 1;
      if (status >= 200 && status < 300) resultado.ok++;
      else resultado.falhas++;
    } catch (error) {
      resultado.falhas++;
      const codigo = (error as { code?: string }).code ?? '';
      resultado.erros[TIMEOUTS.has(codigo) ? 'timeout' : 'conexao']++;
    }
    latencias.push(performance.now() - previsto);
  };

  const inicio = performance.now();
  const pendentes: Array<Promise<void>> = [];
  try {
    while (resultado.enviados < total && !opcoes.signal?.aborted) {
      const devidos = Math.min(total, Math.floor((performance.now() - inicio) / intervalo) + 1);
      for (; resultado.enviados < devidos; resultado.enviados++) {
        const callback = proximoCallback(resultado.enviados);
        pendentes.push(enviarUm(callback, inicio + resultado.enviados * intervalo));
      }
      const proximo = inicio + resultado.enviados * intervalo;
      if (resultado.enviados < total) await esperarTimer(Math.max(1, proximo - performance.now()));
    }
    await Promise.all(pendentes);
  } finally {
    await agent.destroy();
  }

  resultado.duracao_ms = Math.round(performance.now() - inicio);
  resultado.por_segundo_real =
    resultado.duracao_ms > 0 ? Math.round((latencias.length * 1000) / resultado.duracao_ms) : 0;
  resultado.resposta_ms = percentis(latencias);
  return resultado;
}

function percentis(valores: number[]): ResultadoCarga['resposta_ms'] {
  if (valores.length === 0) return { p50: 0, p90: 0, p99: 0, max: 0 };
  const ordenados = Float64Array.from(valores).sort();
  const rank = (p: number) =>
    ordenados[Math.min(ordenados.length - 1, Math.ceil(p * ordenados.length) - 1)];
  const arredondar = (ms: number) => Math.round(ms * 10) / 10;
  return {
    p50: arredondar(rank(0.5)),
    p90: arredondar(rank(0.9)),
    p99: arredondar(rank(0.99)),
    max: arredondar(ordenados[ordenados.length - 1]),
  };
}
