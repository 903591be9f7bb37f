// Lenient readers for Tecnospeed's answers and what the audit trail may show of a request.
// Only the negativacao GET body and the error bodies are documented (seed 001); everything else
// is read defensively: a missing field is absent, a wrong type is absent, unknown fields ignored.

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as an object; `{}` when it is anything else. */
export function obj(value: unknown): Json {
  return isObject(value) ? value : {};
}

/** Trimmed text; numbers become text (protocolos and codes may come either way). Blank is null. */
export function str(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** The first of `values` that reads as text. */
export function firstStr(...values: unknown[]): string | null {
  for (const value of values) {
    const text = str(value);
    if (text !== null) return text;
  }
  return null;
}

/** A number, also from text in either notation: `"9,0"`, `"1.234,56"`, `"1234.56"`. */
export function num(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const text = str(value)?.replace(/^R\$\s*/i, '');
  if (!text) return null;
  const normalized = text.includes(',') ? text.replace(/\./g, '').replace(',', '.') : text;
  const parsed = Number(normalized);
  return Number.isFinite(parsed) ? parsed : null;
}

/** Tecnospeed writes money as reais (valorTitulo is a float); credgate keeps integer centavos. */
export function centavos(value: unknown): number | null {
  const reais = num(value);
  return reais === null ? null : Math.round(reais * 100);
}

/** `dd/mm/yyyy` (with or without time) or `yyyy-mm-dd…` as `yyyy-mm-dd`; anything else kept. */
export function data(value: unknown): string | null {
  const text = str(value);
  if (!text) return null;
  const br = /^(\d{2})\/(\d{2})\/(\d{4})/.exec(text);
  if (br) return `${br[3]}-${br[2]}-${br[1]}`;
  const iso = /^(\d{4}-\d{2}-\d{2})/.exec(text);
  return iso ? iso[1] : text;
}

/**
 * The credentials travel as plain headers on every call (research A.3): the audit shows which
 * were sent, never their values. `cnpjSH` and `cnpjUsuario` are not secrets and stay.
 */
const SECRET_HEADERS = new Set(['tokensh', 'login', 'password', 'authorization', 'cookie']);

export function maskSecretHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      SECRET_HEADERS.has(name.toLowerCase()) ? '***' : value,
    ]),
  );
}

/** Accents off and upper-cased, for matching provider texts whose spelling varies. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toUpperCase();
}
