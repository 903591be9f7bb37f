/**
 * Brazilian taxpayer documents: CPF (people, 11 digits) and CNPJ (companies, 14 characters).
 *
 * From July 2026 Receita Federal also issues alphanumeric CNPJs: the first 12 characters may be
 * [0-9A-Z], the last 2 (check digits) stay numeric. The check digit algorithm is unchanged except
 * that each character is worth its ASCII code minus 48, which keeps '0'..'9' worth 0..9, so one
 * implementation validates both generations.
 */

export type TipoDocumento = 'cpf' | 'cnpj';

export interface DocumentoClassificado {
  tipo: TipoDocumento;
  /** Normalized: no punctuation, letters upper-cased. */
  numero: string;
}

const FORMATTING_CHARS = /[.\-/\s]/g;
const CPF_SHAPE = /^\d{11}$/;
const CNPJ_SHAPE = /^[0-9A-Z]{12}\d{2}$/;
const ALL_SAME_CHAR = /^(.)\1*$/;

const CNPJ_WEIGHTS_1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] as const;
const CNPJ_WEIGHTS_2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] as const;
const CPF_WEIGHTS_1 = [10, 9, 8, 7, 6, 5, 4, 3, 2] as const;
const CPF_WEIGHTS_2 = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2] as const;
const ZERO_CODE = 48;

export function normalizeDocument(input: string): string {
  return input.replace(FORMATTING_CHARS, '').toUpperCase();
}

function mod11CheckDigit(values: readonly number[], weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += values[i] * weights[i];
  const remainder = sum % 11;
  return remainder < 2 ? 0 : 11 - remainder;
}

function charValues(value: string): number[] {
  const values = new Array<number>(value.length);
  for (let i = 0; i < value.length; i++) values[i] = value.charCodeAt(i) - ZERO_CODE;
  return values;
}

/**
 * Accepts formatted input too (it is normalized first), so callers validating raw user input
 * cannot reject a valid document just because it still carries punctuation.
 */
export function isValidCpf(digits: string): boolean {
  const cpf = normalizeDocument(digits);
  if (!CPF_SHAPE.test(cpf) || ALL_SAME_CHAR.test(cpf)) return false;
  const values = charValues(cpf);
  if (mod11CheckDigit(values, CPF_WEIGHTS_1) !== values[9]) return false;
  return mod11CheckDigit(values, CPF_WEIGHTS_2) === values[10];
}

/** Numeric and alphanumeric CNPJ; formatted input and lower-case letters are accepted. */
export function isValidCnpj(value: string): boolean {
  const cnpj = normalizeDocument(value);
  if (!CNPJ_SHAPE.test(cnpj) || ALL_SAME_CHAR.test(cnpj)) return false;
  const values = charValues(cnpj);
  if (mod11CheckDigit(values, CNPJ_WEIGHTS_1) !== values[12]) return false;
  return mod11CheckDigit(values, CNPJ_WEIGHTS_2) === values[13];
}

export function classifyDocument(input: string): DocumentoClassificado | null {
  const numero = normalizeDocument(input);
  if (numero.length === 11 && isValidCpf(numero)) return { tipo: 'cpf', numero };
  if (numero.length === 14 && isValidCnpj(numero)) return { tipo: 'cnpj', numero };
  return null;
}

// Masks for logs and API responses keep the familiar punctuation, so a reader still sees which
// kind of document it was:
//   CPF  52998224725    -> 529.***.***-25      (first 3 + the 2 check digits)
//   CNPJ 11222333000181 -> 11.***.***/****-81  (first 2 + the 2 check digits)
// The CNPJ shows one character less than the CPF so that no whole group of the root (the part
// identifying the company) is revealed. Anything of another length keeps its first 3 and last 2
// characters when that still hides something, and is fully starred otherwise.
export function maskDocument(value: string): string {
  const doc = normalizeDocument(value);
  if (doc.length === 11) return `${doc.slice(0, 3)}.***.***-${doc.slice(9)}`;
  if (doc.length === 14) return `${doc.slice(0, 2)}.***.***/****-${doc.slice(12)}`;
  if (doc.length <= 6) return '*'.repeat(doc.length);
  return `${doc.slice(0, 3)}${'*'.repeat(doc.length - 5)}${doc.slice(-2)}`;
}

// Separators are optional so one pattern covers bare, formatted and half-formatted documents;
// `%2F` is the URL-encoded CNPJ slash seen in query strings. Numeric documents are bounded by
// digits only (a CPF glued to a key, as in `cpf52998224725`, is still masked, while 12-, 13- or
// 20-digit runs such as epoch milliseconds are left alone). Documents containing letters are
// bounded by any alphanumeric, since letters are part of the token there.
const SEP_DOT = '\\.?';
const SEP_SLASH = '(?:\\/|%2[Ff])?';
const SEP_DASH = '-?';
const CPF_PATTERN = `(?<!\\d)\\d{3}${SEP_DOT}\\d{3}${SEP_DOT}\\d{3}${SEP_DASH}\\d{2}(?!\\d)`;
const CNPJ_NUMERIC_PATTERN = `(?<!\\d)\\d{2}${SEP_DOT}\\d{3}${SEP_DOT}\\d{3}${SEP_SLASH}\\d{4}${SEP_DASH}\\d{2}(?!\\d)`;
const AN = '[0-9A-Za-z]';
const CNPJ_ALNUM_PATTERN =
  `(?<!${AN})${AN}{2}${SEP_DOT}${AN}{3}${SEP_DOT}${AN}{3}${SEP_SLASH}${AN}{4}${SEP_DASH}\\d{2}` +
  `(?!${AN})`;

const NUMERIC_DOCUMENT_IN_TEXT = new RegExp(`${CPF_PATTERN}|${CNPJ_NUMERIC_PATTERN}`, 'g');
// The alphanumeric branch goes first so that a CNPJ like `12345678901A35` is not cut short by
// the CPF branch matching its first 11 digits.
const DOCUMENT_IN_TEXT = new RegExp(
  `${CNPJ_ALNUM_PATTERN}|${CPF_PATTERN}|${CNPJ_NUMERIC_PATTERN}`,
  'g',
);
const HAS_LETTER = /[A-Za-z]/;
const FORMATTED_CNPJ = /^[0-9A-Z]{2}\.[0-9A-Z]{3}\.[0-9A-Z]{3}(?:\/|%2F)[0-9A-Z]{4}-\d{2}$/i;
const ENCODED_SLASH = /%2F/gi;

function maskNumericMatch(match: string): string {
  return maskDocument(match.replace(ENCODED_SLASH, ''));
}

function maskMatch(match: string): string {
  if (!HAS_LETTER.test(match)) return maskNumericMatch(match);
  // Any 14-character word ending in two digits has the bare alphanumeric CNPJ shape, so unless it
  // is written in the unmistakable CNPJ format only tokens whose check digits hold are documents:
  // identifiers and codes stay readable, at the cost of a 1-in-100 coincidence being starred.
  if (FORMATTED_CNPJ.test(match) || isValidCnpj(match.replace(ENCODED_SLASH, ''))) {
    return maskNumericMatch(match);
  }
  // The rejected word may still end in a numeric document glued to a key (`cpf52998224725`).
  return match.replace(NUMERIC_DOCUMENT_IN_TEXT, maskNumericMatch);
}

function hasAtLeastDigits(text: string, wanted: number): boolean {
  let found = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57 && ++found >= wanted) return true;
  }
  return false;
}

/**
 * Replaces everything that looks like a CPF or CNPJ by its mask. Numeric look-alikes are masked
 * without checking their check digits: in a log, hiding a phone number by mistake is cheaper than
 * leaking a mistyped CPF.
 *
 * Runs on every log line. The fast path skips strings that cannot hold a document: a numeric one
 * needs 11 digits, but an alphanumeric CNPJ may carry as few as its 2 check digits, so the digit
 * threshold is 2 and the regex runs only on strings long enough for the shortest document.
 */
export function maskDocumentsInText(text: string): string {
  if (text.length < 11 || !hasAtLeastDigits(text, 2)) return text;
  return text.replace(DOCUMENT_IN_TEXT, maskMatch);
}
