import { DATE_FORMATS } from './compile-layout.js';
import { LayoutError } from './layout-error.js';
import type { EntradaField, EntradaType, RecordLayout } from './layout-types.js';
import type { RawEntradaField } from './read-layout-xml.js';

const TYPES: readonly EntradaType[] = ['String', 'Integer', 'Double', 'Date', 'Boolean'];
export const FLAG_PREFIX = 'FL_HABILITA_';

/**
 * Validates the `<entrada>` definitions against the request layouts: known types and date
 * formats, unique keys, `required` naming `sempre` or a flag, `campos` naming request fields.
 */
export function compileEntrada(
  file: string,
  raw: readonly RawEntradaField[],
  requestLayouts: readonly RecordLayout[],
): EntradaField[] {
  const requestFields = new Set(requestLayouts.flatMap((layout) => layout.ids));
  const keys = new Set(raw.map((field) => field.key));
  const seen = new Set<string>();
  return raw.map(({ key, attributes }) => {
    if (seen.has(key)) throw new LayoutError(key, 'chave repetida na entrada', file);
    seen.add(key);
    const type = attributes.type as EntradaType;
    if (!TYPES.includes(type)) {
      throw new LayoutError(key, `type desconhecido; use ${TYPES.join(', ')}`, file);
    }
    const format = attributes.format ?? '';
    if (type === 'Date' && !(DATE_FORMATS as readonly string[]).includes(format)) {
      throw new LayoutError(key, `format de Date deve ser ${DATE_FORMATS.join(', ')}`, file);
    }
    const required = attributes.required?.trim() || undefined;
    if (required !== undefined && required !== 'sempre' && !keys.has(required)) {
      throw new LayoutError(key, 'required deve ser "sempre" ou uma marca FL_HABILITA_*', file);
    }
    const campos = words(attributes.campos);
    for (const campo of campos ?? []) {
      if (!requestFields.has(campo)) {
        throw new LayoutError(key, `campos: ${campo} nao existe nos layouts de pedido`, file);
      }
    }
    return {
      key,
      description: attributes.description ?? '',
      type,
      format,
      required,
      defaultValue: attributes.default,
      values: words(attributes.values),
      campos,
    };
  });
}

function words(text: string | undefined): string[] | undefined {
  const list = text?.split(/\s+/).filter((word) => word !== '');
  return list === undefined || list.length === 0 ? undefined : list;
}
