/**
 * Brazilian business days, for Sumula 548/STJ: the creditor must ask for the removal of a
 * negativacao within 5 business days of the full payment. A business day is a weekday that is
 * neither a national holiday nor a day without banking (Carnival, Good Friday, Corpus Christi,
 * 31 December), since the payment itself moves through banks.
 *
 * Dates are calendar dates in Sao Paulo, `yyyy-mm-dd`. Brazil has had no daylight saving time since
 * 2019, so Sao Paulo is UTC-3 all year and the local date is the UTC instant minus three hours.
 */
const SAO_PAULO_OFFSET_MS = 3 * 3_600_000;
const DAY_MS = 86_400_000;

const FIXED: Record<string, string> = {
  '01-01': 'Confraternizacao Universal',
  '04-21': 'Tiradentes',
  '05-01': 'Dia do Trabalho',
  '09-07': 'Independencia',
  '10-12': 'Nossa Senhora Aparecida',
  '11-02': 'Finados',
  '11-15': 'Proclamacao da Republica',
  '12-25': 'Natal',
  '12-31': 'Sem expediente bancario',
};

/** Easter Sunday (anonymous Gregorian algorithm), as a UTC midnight timestamp. */
function easter(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, day);
}

const movableCache = new Map<number, Map<string, string>>();

function movableHolidays(year: number): Map<string, string> {
  let holidays = movableCache.get(year);
  if (!holidays) {
    const sunday = easter(year);
    const at = (offsetDays: number) =>
      new Date(sunday + offsetDays * DAY_MS).toISOString().slice(0, 10);
    holidays = new Map([
      [at(-48), 'Carnaval (segunda-feira)'],
      [at(-47), 'Carnaval (terca-feira)'],
      [at(-2), 'Sexta-feira Santa'],
      [at(60), 'Corpus Christi'],
    ]);
    movableCache.set(year, holidays);
  }
  return holidays;
}

export function holidayName(date: string): string | null {
  const year = Number(date.slice(0, 4));
  const monthDay = date.slice(5);
  // Consciencia Negra became a national holiday with Lei 14.759/2023.
  if (monthDay === '11-20' && year >= 2024) return 'Consciencia Negra';
  return FIXED[monthDay] ?? movableHolidays(year).get(date) ?? null;
}

export function isBusinessDay(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && holidayName(date) === null;
}

/** The calendar date in Sao Paulo of an instant. */
export function localDate(instant: Date): string {
  return new Date(instant.getTime() - SAO_PAULO_OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00 in Sao Paulo of `date`, as an instant. */
export function startOfLocalDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + SAO_PAULO_OFFSET_MS);
}

/** The `n`-th business day after `date` (the day itself never counts). */
export function addBusinessDays(date: string, n: number): string {
  let current = Date.parse(`${date}T00:00:00Z`);
  let found = 0;
  while (found < n) {
    current += DAY_MS;
    if (isBusinessDay(new Date(current).toISOString().slice(0, 10))) found += 1;
  }
  return new Date(current).toISOString().slice(0, 10);
}

/** Days of Sumula 548; the alert fires at the start of the day before the last. */
const PRAZO_DIAS_UTEIS = 5;
const ALERTA_DIA_UTIL = 4;

/**
 * Sumula 548's deadline for a payment at `pagoEm`: counted, as REsp 1.424.792/BA reads it, from
 * the first business day after the payment, so the deadline is the 5th business day after it.
 * `alertaEm` is the start of the 4th, when an unconfirmed removal still has a day to be fixed.
 */
export function prazoSumula548(pagoEm: Date): { prazo: string; alertaEm: Date } {
  const paidOn = localDate(pagoEm);
  return {
    prazo: addBusinessDays(paidOn, PRAZO_DIAS_UTEIS),
    alertaEm: startOfLocalDay(addBusinessDays(paidOn, ALERTA_DIA_UTIL)),
  };
}
