import type { RecordLayout } from './layout-types.js';

/** A field's typed value: ISO date text, an integer (centavos for money), a number, or text. */
export type TypedValue = string | number | null;

/**
 * Field `i` of a record as a typed value, by its `<format>`: dates as ISO text (`2020-11-04`,
 * `2020-11` for AAAAMM), null when blank, all zeros or impossible; `centavos` and `inteiro` as
 * integers; `decimal:N` with N implied decimals; `texto` and S fields trimmed. An N field with no
 * format is an integer. Lenient by design: what does not convert is null, and the raw text stays
 * beside it.
 */
export function convertField(layout: RecordLayout, i: number, raw: string): TypedValue {
  const format = layout.formats[i];
  switch (format) {
    case 'yyyyMMdd':
      return isoDate(raw.slice(0, 4), raw.slice(4, 6), raw.slice(6, 8), raw);
    case 'ddMMyyyy':
      return isoDate(raw.slice(4, 8), raw.slice(2, 4), raw.slice(0, 2), raw);
    case 'yyyyMM': {
      const date = isoDate(raw.slice(0, 4), raw.slice(4, 6), '01', raw);
      return date === null ? null : date.slice(0, 7);
    }
    case 'yyyyMMddHHmm':
      return isoDateTime(raw);
    case 'texto':
      return raw.trim();
    case 'centavos':
    case 'inteiro':
      return integer(raw);
    case undefined:
      return layout.types[i] === 'N' ? integer(raw) : raw.trim();
    default:
      return decimal(raw, Number(format.slice('decimal:'.length)));
  }
}

function integer(raw: string): number | null {
  const digits = raw.trim();
  if (!/^\d{1,15}$/.test(digits)) return null;
  return Number(digits);
}

function decimal(raw: string, places: number): number | null {
  const value = integer(raw);
  return value === null ? null : value / 10 ** places;
}

function isoDate(year: string, month: string, day: string, raw: string): string | null {
  if (!/^\d+$/.test(raw.trim()) || /^0+$/.test(raw.trim())) return null;
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (!/^\d{4}$/.test(year) || !/^\d{2}$/.test(month) || !/^\d{2}$/.test(day)) return null;
  const check = new Date(Date.UTC(2000, m - 1, d));
  check.setUTCFullYear(y);
  if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d || y === 0) return null;
  return `${year}-${month}-${day}`;
}

function isoDateTime(raw: string): string | null {
  const date = isoDate(raw.slice(0, 4), raw.slice(4, 6), raw.slice(6, 8), raw);
  const hour = raw.slice(8, 10);
  const minute = raw.slice(10, 12);
  if (date === null || !/^([01]\d|2[0-3])$/.test(hour) || !/^[0-5]\d$/.test(minute)) return null;
  return `${date}T${hour}:${minute}`;
}
