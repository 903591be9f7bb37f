import { DecodedRecord } from './decoded-record.js';
import { LayoutError } from './layout-error.js';
import {
  HEADER_SIZE,
  HEADER_TYPE,
  RECORD_SIZE,
  recordKey,
  type LayoutFamily,
  type LayoutSet,
  type RecordLayout,
} from './layout-types.js';
import { defaultLayouts } from './load-layouts.js';

export { DecodedRecord } from './decoded-record.js';

/** T999: code (pos 5-7, `000` = no error) and message (pos 8-77), trimmed. */
export interface Trailer {
  readonly codigo: string;
  readonly mensagem: string;
  readonly registro: DecodedRecord;
}

/** A900 informative message, e.g. `000500` NAO CONSTAM ANOTACOES NEGATIVAS... */
export interface MensagemInformativa {
  readonly codigo: string;
  readonly resumo: string;
  readonly mensagem: string;
}

/** One (error code, record type in error) pair of a B900 or B901 record. */
export interface ErroConsistencia {
  readonly origem: 'B900' | 'B901';
  readonly codigo: string;
  readonly registro: string;
}

/** `erro`: FUNCAO ERR, a T999 code other than 000, or B900/B901 errors; `parcial`: FUNCAO CON. */
export type Situacao = 'concluida' | 'parcial' | 'erro';

export interface DecodedResponse {
  /** The response as latin1 text: one character per byte, so offsets are byte offsets. */
  readonly texto: string;
  readonly cabecalho: DecodedRecord;
  /** FUNCAO (pos 58-60), trimmed: FIM, CON or ERR (INI when decoding a request). */
  readonly funcao: string;
  /** Every record after the header and before T999, in order: echoes, data, A900, B900... */
  readonly registros: readonly DecodedRecord[];
  readonly trailer: Trailer | undefined;
  readonly mensagens: readonly MensagemInformativa[];
  readonly erros: readonly ErroConsistencia[];
  readonly situacao: Situacao;
  /** Whatever followed T999 (a line break, junk): ignored, kept for the audit. */
  readonly resto: string;
  /** What was tolerated: a missing T999, an incomplete last record. */
  readonly avisos: readonly string[];
}

const T999 = recordKey('T999', 0);
const A900 = recordKey('A900', 0);
const B900 = recordKey('B900', 0);
const B901 = recordKey('B901', 0);
const CR = 13;
const LF = 10;
const NO_FIELDS: readonly string[] = [];

/**
 * Reads a response: the 400-byte header, then 115-byte records dispatched by type (and
 * sub-type), up to T999. Tolerates a short T999, line breaks between or after records, trailing
 * junk and unknown record types (kept raw). Only a body that cannot be a B49C response (shorter
 * than the header, or not starting with it) is refused, with a LayoutError.
 *
 * Fields are sliced raw; typed values come from {@link toStructured}, the Intellector map from
 * {@link toFlatMap}.
 */
export function decodeResponse(
  input: string | Uint8Array,
  layouts: LayoutSet = defaultLayouts(),
): DecodedResponse {
  const texto = responseText(input);
  const cabecalho = readFields(texto, 0, HEADER_SIZE, layouts.cabecalho, undefined, 0);
  const registros: DecodedRecord[] = [];
  const mensagens: MensagemInformativa[] = [];
  const erros: ErroConsistencia[] = [];
  const avisos: string[] = [];
  const { familias } = layouts;
  const length = texto.length;
  let trailer: Trailer | undefined;
  let offset = HEADER_SIZE;
  while (offset < length) {
    const first = texto.charCodeAt(offset);
    if (first === CR || first === LF) {
      offset++;
      continue;
    }
    const key = recordKey(texto, offset);
    if (key === T999) {
      const end = lineEnd(texto, offset, Math.min(offset + RECORD_SIZE, length));
      trailer = readTrailer(dispatch(texto, offset, end, key, familias));
      offset = end;
      break;
    }
    let end = offset + RECORD_SIZE;
    if (end > length) {
      if (texto.slice(offset).trim() === '') {
        offset = length;
        break;
      }
      avisos.push(`registro incompleto na posicao ${offset + 1}: ${length - offset} bytes`);
      end = length;
    }
    registros.push(dispatch(texto, offset, end, key, familias));
    if (key === A900 || key === B900 || key === B901) {
      readOutcome(texto, offset, key, mensagens, erros);
    }
    offset = end;
  }
  if (trailer === undefined) avisos.push('resposta sem T999');
  const funcao = texto.slice(57, 60).trim();
  return {
    texto,
    cabecalho,
    funcao,
    registros,
    trailer,
    mensagens,
    erros,
    situacao: situacaoOf(funcao, trailer, erros),
    resto: texto.slice(offset),
    avisos,
  };
}

/** The body as latin1 text, refused when it cannot hold a B49C header. */
function responseText(input: string | Uint8Array): string {
  const texto =
    typeof input === 'string'
      ? input
      : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1');
  if (texto.length < HEADER_SIZE) {
    throw new LayoutError(HEADER_TYPE, `resposta com ${texto.length} bytes; o cabecalho tem 400`);
  }
  const inicio = texto.slice(0, 4);
  // RE02 lets the host-to-host port send the record type as blanks.
  if (inicio !== HEADER_TYPE && inicio !== '    ') {
    throw new LayoutError(HEADER_TYPE, 'a resposta nao comeca com o cabecalho B49C');
  }
  return texto;
}

function dispatch(
  texto: string,
  offset: number,
  end: number,
  key: number,
  familias: ReadonlyMap<number, LayoutFamily>,
): DecodedRecord {
  const family = familias.get(key);
  if (family === undefined) {
    return new DecodedRecord(
      texto,
      offset,
      end,
      texto.slice(offset, offset + 4),
      undefined,
      undefined,
      NO_FIELDS,
    );
  }
  if (family.subtipoTamanho === 0) {
    const layout = family.geral!;
    return readFields(texto, offset, end, layout, undefined, 1);
  }
  const at = offset + family.subtipoInicio;
  const subtipo = texto.slice(at, at + family.subtipoTamanho);
  const layout = family.porSubtipo.get(subtipo) ?? family.geral;
  if (layout === undefined) {
    return new DecodedRecord(texto, offset, end, family.registro, subtipo, undefined, NO_FIELDS);
  }
  return readFields(texto, offset, end, layout, subtipo, 1);
}

/**
 * The hot loop: one slice per field over offsets compiled once. The type field of a dispatched
 * record is known already (`from` = 1), so it is not sliced again.
 */
function readFields(
  texto: string,
  offset: number,
  end: number,
  layout: RecordLayout,
  subtipo: string | undefined,
  from: number,
): DecodedRecord {
  const { starts, ends } = layout;
  const count = starts.length;
  const campos = new Array<string>(count);
  if (from === 1) campos[0] = layout.registro;
  for (let i = from; i < count; i++) {
    campos[i] = texto.slice(offset + starts[i], offset + ends[i]);
  }
  return new DecodedRecord(texto, offset, end, layout.registro, subtipo, layout, campos);
}

/** A T999 ends early at a line break when the server cut its trailing blanks. */
function lineEnd(texto: string, offset: number, limit: number): number {
  for (let i = offset; i < limit; i++) {
    const c = texto.charCodeAt(i);
    if (c === CR || c === LF) return i;
  }
  return limit;
}

// Outcome fields are read at the manuals' fixed positions, not through the layout files, so a
// replaced layout cannot hide an error (RE02 and Concentre manuals; research 2.5).
function readTrailer(registro: DecodedRecord): Trailer {
  const { source, start, end } = registro;
  return {
    codigo: source.slice(start + 4, Math.min(start + 7, end)).trim(),
    mensagem: source.slice(start + 7, Math.min(start + 77, end)).trim(),
    registro,
  };
}

function readOutcome(
  texto: string,
  offset: number,
  key: number,
  mensagens: MensagemInformativa[],
  erros: ErroConsistencia[],
) {
  if (key === A900) mensagens.push(readA900(texto, offset));
  else if (key === B900) readErrors(texto, offset, 'B900', 15, 3, erros);
  else readErrors(texto, offset, 'B901', 13, 4, erros);
}

function readA900(texto: string, offset: number): MensagemInformativa {
  return {
    codigo: texto.slice(offset + 4, offset + 10).trim(),
    resumo: texto.slice(offset + 10, offset + 42).trim(),
    mensagem: texto.slice(offset + 42, offset + 112).trim(),
  };
}

/** B900: 15 × (code 3 + record 4); B901: 13 × (code 4 + record 4); blank or zero codes are unused slots. */
function readErrors(
  texto: string,
  offset: number,
  origem: 'B900' | 'B901',
  pairs: number,
  codeSize: number,
  into: ErroConsistencia[],
) {
  let at = offset + 4;
  for (let pair = 0; pair < pairs; pair++) {
    const codigo = texto.slice(at, at + codeSize).trim();
    const registro = texto.slice(at + codeSize, at + codeSize + 4).trim();
    at += codeSize + 4;
    if (codigo === '' || /^0+$/.test(codigo)) continue;
    into.push({ origem, codigo, registro });
  }
}

function situacaoOf(
  funcao: string,
  trailer: Trailer | undefined,
  erros: readonly ErroConsistencia[],
): Situacao {
  const codigo = trailer?.codigo ?? '';
  if (funcao === 'ERR' || (codigo !== '' && codigo !== '000') || erros.length > 0) return 'erro';
  if (funcao === 'CON' || trailer?.mensagem.startsWith('STRING PARCIAL') === true) return 'parcial';
  return 'concluida';
}
