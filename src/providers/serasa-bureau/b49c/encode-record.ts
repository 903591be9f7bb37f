import { LayoutError } from './layout-error.js';
import type { RecordLayout } from './layout-types.js';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const DIGITS = /^\d*$/;
const COMBINING_MARKS = /[\u0300-\u036f]/g;

/**
 * The value as printable ASCII: accents are dropped (`São João` → `Sao Joao`, `ç` → `c`, `º` →
 * `o`); anything else outside ASCII, control characters included, is refused. Serasa's manuals
 * ask for ASCII without accents.
 */
export function toAscii(field: string, value: string): string {
  if (PRINTABLE_ASCII.test(value)) return value;
  const plain = value.normalize('NFKD').replace(COMBINING_MARKS, '');
  if (!PRINTABLE_ASCII.test(plain)) {
    throw new LayoutError(field, 'caractere fora do ASCII que nao e letra acentuada');
  }
  return plain;
}

/**
 * One value padded into field `i`: S left-aligned and space-filled, N right-aligned and
 * zero-filled (a blank N is all zeros). A value that does not fit is refused, never truncated.
 */
export function fitField(layout: RecordLayout, i: number, value: string): string {
  const id = layout.ids[i];
  const size = layout.ends[i] - layout.starts[i];
  if (layout.types[i] === 'N') {
    if (!DIGITS.test(value)) throw new LayoutError(id, 'campo N aceita so digitos');
    if (value.length > size) {
      throw new LayoutError(id, `tem ${value.length} digitos; o campo tem ${size}`);
    }
    return value.padStart(size, '0');
  }
  const text = toAscii(id, value);
  if (text.length > size) {
    throw new LayoutError(id, `tem ${text.length} caracteres; o campo tem ${size}`);
  }
  return text.padEnd(size, ' ');
}

/**
 * A record from field values keyed by layout id; a missing field takes its layout default. The
 * first field is always the record type.
 */
export function encodeRecord(
  layout: RecordLayout,
  values: Readonly<Record<string, string | undefined>>,
): string {
  let out = layout.registro;
  const { ids, defaults } = layout;
  for (let i = 1; i < ids.length; i++) {
    out += fitField(layout, i, values[ids[i]] ?? defaults[i]);
  }
  if (layout.subtipo !== undefined) {
    const start = layout.subtipoInicio;
    if (out.slice(start, start + layout.subtipoTamanho) !== layout.subtipo) {
      const at = ids.findIndex((_, i) => layout.ends[i] > start);
      throw new LayoutError(ids[at], `o layout ${layout.file} e do subtipo ${layout.subtipo}`);
    }
  }
  return out;
}
