/**
 * Values as Brazilian spreadsheets write them. Money never passes through a float: the text is
 * split into reais and centavos and read as integers.
 */

// 1.234,56 · 1234,56 · 1234 · 12,5 (the comma is the decimal separator, the dot groups thousands)
const BRASILEIRO = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/;
// 1234.56 · 1,234.56 (the dot is the decimal separator). Comma-grouped thousands only before a
// decimal part: `12,345` alone reads as 12,345 reais to some and 12,35 to others, so it is refused.
const PONTO_DECIMAL = /^(\d{1,3}(?:,\d{3})+(?=\.\d)|\d+)(?:\.(\d{1,2}))?$/;

/** Reais as text (`1.234,56`, `1234.56`, `R$ 15,00`) to integer centavos; null if not money. */
export function parseValorCentavos(texto: string): number | null {
  const valor = texto.replace(/^R\$\s*/i, '').replace(/\s/g, '');
  const match = BRASILEIRO.exec(valor) ?? PONTO_DECIMAL.exec(valor);
  if (!match) return null;
  const reais = Number(match[1].replace(/[.,]/g, ''));
  const centavos = Number((match[2] ?? '0').padEnd(2, '0'));
  const total = reais * 100 + centavos;
  return Number.isSafeInteger(total) ? total : null;
}

/** `dd/mm/aaaa` or `aaaa-mm-dd` to `aaaa-mm-dd`; null when neither or not a calendar date. */
export function parseData(texto: string): string | null {
  const br = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(texto);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(texto);
  const partes = br ? [br[3], br[2], br[1]] : iso ? [iso[1], iso[2], iso[3]] : null;
  if (!partes) return null;
  const [ano, mes, dia] = partes.map(Number);
  const data = new Date(Date.UTC(ano, mes - 1, dia));
  if (data.getUTCFullYear() !== ano || data.getUTCMonth() !== mes - 1 || data.getUTCDate() !== dia)
    return null;
  return `${String(ano).padStart(4, '0')}-${String(mes).padStart(2, '0')}-${String(dia).padStart(2, '0')}`;
}

/** `aaaa-mm-dd` as `dd/mm/aaaa`. */
export function formatDataBr(iso: string): string {
  const [ano, mes, dia] = iso.split('-');
  return `${dia}/${mes}/${ano}`;
}
