import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  holidayName,
  isBusinessDay,
  localDate,
  prazoSumula548,
  startOfLocalDay,
} from '../../src/domain/business-days.js';

describe('Brazilian business-day calendar', () => {
  it('knows the fixed national holidays and the banks 31 December', () => {
    expect(holidayName('2026-01-01')).toBe('Confraternizacao Universal');
    expect(holidayName('2026-04-21')).toBe('Tiradentes');
    expect(holidayName('2026-05-01')).toBe('Dia do Trabalho');
    expect(holidayName('2026-09-07')).toBe('Independencia do Brasil');
    expect(holidayName('2026-10-12')).toBe('Nossa Senhora Aparecida');
    expect(holidayName('2026-11-02')).toBe('Finados');
    expect(holidayName('2026-11-15')).toBe('Proclamacao da Republica');
    expect(holidayName('2026-12-25')).toBe('Natal');
    expect(holidayName('2026-12-31')).toBe('Sem expediente bancario');
    expect(holidayName('2026-03-10')).toBeNull();
  });

  it('makes Consciencia Negra national only from 2024 (Lei 14.759/2023)', () => {
    expect(holidayName('2026-11-20')).toBe('Consciencia Negra');
    expect(holidayName('2024-11-20')).toBe('Consciencia Negra');
    expect(holidayName('2023-11-20')).toBeNull();
    expect(isBusinessDay('2023-11-20')).toBe(true); // a Monday
  });

  it('derives Carnival, Good Friday and Corpus Christi from Easter', () => {
    // 2026: Easter 5 April.
    expect(holidayName('2026-02-16')).toBe('Carnaval (segunda-feira)');
    expect(holidayName('2026-02-17')).toBe('Carnaval (terca-feira)');
    expect(holidayName('2026-04-03')).toBe('Sexta-feira Santa');
    expect(holidayName('2026-06-04')).toBe('Corpus Christi');
    // Ash Wednesday: banks open (at noon), so it counts.
    expect(isBusinessDay('2026-02-18')).toBe(true);
    // 2025: Easter 20 April.
    expect(holidayName('2025-03-03')).toBe('Carnaval (segunda-feira)');
    expect(holidayName('2025-03-04')).toBe('Carnaval (terca-feira)');
    expect(holidayName('2025-04-18')).toBe('Sexta-feira Santa');
    expect(holidayName('2025-06-19')).toBe('Corpus Christi');
    // Easter 2024 on 31 March, 2027 on 28 March, 2038 on 25 April (late edge), 2008 on 23 March.
    expect(holidayName('2024-03-29')).toBe('Sexta-feira Santa');
    expect(holidayName('2027-03-26')).toBe('Sexta-feira Santa');
    expect(holidayName('2038-04-23')).toBe('Sexta-feira Santa');
    expect(holidayName('2008-02-04')).toBe('Carnaval (segunda-feira)');
  });

  it('never counts weekends', () => {
    expect(isBusinessDay('2026-03-07')).toBe(false); // Saturday
    expect(isBusinessDay('2026-03-08')).toBe(false); // Sunday
    expect(isBusinessDay('2026-03-09')).toBe(true); // Monday
    expect(isBusinessDay('2026-11-21')).toBe(false); // Saturday after Consciencia Negra
  });

  it('starts counting on the day after the given date', () => {
    expect(addBusinessDays('2026-03-09', 0)).toBe('2026-03-09');
    expect(addBusinessDays('2026-03-09', 1)).toBe('2026-03-10');
    expect(addBusinessDays('2026-03-06', 1)).toBe('2026-03-09'); // Friday → Monday
    expect(addBusinessDays('2026-03-07', 1)).toBe('2026-03-09'); // Saturday → Monday
    expect(addBusinessDays('2026-02-13', 1)).toBe('2026-02-18'); // over Carnival
    expect(addBusinessDays('2026-11-19', 1)).toBe('2026-11-23'); // over Consciencia Negra
    // Tue 29 Dec: Wed 30 (1), then 31 Dec, 1 Jan and a weekend, Mon 4 (2), Tue 5 (3).
    expect(addBusinessDays('2026-12-29', 3)).toBe('2027-01-05');
  });

  it('rejects what is not a calendar date or a count', () => {
    expect(() => isBusinessDay('2026-02-30')).toThrow(TypeError);
    expect(() => holidayName('06/03/2026')).toThrow(TypeError);
    expect(() => addBusinessDays('2026-03-06', -1)).toThrow(RangeError);
    expect(() => addBusinessDays('2026-03-06', 1.5)).toThrow(RangeError);
  });

  it('reads instants in Sao Paulo time (UTC-3, no daylight saving time)', () => {
    expect(localDate(new Date('2026-03-06T02:59:59.999Z'))).toBe('2026-03-05');
    expect(localDate(new Date('2026-03-06T03:00:00Z'))).toBe('2026-03-06');
    // January was daylight saving time before 2019; not any more.
    expect(localDate(new Date('2027-01-15T02:30:00Z'))).toBe('2027-01-14');
    expect(startOfLocalDay('2026-03-06').toISOString()).toBe('2026-03-06T03:00:00.000Z');
    expect(startOfLocalDay('2026-12-31').toISOString()).toBe('2026-12-31T03:00:00.000Z');
  });
});

describe('Sumula 548 deadline', () => {
  const prazo = (pagoEm: string) => {
    const result = prazoSumula548(new Date(pagoEm));
    return { prazo: result.prazo, alertaEm: result.alertaEm.toISOString() };
  };

  it('gives 5 business days after a Friday payment, alert at 00:00 of the 4th', () => {
    // Fri 6 Mar 2026, 15:00 in Sao Paulo: Mon 9, Tue 10, Wed 11, Thu 12, Fri 13.
    expect(prazo('2026-03-06T18:00:00Z')).toEqual({
      prazo: '2026-03-13',
      alertaEm: '2026-03-12T03:00:00.000Z',
    });
    // 23:30 on Friday in Sao Paulo is already Saturday in UTC; it is still a Friday payment.
    expect(prazo('2026-03-07T02:30:00Z').prazo).toBe('2026-03-13');
  });

  it('counts a weekend payment from Monday', () => {
    // Sat 7 Mar: Mon 9 (1) ... Fri 13 (5).
    expect(prazo('2026-03-07T15:00:00Z').prazo).toBe('2026-03-13');
  });

  it('skips Good Friday, Carnival and Corpus Christi', () => {
    // Thu 2 Apr 2026, before Good Friday: Mon 6, Tue 7, Wed 8, Thu 9, Fri 10.
    expect(prazo('2026-04-02T18:00:00Z')).toEqual({
      prazo: '2026-04-10',
      alertaEm: '2026-04-09T03:00:00.000Z',
    });
    // Fri 13 Feb 2026, before Carnival: Wed 18, Thu 19, Fri 20, Mon 23, Tue 24.
    expect(prazo('2026-02-13T13:00:00Z')).toEqual({
      prazo: '2026-02-24',
      alertaEm: '2026-02-23T03:00:00.000Z',
    });
    // Wed 3 Jun 2026, before Corpus Christi: Fri 5, Mon 8, Tue 9, Wed 10, Thu 11.
    expect(prazo('2026-06-03T13:00:00Z').prazo).toBe('2026-06-11');
  });

  it('crosses the year end: 31 December and 1 January do not count', () => {
    // Wed 30 Dec 2026: Mon 4, Tue 5, Wed 6, Thu 7, Fri 8 Jan 2027.
    expect(prazo('2026-12-30T15:00:00Z')).toEqual({
      prazo: '2027-01-08',
      alertaEm: '2027-01-07T03:00:00.000Z',
    });
  });

  it('lands the alert before the deadline day even across a long holiday', () => {
    // Wed 18 Nov 2026: Thu 19 (1), Fri 20 holiday, Mon 23 (2), Tue 24 (3), Wed 25 (4), Thu 26 (5).
    expect(prazo('2026-11-18T12:00:00Z')).toEqual({
      prazo: '2026-11-26',
      alertaEm: '2026-11-25T03:00:00.000Z',
    });
  });
});
