import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseData, parseValorCentavos } from '../../src/use-cases/lotes/br-values.js';
import { testBackend } from '../support/test-database.js';

/** `n` centavos as a Brazilian spreadsheet writes it: `1.234.567,89`. */
function brasileiro(n: number): string {
  const reais = Math.floor(n / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${reais},${String(n % 100).padStart(2, '0')}`;
}

// Money read from uploaded files must never go through a float nor misread a value.
describe.runIf(testBackend() === 'sqlite')('money and dates from spreadsheets (properties)', () => {
  const centavos = fc.integer({ min: 0, max: 10 ** 13 });

  it('reads back any amount written the Brazilian way, with or without R$ and grouping', () => {
    fc.assert(
      fc.property(centavos, (n) => {
        expect(parseValorCentavos(brasileiro(n))).toBe(n);
        expect(parseValorCentavos(`R$ ${brasileiro(n)}`)).toBe(n);
        expect(parseValorCentavos(brasileiro(n).replaceAll('.', ''))).toBe(n);
      }),
    );
  });

  it('reads back any amount written with a decimal point', () => {
    fc.assert(
      fc.property(centavos, (n) => {
        const texto = `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;
        expect(parseValorCentavos(texto)).toBe(n);
      }),
    );
  });

  it('never throws on any text, and what it accepts is a non-negative safe integer', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (texto) => {
        const value = parseValorCentavos(texto);
        if (value !== null) {
          expect(Number.isSafeInteger(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it('reads any calendar date in both spellings, and only calendar dates', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString().slice(0, 10);
          const [ano, mes, dia] = iso.split('-');
          expect(parseData(iso)).toBe(iso);
          expect(parseData(`${dia}/${mes}/${ano}`)).toBe(iso);
        },
      ),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 29, max: 40 }), (mes, dia) => {
        const last = new Date(Date.UTC(2026, mes, 0)).getUTCDate();
        const parsed = parseData(`${dia}/${mes}/2026`);
        expect(parsed === null).toBe(dia > last);
      }),
    );
  });
});
