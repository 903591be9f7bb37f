/**
 * Brazilian formats written out by hand, so the output never depends on which ICU data the
 * Node runtime was built with (small-icu builds format pt-BR money as en-US).
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text and attribute-safe: escapes the five characters that can end an element or a quoted value. */
export function escapeHtml(value: string | number | null | undefined): string {
  return String(value ?? '').replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}

/** 123456 (centavos) → "R$ 1.234,56"; negatives keep their sign; missing → "—". */
export function formatCentavos(centavos: number | null | undefined): string {
  if (centavos === null || centavos === undefined || !Number.isFinite(centavos)) return '—';
  const sign = centavos < 0 ? '-' : '';
  const abs = Math.abs(Math.round(centavos));
  return `${sign}R$ ${groupThousands(Math.floor(abs / 100))},${String(abs % 100).padStart(2, '0')}`;
}

/** 1234567 → "1.234.567" (pt-BR groups with dots). */
export function groupThousands(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** "2026-03-05" → "05/03/2026"; anything else is shown as given; missing → "—". */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : value;
}

/** Brasilia is UTC-3 all year (no daylight saving time since 2019). */
const BRASILIA_OFFSET_MS = 3 * 3_600_000;

/** ISO instant → "05/03/2026 11:30 (horário de Brasília)"; unparseable text is shown as given. */
export function formatInstant(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const local = new Date(ms - BRASILIA_OFFSET_MS).toISOString();
  return `${formatDate(local)} ${local.slice(11, 16)} (horário de Brasília)`;
}

/**
 * CPF → 000.000.000-00, CNPJ → 00.000.000/0000-00 (the 2026 alphanumeric CNPJ too). Input may
 * already carry punctuation; anything that is not 11 or 14 characters is shown as given.
 */
export function formatDocument(value: string): string {
  const bare = value.replace(/[.\-/\s]/g, '').toUpperCase();
  const cpf = /^(\d{3})(\d{3})(\d{3})(\d{2})$/.exec(bare);
  if (cpf) return `${cpf[1]}.${cpf[2]}.${cpf[3]}-${cpf[4]}`;
  const cnpj = /^([0-9A-Z]{2})([0-9A-Z]{3})([0-9A-Z]{3})([0-9A-Z]{4})(\d{2})$/.exec(bare);
  if (cnpj) return `${cnpj[1]}.${cnpj[2]}.${cnpj[3]}/${cnpj[4]}-${cnpj[5]}`;
  return value;
}
