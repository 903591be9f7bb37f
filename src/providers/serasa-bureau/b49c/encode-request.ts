import { FLAG_PREFIX } from './compile-entrada.js';
import { convertEntrada } from './convert-entrada.js';
import { encodeRecord } from './encode-record.js';
import { LayoutError } from './layout-error.js';
import {
  REQUEST_TRAILER,
  type EntradaField,
  type LayoutSet,
  type RecordLayout,
} from './layout-types.js';
import { defaultLayouts } from './load-layouts.js';

/**
 * The input map of a query, as the Intellector plugin takes it (seed 002): UPPERCASE keys of
 * `entrada.xml` (`B49C_NUM_DOC`, `FL_HABILITA_P005`, `P005_VALOR_CH1`, ...) or ids of request
 * layout fields (`B49C_LOGON`, `P002_COD1`) as raw text. `undefined` and `null` count as absent.
 */
export type Entrada = Readonly<Record<string, unknown>>;

/**
 * The request layout string in ISO-8859-1: the B49C header, the option records switched on by
 * their FL_HABILITA_* flags (in the order of the flags in entrada.xml), and the T999 trailer.
 * Credentials (logon, senha, nova senha) are the transport's business and are not included.
 * Throws a LayoutError naming the key or field for any value that does not fit.
 */
export function encodeRequest(entrada: Entrada, layouts: LayoutSet = defaultLayouts()): Buffer {
  return Buffer.from(encodeRequestText(entrada, layouts), 'latin1');
}

/** {@link encodeRequest} as a string of latin1 characters (one per byte). */
export function encodeRequestText(entrada: Entrada, layouts: LayoutSet = defaultLayouts()): string {
  if (typeof entrada !== 'object' || entrada === null || Array.isArray(entrada)) {
    throw new LayoutError('entrada', 'deve ser um objeto com as chaves do mapa de entrada');
  }
  const plan = planOf(layouts);
  const { values, flags } = readEntrada(entrada, plan);
  const enabled = enabledOptions(layouts, plan, flags);
  checkRequired(entrada, layouts, enabled);
  // Every record is encoded, so a bad value is refused even for an option left off.
  let out = encodeRecord(layouts.cabecalho, values);
  for (const layout of layouts.opcoes) {
    const record = encodeRecord(layout, values);
    if (enabled.has(layout.registro)) out += record;
  }
  return out + REQUEST_TRAILER;
}

/** Lookups over a layout set, built once per set. */
interface RequestPlan {
  owner: ReadonlyMap<string, RecordLayout>;
  definitions: ReadonlyMap<string, EntradaField>;
  flagKeys: ReadonlySet<string>;
}

const plans = new WeakMap<LayoutSet, RequestPlan>();

function planOf(layouts: LayoutSet): RequestPlan {
  let plan = plans.get(layouts);
  if (plan === undefined) {
    const owner = new Map<string, RecordLayout>();
    for (const layout of [layouts.cabecalho, ...layouts.opcoes]) {
      for (const id of layout.ids) owner.set(id, layout);
    }
    plan = {
      owner,
      definitions: new Map(layouts.entrada.map((field) => [field.key, field])),
      flagKeys: new Set(layouts.opcoes.map((layout) => FLAG_PREFIX + layout.registro)),
    };
    plans.set(layouts, plan);
  }
  return plan;
}

/** Field texts by layout id, and the FL_HABILITA_* flags as given. */
function readEntrada(entrada: Entrada, plan: RequestPlan) {
  const { owner, definitions, flagKeys } = plan;
  const values: Record<string, string> = {};
  const flags = new Map<string, string>();
  for (const [key, value] of Object.entries(entrada)) {
    if (value === undefined || value === null) continue;
    const definition = definitions.get(key);
    if (definition !== undefined) {
      const campos = definition.campos ?? (owner.has(key) ? [key] : []);
      const target = campos.length === 1 ? fieldTypeOf(owner.get(campos[0])!, campos[0]) : 'S';
      const text = convertEntrada(definition, value, target);
      if (key.startsWith(FLAG_PREFIX)) flags.set(key, text);
      else if (campos.length > 1) spread(key, text, campos, owner, values);
      else if (campos.length === 1) values[campos[0]] = text;
      // A declared key that no request layout carries (B001_GRAFIA_NOME) is checked, not sent.
    } else if (flagKeys.has(key)) {
      flags.set(key, flagOf(key, value));
    } else if (owner.has(key)) {
      values[key] = rawOf(key, value);
    } else {
      throw new LayoutError(
        key,
        'chave desconhecida: nao esta em entrada.xml nem nos layouts de pedido',
      );
    }
  }
  return { values, flags };
}

function enabledOptions(layouts: LayoutSet, plan: RequestPlan, flags: ReadonlyMap<string, string>) {
  const enabled = new Set<string>();
  for (const layout of layouts.opcoes) {
    const flag = FLAG_PREFIX + layout.registro;
    const setting = flags.get(flag) ?? plan.definitions.get(flag)?.defaultValue ?? '0';
    if (setting !== '0' && setting !== '1') throw new LayoutError(flag, 'deve ser 0 ou 1');
    if (setting === '1') enabled.add(layout.registro);
  }
  return enabled;
}

function checkRequired(entrada: Entrada, layouts: LayoutSet, enabled: ReadonlySet<string>) {
  for (const { key, required } of layouts.entrada) {
    if (required === undefined || (entrada[key] !== undefined && entrada[key] !== null)) continue;
    if (required === 'sempre') throw new LayoutError(key, 'chave obrigatoria');
    if (enabled.has(required.slice(FLAG_PREFIX.length))) {
      throw new LayoutError(key, `chave obrigatoria com ${required} = 1`);
    }
  }
}

function fieldTypeOf(layout: RecordLayout, id: string) {
  return layout.types[layout.index.get(id)!];
}

/** One value over several adjacent fields, e.g. the 30-digit CMC7 over the P005 parts. */
function spread(
  key: string,
  text: string,
  campos: readonly string[],
  owner: ReadonlyMap<string, RecordLayout>,
  values: Record<string, string>,
) {
  const sizes = campos.map((id) => {
    const layout = owner.get(id)!;
    const i = layout.index.get(id)!;
    return layout.ends[i] - layout.starts[i];
  });
  const total = sizes.reduce((sum, size) => sum + size, 0);
  // A CMC7 is printed with separators (<, >, :) and spaces between its three groups.
  const digits = text.replace(/[<>:\s]/g, '');
  if (!/^\d+$/.test(digits) || digits.length !== total) {
    throw new LayoutError(key, `deve ter ${total} digitos`);
  }
  let offset = 0;
  for (const [i, id] of campos.entries()) {
    values[id] = digits.slice(offset, offset + sizes[i]);
    offset += sizes[i];
  }
}

function flagOf(key: string, value: unknown): string {
  if (value === 0 || value === 1 || value === '0' || value === '1') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  throw new LayoutError(key, 'deve ser 0 ou 1');
}

/** A layout field set directly: its text as is (a number only for its digits). */
function rawOf(key: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  throw new LayoutError(key, 'deve ser texto');
}
