import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  holidayName,
  isBusinessDay,
  localDate,
  prazoSumula548,
  startOfLocalDay,
} from '../../src/domain/business-days.js';

describe('Brazilian business days (Sumula 548)', () => {
  it('knows the national and bank holidays of 2026, Easter-based ones included', () => {
    expect(holidayName('2026-02-16')).toMatch(/Carnaval/);
    expect(holidayName('2026-02-17')).toMatch(/Carnaval/);
    expect(holidayName('2026-04-03')).toBe('Sexta-feira Santa');
    expect(holidayName('2026-06-04')).toBe('Corpus Christi');
    expect(holidayName('2026-11-20')).toBe('Consciencia Negra');
    expect(holidayName('2023-11-20')).toBeNull();
    expect(holidayName('2026-12-31')).toBe('Sem expediente bancario');
    // Easter 2025 was 20 April: Good Friday the 18th.
    expect(holidayName('2025-04-18')).toBe('Sexta-feira Santa');
    expect(isBusinessDay('2026-02-18')).toBe(true);
    expect(isBusinessDay('2026-11-21')).toBe(false);
  });

  it('counts from the first business day after the payment, skipping weekends and holidays', () => {
    expect(addBusinessDays('2026-11-20', 5)).toBe('2026-11-27');
    expect(addBusinessDays('2026-02-13', 1)).toBe('2026-02-18');
    // Wed 30 Dec, then 31 Dec (no banking), 1 Jan and a weekend: Mon 4, Tue 5 Jan.
    expect(addBusinessDays('2026-12-29', 3)).toBe('2027-01-05');
  });

  it('reads instants in Sao Paulo time (UTC-3)', () => {
    expect(localDate(new Date('2026-03-06T02:59:59Z'))).toBe('2026-03-05');
    expect(localDate(new Date('2026-03-06T03:00:00Z'))).toBe('2026-03-06');
    expect(startOfLocalDay('2026-03-06').toISOString()).toBe('2026-03-06T03:00:00.000Z');
  });

  it('gives the deadline and the alert at the start of business day 4', () => {
    const { prazo, alertaEm } = prazoSumula548(new Date('2026-04-02T18:00:00Z'));
    // Thursday before Good Friday: Mon 6, Tue 7, Wed 8, Thu 9, Fri 10.
    expect(prazo).toBe('2026-04-10');
    expect(alertaEm.toISOString()).toBe('2026-04-09T03:00:00.000Z');
  });
});
