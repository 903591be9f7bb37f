// Lenient readers for Serasa's JSON. No complete schema of its answers is published and the
// webhook documentation says every field but a few "may change", so the mapper never trusts a
// shape: a missing block reads as empty, a wrong type as absent, unknown fields are ignored.

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as an object; `{}` when it is anything else. */
export function obj(value: unknown): Json {
  return isObject(value) ? value : {};
}

/** The value as a list of objects; `[]` when it is not a list. */
export function arr(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(obj) : [];
}

/** Trimmed text; numbers become text (Serasa sends `statusCode` either way). Blank is null. */
export function str(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** A number, also from text in either notation: `"9,0"`, `"1.234,56"`, `"1234.56"`. */
export function num(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const text = str(value);
  if (text === null) return null;
  const normalized = text.includes(',') ? text.replace(/\./g, '').replace(',', '.') : text;
  const parsed = Number(normalized);
  return Number.isFinite(parsed) ? parsed : null;
}

/** Serasa writes money as reais in a decimal number; credgate keeps integer centavos. */
export function centavos(value: unknown): number | null {
  const reais = num(value);
  return reais === null ? null : Math.round(reais * 100);
}

/** The first of `values` that reads as text. */
export function firstStr(...values: unknown[]): string | null {
  for (const value of values) {
    const text = str(value);
    if (text !== null) return text;
  }
  return null;
}
