import { FLAG_PREFIX } from './compile-entrada.js';
import { LayoutError } from './layout-error.js';
import type { EntradaField, FieldType } from './layout-types.js';

/**
 * An input value, typed by its `<entrada>` definition, as the text of the layout field it goes
 * to (of type `target`). Refusals name the key and never repeat the value.
 */
export function convertEntrada(field: EntradaField, value: unknown, target: FieldType): string {
  const { key } = field;
  let text: string;
  switch (field.type) {
    case 'String':
      text = stringOf(key, value);
      break;
    case 'Integer':
      // The plugin's older P005 switch was a Boolean: true/false still turn a flag on and off.
      text =
        key.startsWith(FLAG_PREFIX) && typeof value === 'boolean'
          ? String(Number(value))
          : integerOf(key, value);
      break;
    case 'Double':
      text = target === 'N' ? centavosOf(key, value) : decimalOf(key, value);
      break;
    case 'Date':
      text = formatDate(field.format, dateOf(key, value));
      break;
    case 'Boolean': {
      const yes = booleanOf(key, value);
      text = key.startsWith(FLAG_PREFIX) ? (yes ? '1' : '0') : yes ? 'S' : 'N';
      break;
    }
  }
  if (field.values !== undefined && !field.values.includes(text)) {
    throw new LayoutError(key, `valor fora do aceito (${field.values.join(', ')})`);
  }
  return text;
}

function stringOf(key: string, value: unknown): string {
  if (typeof value === 'string') return value;
  // A CPF sent as a JSON number: its digits, to be zero-filled by an N field.
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  throw new LayoutError(key, 'deve ser texto (String)');
}

function integerOf(key: string, value: unknown): string {
  const number =
    typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) {
    throw new LayoutError(key, 'deve ser um inteiro nao negativo (Integer)');
  }
  return String(number);
}

function numberOf(key: string, value: unknown): number {
  const number =
    typeof value === 'string' && /^\d+([.,]\d+)?$/.test(value.trim())
      ? Number(value.trim().replace(',', '.'))
      : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) {
    throw new LayoutError(key, 'deve ser um numero nao negativo (Double)');
  }
  return number;
}

/** A Double into an N field is money: 123.45 → `12345` centavos; more than 2 decimals is refused. */
function centavosOf(key: string, value: unknown): string {
  const centavos = numberOf(key, value) * 100;
  const rounded = Math.round(centavos);
  if (Math.abs(centavos - rounded) > 1e-6 || !Number.isSafeInteger(rounded)) {
    throw new LayoutError(key, 'valor com mais de 2 casas decimais');
  }
  return String(rounded);
}

function decimalOf(key: string, value: unknown): string {
  return String(numberOf(key, value));
}

function booleanOf(key: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new LayoutError(key, 'deve ser true ou false (Boolean)');
}

interface Ymd {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** A Date (its UTC day), `AAAAMMDD` or ISO `AAAA-MM-DD[THH:MM...]`; impossible days are refused. */
function dateOf(key: string, value: unknown): Ymd {
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return {
      year: value.getUTCFullYear(),
      month: value.getUTCMonth() + 1,
      day: value.getUTCDate(),
      hour: value.getUTCHours(),
      minute: value.getUTCMinutes(),
    };
  }
  const match =
    typeof value === 'string'
      ? (/^(\d{4})(\d{2})(\d{2})$/.exec(value) ??
        /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(value))
      : null;
  if (match !== null) {
    const [year, month, day, hour, minute] = match.slice(1).map((part) => Number(part ?? 0));
    const check = new Date(Date.UTC(year, month - 1, day));
    if (
      check.getUTCFullYear() === year &&
      check.getUTCMonth() === month - 1 &&
      check.getUTCDate() === day &&
      hour < 24 &&
      minute < 60
    ) {
      return { year, month, day, hour, minute };
    }
  }
  throw new LayoutError(key, 'data invalida: use AAAAMMDD ou AAAA-MM-DD (Date)');
}

function formatDate(format: string, { year, month, day, hour, minute }: Ymd): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const yyyy = String(year).padStart(4, '0');
  switch (format) {
    case 'yyyyMM':
      return yyyy + two(month);
    case 'ddMMyyyy':
      return two(day) + two(month) + yyyy;
    case 'yyyyMMddHHmm':
      return yyyy + two(month) + two(day) + two(hour) + two(minute);
    default:
      return yyyy + two(month) + two(day);
  }
}
