import type { Dispatcher } from 'undici';
import { ProviderUnavailableError, type TrocaHttp } from '../exchange.js';
import { HttpFailure, sendHttp, unavailableAfter } from '../send-http.js';
import {
  decodeResponse,
  HEADER_SIZE,
  LayoutError,
  REQUEST_TRAILER,
  type DecodedResponse,
  type LayoutSet,
} from './b49c/index.js';

/** Logon, senha and nova senha: 8 bytes each, spaces on the right (research 2.2). */
export const LOGIN_SIZE = 24;
const MASK = '*'.repeat(LOGIN_SIZE);
const PROVEDOR = 'a Serasa (B49C)';
/** Attempts of one continuation request: unlike INI, a CON is not a new (billable) query. */
const CONTINUATION_ATTEMPTS = 3;

export interface B49cConnection {
  url: string;
  metodo: 'POST' | 'GET';
  timeoutMs: number;
  maxContinuacoes: number;
  dispatcher?: Dispatcher;
  logon: string;
  senha: string;
  novaSenha?: string;
  layouts?: LayoutSet;
}

/** The whole answer to one query, every part joined, and each exchange for the audit. */
export interface B49cAnswer {
  resposta: DecodedResponse;
  partes: number;
  trocas: TrocaHttp[];
}

/** The host answered, but not with a B49C string (an HTML error page, a short body). */
export class B49cProtocolError extends Error {
  override name = 'B49cProtocolError';
  constructor(
    message: string,
    readonly trocas: TrocaHttp[],
  ) {
    super(message);
  }
}

/**
 * Sends a layout string (B49C + options + T999) and follows the conversation: while the answer
 * says FUNCAO CON (or T999 "STRING PARCIAL"), the received 400-byte header goes back unchanged
 * with a T999, and the new records are appended. The first request (INI) is never retried here:
 * each one is a billed query, so a failure of it is reported as possibly processed.
 */
export async function sendConsulta(
  connection: B49cConnection,
  pedido: string,
  signal?: AbortSignal,
): Promise<B49cAnswer> {
  const trocas: TrocaHttp[] = [];
  const login = loginField(connection);
  const first = await exchange(connection, login, pedido, trocas, signal, false);
  const parts = [first];
  let last = first;
  while (last.situacao === 'parcial') {
    if (parts.length > connection.maxContinuacoes) {
      throw new B49cProtocolError(
        `a Serasa pediu mais de ${connection.maxContinuacoes} continuacoes (max_continuacoes)`,
        trocas,
      );
    }
    const next = last.texto.slice(0, HEADER_SIZE) + REQUEST_TRAILER;
    last = await continueWith(connection, login, next, trocas, signal);
    parts.push(last);
  }
  return { resposta: join(parts, connection.layouts), partes: parts.length, trocas };
}

async function continueWith(
  connection: B49cConnection,
  login: string,
  pedido: string,
  trocas: TrocaHttp[],
  signal: AbortSignal | undefined,
): Promise<DecodedResponse> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await exchange(connection, login, pedido, trocas, signal, true);
    } catch (error) {
      if (!(error instanceof ProviderUnavailableError) || attempt >= CONTINUATION_ATTEMPTS) {
        throw error;
      }
    }
  }
}

async function exchange(
  connection: B49cConnection,
  login: string,
  pedido: string,
  trocas: TrocaHttp[],
  signal: AbortSignal | undefined,
  continuacao: boolean,
): Promise<DecodedResponse> {
  const p = login + pedido;
  const encoded = `p=${percentEncodeLatin1(p)}`;
  const get = connection.metodo === 'GET';
  const troca: TrocaHttp = {
    requisicao: {
      metodo: connection.metodo,
      url: get ? `${connection.url}?p=${MASK}…` : connection.url,
      cabecalhos: get ? {} : { 'content-type': 'application/x-www-form-urlencoded' },
      // The audit keeps the string as sent, credentials masked.
      corpo: MASK + pedido,
    },
    resposta: null,
    duracao_ms: 0,
  };
  trocas.push(troca);
  const started = performance.now();
  try {
    const answer = await sendHttp({
      method: connection.metodo,
      url: get ? `${connection.url}?${encoded}` : connection.url,
      headers: get ? {} : { 'content-type': 'application/x-www-form-urlencoded' },
      body: get ? undefined : encoded,
      timeoutMs: connection.timeoutMs,
      signal,
      dispatcher: connection.dispatcher,
      latin1: true,
    });
    troca.duracao_ms = Math.round(performance.now() - started);
    troca.resposta = { status: answer.status, corpo: answer.text };
    if (answer.status >= 500 || answer.status === 429) {
      throw new ProviderUnavailableError(
        `a Serasa respondeu HTTP ${answer.status}`,
        'provedor_indisponivel',
        false,
        trocas,
        answer.status,
      );
    }
    if (answer.status !== 200) {
      throw new B49cProtocolError(`a Serasa respondeu HTTP ${answer.status}`, trocas);
    }
    try {
      return decodeResponse(answer.text, connection.layouts);
    } catch (error) {
      if (!(error instanceof LayoutError)) throw error;
      throw new B49cProtocolError(`resposta fora do layout B49C: ${error.message}`, trocas);
    }
  } catch (error) {
    troca.duracao_ms ||= Math.round(performance.now() - started);
    if (!(error instanceof HttpFailure)) throw error;
    troca.falha = error.falha;
    // A continuation repeats nothing billable; an INI that may have arrived was a query.
    throw unavailableAfter(
      error,
      PROVEDOR,
      connection.timeoutMs,
      !continuacao && error.maybeSent,
      trocas,
    );
  }
}

/** Every part as one response: the last header and trailer, the data records of all parts. */
function join(parts: DecodedResponse[], layouts: LayoutSet | undefined): DecodedResponse {
  if (parts.length === 1) return parts[0];
  const last = parts.at(-1)!;
  const records = parts.flatMap((part, i) =>
    // A continuation echoes the request's option records again; keep the first part's only.
    part.registros.filter((record) => i === 0 || !record.eco).map((record) => record.bruto),
  );
  const trailer = last.trailer?.registro.bruto ?? '';
  return decodeResponse(last.texto.slice(0, HEADER_SIZE) + records.join('') + trailer, layouts);
}

function loginField(connection: B49cConnection): string {
  return [connection.logon, connection.senha, connection.novaSenha ?? '']
    .map((value) => value.padEnd(8, ' ').slice(0, 8))
    .join('');
}

/**
 * `application/x-www-form-urlencoded` of a latin1 string, byte by byte: URLSearchParams would
 * encode as UTF-8 and turn one byte into two. Every byte outside [A-Za-z0-9*-._] is escaped, so
 * `+`, `&`, `#` and `%` in a password or a header echo survive a GET as well (research 2.3).
 */
export function percentEncodeLatin1(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (
      (code >= 0x30 && code <= 0x39) ||
      (code >= 0x41 && code <= 0x5a) ||
      (code >= 0x61 && code <= 0x7a) ||
      code === 0x2a ||
      code === 0x2d ||
      code === 0x2e ||
      code === 0x5f
    ) {
      out += text[i];
    } else {
      out += `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}
