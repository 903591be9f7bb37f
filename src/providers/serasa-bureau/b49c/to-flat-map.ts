import type { DecodedResponse } from './decode-response.js';
import type { LayoutSet, RecordLayout } from './layout-types.js';
import { defaultLayouts } from './load-layouts.js';

export interface FlatMapOptions {
  /**
   * First `_n` suffix of repeating records. 1 (default) is what the plugin's code does and what
   * seed 002 says in prose ("the second record is B358_DTOCORR_2"); the seed's sample loop
   * (`for (i = 0; i < NUMPEFIN; i++) get("B358_DTOCORR_" + i)`) reads from 0, so 0 serves
   * policies written after that loop.
   */
  readonly base?: 0 | 1;
  /** The layout set the response was decoded with, for the counters of absent records. */
  readonly layouts?: LayoutSet;
}

/**
 * The Intellector-compatible flat map (seed 002): `<REG>_<FIELD>` for single records,
 * `<REG>_<FIELD>_<n>` for repeating ones with their counter (`B358_NUMPEFIN`) as decimal text,
 * min/max date aggregates (`B358_MENORDTPENDPAG`), header fields as `B49C_<FIELD>`. Values are
 * untrimmed, as the plugin leaves them. Every counter of the layout set is present ("0" when the
 * record did not come), so a policy's loop never reads a missing key. Echoed request records and
 * unknown records are left out; a later single record overwrites an earlier one, as in the plugin.
 */
export function toFlatMap(
  resposta: DecodedResponse,
  options: FlatMapOptions = {},
): Record<string, string> {
  const base = options.base ?? 1;
  const layouts = options.layouts ?? defaultLayouts();
  const map = new Map<string, string>();
  for (const layout of layouts.layouts) {
    if (layout.direcao === 'saida' && layout.counter !== undefined) map.set(layout.counter, '0');
  }
  put(map, resposta.cabecalho.layout, resposta.cabecalho.campos, '');
  const counts = new Map<string, number>();
  for (const record of resposta.registros) {
    const { layout } = record;
    if (layout === undefined || record.eco) continue;
    let suffix = '';
    if (layout.counter !== undefined) {
      const count = (counts.get(layout.counter) ?? 0) + 1;
      counts.set(layout.counter, count);
      map.set(layout.counter, String(count));
      suffix = `_${count - 1 + base}`;
    }
    put(map, layout, record.campos, suffix);
    if (layout.dateAggregate !== undefined) aggregate(map, layout, record.campos);
  }
  const trailer = resposta.trailer?.registro;
  if (trailer !== undefined) put(map, trailer.layout, trailer.campos, '');
  return Object.fromEntries(map);
}

function put(
  map: Map<string, string>,
  layout: RecordLayout | undefined,
  campos: readonly string[],
  suffix: string,
) {
  if (layout === undefined) return;
  for (const [i, id] of layout.ids.entries()) {
    if (layout.visible[i] && campos[i] !== undefined) map.set(id + suffix, campos[i]);
  }
}

/** Dates are AAAAMMDD (or AAAAMMDDHHMM), so text order is date order, as the seed notes. */
function aggregate(map: Map<string, string>, layout: RecordLayout, campos: readonly string[]) {
  const { field, menor, maior } = layout.dateAggregate!;
  const date = campos[field];
  if (date === undefined || !/^\d+$/.test(date) || /^0+$/.test(date)) return;
  const low = map.get(menor);
  const high = map.get(maior);
  if (low === undefined || date < low) map.set(menor, date);
  if (high === undefined || date > high) map.set(maior, date);
}
