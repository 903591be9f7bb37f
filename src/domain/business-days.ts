/**
 * Brazilian business days, for Sumula 548/STJ: the creditor must ask for the removal of a
 * negativacao within 5 business days of the full payment. A business day is a weekday that is
 * neither a national holiday nor a day without banking (Carnival, Good Friday, Corpus Christi,
 * 31 December), since the payment itself settles through banks.
 *
 * Dates are calendar dates in Sao Paulo, `yyyy-mm-dd`. Brazil abolished daylight saving time in
 * 2019 (Decreto 9.772/2019), so Sao Paulo is UTC-3 all year: the local date of an instant is the
 * UTC date of that instant minus three hours, with no time-zone database needed.
 */
const SAO_PAULO_OFFSET_MS = 3 * 3_600_000;
const DAY_MS = 86_400_000;

/** National holidays (Lei 662/1949 and successors) and the banks' 31 December, by `mm-dd`. */
const FIXED: Record<string, string> = {
  '01-01': 'Confraternizacao Universal',
  '04-21': 'Tiradentes',
  '05-01': 'Dia do Trabalho',
  '09-07': 'Independencia do Brasil',
  '10-12': 'Nossa Senhora Aparecida',
  '11-02': 'Finados',
  '11-15': 'Proclamacao da Republica',
  '12-25': 'Natal',
  // Banks open no branches to the public on the last day of the year (CMN/BCB rule).
  '12-31': 'Sem expediente bancario',
};
/** Lei 14.759/2023 made Consciencia Negra national; 2024 was its first year. */
const CONSCIENCIA_NEGRA_DESDE = 2024;

/** `yyyy-mm-dd` → UTC midnight in ms; throws on anything that is not a real calendar date. */
function parseDate(date: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T00:00:00Z`) : NaN;
  if (Number.isNaN(ms) || toDate(ms) !== date) throw new TypeError(`invalid date: ${date}`);
  return ms;
}

function toDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher), as UTC midnight in ms. */
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

/** Bank holidays that move with Easter, by `yyyy-mm-dd`; offsets in days from Easter Sunday. */
function movableHolidays(year: number): Map<string, string> {
  let holidays = movableCache.get(year);
  if (!holidays) {
    const sunday = easter(year);
    const at = (offsetDays: number) => toDate(sunday + offsetDays * DAY_MS);
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

/** The national or bank holiday on `date`, or null (weekends are not holidays, just not business days). */
export function holidayName(date: string): string | null {
  parseDate(date);
  const year = Number(date.slice(0, 4));
  const monthDay = date.slice(5);
  if (monthDay === '11-20' && year >= CONSCIENCIA_NEGRA_DESDE) return 'Consciencia Negra';
  return FIXED[monthDay] ?? movableHolidays(year).get(date) ?? null;
}

export function isBusinessDay(date: string): boolean {
  const weekday = new Date(parseDate(date)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && holidayName(date) === null;
}

/** The calendar date in Sao Paulo of an instant. */
export function localDate(instant: Date): string {
  return toDate(instant.getTime() - SAO_PAULO_OFFSET_MS);
}

/** 00:00 in Sao Paulo of `date`, as an instant (03:00 UTC). */
export function startOfLocalDay(date: string): Date {
  return new Date(parseDate(date) + SAO_PAULO_OFFSET_MS);
}

/** The `n`-th business day after `date`; `date` itself never counts, even if it is a business day. */
export function addBusinessDays(date: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a whole number >= 0: ${n}`);
  let current = parseDate(date);
  for (let found = 0; found < n;) {
    current += DAY_MS;
    if (isBusinessDay(toDate(current))) found += 1;
  }
  return toDate(current);
}

/** Business days Sumula 548 gives the creditor. */
const PRAZO_DIAS_UTEIS = 5;
/** The alert fires at the start of this business day, leaving one more to fix the removal. */
const ALERTA_DIA_UTIL = 4;

/**
 * Sumula 548's deadline for a payment at `pagoEm`. The payment day itself does not count: as
 * REsp 1.424.792/BA (the repetitive appeal behind the sumula) reads the 5-day term, counting
 * starts on the first business day after the payment, so the deadline is the 5th business day
 * after the payment date (in Sao Paulo). `alertaEm` is 00:00 of the 4th business day: if the
 * removal is not confirmed by then, someone still has a full business day to act.
 */
export function prazoSumula548(pagoEm: Date): { prazo: string; alertaEm: Date } {
  const paidOn = localDate(pagoEm);
  return {
    prazo: addBusinessDays(paidOn, PRAZO_DIAS_UTEIS),
    alertaEm: startOfLocalDay(addBusinessDays(paidOn, ALERTA_DIA_UTIL)),
  };
}
