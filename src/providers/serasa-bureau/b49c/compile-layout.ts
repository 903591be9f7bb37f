import { LayoutError } from './layout-error.js';
import {
  FILLER_ID,
  HEADER_SIZE,
  HEADER_TYPE,
  RECORD_SIZE,
  type FieldType,
  type RecordLayout,
} from './layout-types.js';
import type { RawField, RawLayout } from './read-layout-xml.js';

/** `<format>` values the typed conversion knows (see convert-field.ts). */
export const DATE_FORMATS = ['yyyyMMdd', 'yyyyMM', 'ddMMyyyy', 'yyyyMMddHHmm'] as const;
const OTHER_FORMATS = /^(centavos|inteiro|texto|decimal:[1-9])$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const DIGITS = /^\d*$/;

/**
 * Validates a layout file and compiles it. Every problem is a LayoutError naming the file and
 * the field: sizes that do not add up to the record size (400 for B49C, 115 otherwise),
 * repeated ids, unknown types or formats, defaults that do not fit.
 */
export function compileLayout(raw: RawLayout): RecordLayout {
  const { file, fields, attributes } = raw;
  const first = fields[0];
  if (first === undefined) throw new LayoutError('field', 'layout sem campos', file);
  const registro = first.value.trim();
  if (first.size !== '4' || registro.length !== 4) {
    throw new LayoutError(
      first.id,
      'o primeiro campo deve ser o tipo do registro (4 bytes, com o tipo em <value>)',
      file,
    );
  }
  const tamanho = registro === HEADER_TYPE ? HEADER_SIZE : RECORD_SIZE;
  const ids: string[] = [];
  const types: FieldType[] = [];
  const starts = new Int32Array(fields.length);
  const ends = new Int32Array(fields.length);
  const defaults: string[] = [];
  const formats: (string | undefined)[] = [];
  const index = new Map<string, number>();
  let offset = 0;
  for (const [i, field] of fields.entries()) {
    const { id } = field;
    if (index.has(id)) throw new LayoutError(id, 'id repetido no layout', file);
    const { size, type } = checkField(file, field);
    index.set(id, i);
    ids.push(id);
    types.push(type);
    starts[i] = offset;
    ends[i] = offset + size;
    defaults.push(type === 'N' ? field.value.trim() : field.value);
    formats.push(field.format === '' ? undefined : field.format);
    offset += size;
  }
  if (offset !== tamanho) {
    throw new LayoutError(
      registro,
      `os tamanhos somam ${offset} bytes; o registro ${registro} tem ${tamanho}`,
      file,
    );
  }
  const subtipo = readSubtipo(raw, registro);
  return {
    file,
    registro,
    ...subtipo,
    tamanho,
    direcao: file.startsWith('saida_') ? 'saida' : 'entrada',
    ids,
    types,
    starts,
    ends,
    defaults,
    formats,
    visible: ids.map((id, i) => i > 0 && !FILLER_ID.test(id)),
    index,
    counter: optionalId(file, 'counter', attributes.counter),
    dateAggregate: readDateAggregate(file, attributes, index),
  };
}

function checkField(file: string, field: RawField): { size: number; type: FieldType } {
  const { id, type } = field;
  if (!/^[1-9]\d*$/.test(field.size)) {
    throw new LayoutError(id, '<size> deve ser um inteiro positivo', file);
  }
  const size = Number(field.size);
  if (type !== 'S' && type !== 'N') {
    throw new LayoutError(id, 'tipo desconhecido em <type>; use S ou N', file);
  }
  checkDefault(file, id, type, field.value, size);
  if (field.format !== undefined && field.format !== '') checkFormat(file, id, field.format);
  return { size, type };
}

function checkDefault(file: string, id: string, type: FieldType, value: string, size: number) {
  if (!PRINTABLE_ASCII.test(value)) {
    throw new LayoutError(id, '<value> deve ser ASCII sem acentos', file);
  }
  const content = type === 'N' ? value.trim() : value;
  if (content.length > size) {
    throw new LayoutError(
      id,
      `<value> tem ${content.length} caracteres; o campo tem ${size}`,
      file,
    );
  }
  if (type === 'N' && !DIGITS.test(content)) {
    throw new LayoutError(id, '<value> de um campo N deve ter so digitos (ou branco)', file);
  }
}

function checkFormat(file: string, id: string, format: string) {
  if ((DATE_FORMATS as readonly string[]).includes(format) || OTHER_FORMATS.test(format)) return;
  throw new LayoutError(
    id,
    `<format> desconhecido; use ${DATE_FORMATS.join(', ')}, centavos, inteiro, texto ou decimal:N`,
    file,
  );
}

/** `subtipo="1"` (value at position 5) or `subtipo-posicao` / `subtipo-tamanho` (family-wide). */
function readSubtipo(raw: RawLayout, registro: string) {
  const { file, attributes } = raw;
  const subtipo = attributes.subtipo?.trim() || undefined;
  const posicao = positiveInteger(file, 'subtipo-posicao', attributes['subtipo-posicao'] ?? '5');
  const tamanho = positiveInteger(
    file,
    'subtipo-tamanho',
    attributes['subtipo-tamanho'] ?? String(subtipo?.length ?? 0),
    true,
  );
  if (subtipo !== undefined && subtipo.length !== tamanho) {
    throw new LayoutError('subtipo-tamanho', 'difere do tamanho de subtipo', file);
  }
  if (tamanho > 0 && (posicao < 5 || posicao - 1 + tamanho > RECORD_SIZE)) {
    throw new LayoutError('subtipo-posicao', `fora do registro ${registro}`, file);
  }
  return { subtipo, subtipoInicio: posicao - 1, subtipoTamanho: tamanho };
}

function readDateAggregate(
  file: string,
  attributes: Record<string, string>,
  index: ReadonlyMap<string, number>,
): RecordLayout['dateAggregate'] {
  const campo = attributes['agrega-data'];
  if (campo === undefined) return undefined;
  const field = index.get(campo);
  if (field === undefined) throw new LayoutError('agrega-data', `campo ${campo} inexistente`, file);
  const menor = optionalId(file, 'menor', attributes.menor);
  const maior = optionalId(file, 'maior', attributes.maior);
  if (menor === undefined || maior === undefined) {
    throw new LayoutError('agrega-data', 'exige os atributos menor e maior', file);
  }
  return { field, menor, maior };
}

function optionalId(file: string, attribute: string, value: string | undefined) {
  const id = value?.trim();
  if (id === undefined || id === '') return undefined;
  if (!/^[A-Z0-9_]+$/i.test(id)) throw new LayoutError(attribute, 'nome de chave invalido', file);
  return id;
}

function positiveInteger(file: string, attribute: string, value: string, zero = false): number {
  if (!/^\d+$/.test(value.trim()) || (!zero && Number(value) === 0)) {
    throw new LayoutError(attribute, 'deve ser um inteiro positivo', file);
  }
  return Number(value);
}
