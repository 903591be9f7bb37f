import {
  encodeRecord,
  HEADER_SIZE,
  LayoutError,
  recordKey,
  RECORD_SIZE,
  type DecodedResponse,
  type LayoutSet,
} from '../b49c/index.js';
import type { RegistroCenario } from './cenarios.js';

/** Data records per part; the manuals cap one answer at 400 + 99 x 115 bytes. */
export const REGISTROS_POR_PARTE = 99;

/** 0-based offsets of the header's OUT fields the sandbox fills (research 3.1). */
const FUNCAO = [57, 60] as const;
const DATA_CONSULTA = [195, 203] as const;
const HORA_CONSULTA = [203, 209] as const;
const TOTAL_REG = [209, 213] as const;
const QTD_REG1 = [213, 217] as const;
/** ITEMTSDADOS: where the next part starts; the client sends it back unchanged with CON. */
const ITEM_TS_DADOS = [221, 225] as const;
const FASE = [321, 323] as const;

export const PROCESSO_ENCERRADO = 'PROCESSO ENCERRADO NORMALMENTE';
export const STRING_PARCIAL = 'STRING PARCIAL - HA MAIS REGISTROS A ENVIAR';

/** The part of a scenario's answer that starts at record `inicio`. */
export function buildAnswer(options: {
  layouts: LayoutSet;
  pedido: DecodedResponse;
  registros: readonly RegistroCenario[];
  inicio: number;
  agora: Date;
}): string {
  const { layouts, pedido, registros, inicio, agora } = options;
  const fim = Math.min(registros.length, inicio + REGISTROS_POR_PARTE);
  const parcial = fim < registros.length;
  const iso = agora.toISOString();
  let header = pedido.texto.slice(0, HEADER_SIZE).padEnd(HEADER_SIZE, ' ');
  header = put(header, FUNCAO, parcial ? 'CON' : 'FIM');
  header = put(header, DATA_CONSULTA, iso.slice(0, 10).replaceAll('-', ''));
  header = put(header, HORA_CONSULTA, iso.slice(11, 19).replaceAll(':', ''));
  header = put(header, TOTAL_REG, zeros(registros.length, 4));
  header = put(header, QTD_REG1, zeros(fim - inicio, 4));
  header = put(header, ITEM_TS_DADOS, zeros(fim, 4));
  header = put(header, FASE, '3#');
  // A continuation request carries only header and T999; the first part echoes the options.
  const ecos = inicio === 0 ? pedido.registros.filter((r) => r.eco).map((r) => r.bruto) : [];
  const dados = registros.slice(inicio, fim).map((r) => encodeScenarioRecord(layouts, r));
  return (
    header +
    ecos.join('') +
    dados.join('') +
    trailer('000', parcial ? STRING_PARCIAL : PROCESSO_ENCERRADO)
  );
}

/** An answer that is only the header (FUNCAO ERR), some error records and T999. */
export function buildError(options: {
  layouts: LayoutSet;
  cabecalho: string;
  codigo: string;
  mensagem: string;
  erros?: Array<{ codigo: string; registro: string }>;
}): string {
  const header = put(
    options.cabecalho.slice(0, HEADER_SIZE).padEnd(HEADER_SIZE, ' '),
    FUNCAO,
    'ERR',
  );
  const b901 = options.erros?.length
    ? encodeScenarioRecord(options.layouts, {
        registro: 'B901',
        campos: Object.fromEntries(
          options.erros.slice(0, 13).flatMap((erro, i) => [
            [`B901_CODERRO${i + 1}`, erro.codigo],
            [`B901_REGERRO${i + 1}`, erro.registro],
          ]),
        ),
      })
    : '';
  return header + b901 + trailer(options.codigo, options.mensagem);
}

function encodeScenarioRecord(layouts: LayoutSet, registro: RegistroCenario): string {
  const family = layouts.familias.get(recordKey(registro.registro, 0));
  // A sub-typed record encodes only with the layout of its own sub-type (encodeRecord checks).
  const candidates = family ? [...family.porSubtipo.values(), family.geral] : [];
  for (const layout of candidates) {
    if (!layout) continue;
    try {
      return encodeRecord(layout, registro.campos);
    } catch (error) {
      if (!(error instanceof LayoutError)) throw error;
    }
  }
  throw new Error(`sandbox: nenhum layout codifica ${registro.registro} com esses campos`);
}

function trailer(codigo: string, mensagem: string): string {
  return `T999${codigo}${mensagem.padEnd(70, ' ')}`.padEnd(RECORD_SIZE, ' ');
}

function put(text: string, [start, end]: readonly [number, number], value: string): string {
  return (
    text.slice(0, start) + value.padEnd(end - start, ' ').slice(0, end - start) + text.slice(end)
  );
}

function zeros(value: number, size: number): string {
  return String(value).padStart(size, '0');
}

/** Where a continuation resumes, from the header the client sent back. */
export function continuationStart(cabecalho: string): number {
  const value = Number(cabecalho.slice(ITEM_TS_DADOS[0], ITEM_TS_DADOS[1]));
  return Number.isInteger(value) && value >= 0 ? value : 0;
}
