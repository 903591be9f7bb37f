import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  classifyDocument,
  isValidCnpj,
  isValidCpf,
  maskDocument,
  maskDocumentsInText,
  normalizeDocument,
} from '../../src/domain/documents.js';

// Check digits are recomputed here independently of the implementation, straight from Receita's
// rules, so the generators cannot share a bug with the code under test.
function mod11(values: number[], firstWeight: number, maxWeight: number): number {
  let weight = firstWeight;
  let sum = 0;
  for (const value of values) {
    sum += value * weight;
    weight = weight === 2 ? maxWeight : weight - 1;
  }
  const remainder = sum % 11;
  return remainder < 2 ? 0 : 11 - remainder;
}

function withCpfCheckDigits(base: number[]): string {
  const first = mod11(base, 10, 10);
  const second = mod11([...base, first], 11, 11);
  return [...base, first, second].join('');
}

function withCnpjCheckDigits(base: string): string {
  const values = [...base].map((char) => char.charCodeAt(0) - 48);
  const first = mod11(values, 5, 9);
  const second = mod11([...values, first], 6, 9);
  return `${base}${first}${second}`;
}

const isAllSameChar = (value: string) => /^(.)\1*$/.test(value);

const cpfArb = fc
  .array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 })
  .map(withCpfCheckDigits)
  .filter((cpf) => !isAllSameChar(cpf));

const ALPHANUMERIC = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
const DIGITS = [...'0123456789'];
const cnpjArbFrom = (alphabet: string[]) =>
  fc
    .array(fc.constantFrom(...alphabet), { minLength: 12, maxLength: 12 })
    .map((chars) => withCnpjCheckDigits(chars.join('')))
    .filter((cnpj) => !isAllSameChar(cnpj));
const numericCnpjArb = cnpjArbFrom(DIGITS);
const alphanumericCnpjArb = cnpjArbFrom(ALPHANUMERIC);
const cnpjArb = fc.oneof(numericCnpjArb, alphanumericCnpjArb);

const formatCpf = (cpf: string) =>
  `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}`;
const formatCnpj = (cnpj: string) =>
  `${cnpj.slice(0, 2)}.${cnpj.slice(2, 5)}.${cnpj.slice(5, 8)}/${cnpj.slice(8, 12)}-${cnpj.slice(12)}`;

function replaceCharAt(value: string, index: number, char: string): string {
  return `${value.slice(0, index)}${char}${value.slice(index + 1)}`;
}

const otherDigitArb = (current: string) =>
  fc.constantFrom(...DIGITS.filter((digit) => digit !== current));

describe('normalizeDocument', () => {
  it('strips punctuation and spaces and upper-cases letters', () => {
    expect(normalizeDocument('11.222.333/0001-81')).toBe('11222333000181');
    expect(normalizeDocument(' 529.982.247-25 ')).toBe('52998224725');
    expect(normalizeDocument('12.abc.345/01de-35')).toBe('12ABC34501DE35');
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), cpfArb.map(formatCpf), cnpjArb.map(formatCnpj)), (s) => {
        const once = normalizeDocument(s);
        expect(normalizeDocument(once)).toBe(once);
      }),
    );
  });
});

describe('isValidCpf', () => {
  it('accepts valid CPFs, bare or formatted', () => {
    expect(isValidCpf('52998224725')).toBe(true);
    expect(isValidCpf('529.982.247-25')).toBe(true);
  });

  it('rejects wrong check digits, wrong lengths, letters and repeated digits', () => {
    expect(isValidCpf('52998224724')).toBe(false);
    expect(isValidCpf('52998224715')).toBe(false);
    expect(isValidCpf('5299822472')).toBe(false);
    expect(isValidCpf('529982247250')).toBe(false);
    expect(isValidCpf('5299822472A')).toBe(false);
    expect(isValidCpf('')).toBe(false);
    for (const digit of DIGITS) expect(isValidCpf(digit.repeat(11))).toBe(false);
  });

  it('accepts every generated CPF', () => {
    fc.assert(
      fc.property(cpfArb, (cpf) => {
        expect(isValidCpf(cpf)).toBe(true);
        expect(isValidCpf(formatCpf(cpf))).toBe(true);
      }),
    );
  });

  it('rejects a generated CPF once one check digit changes', () => {
    const arb = fc
      .tuple(cpfArb, fc.constantFrom(9, 10))
      .chain(([cpf, index]) =>
        otherDigitArb(cpf[index]).map((digit) => replaceCharAt(cpf, index, digit)),
      );
    fc.assert(
      fc.property(arb, (tampered) => {
        expect(isValidCpf(tampered)).toBe(false);
      }),
    );
  });
});

describe('isValidCnpj', () => {
  it('accepts the numeric and the alphanumeric (July 2026) CNPJ', () => {
    expect(isValidCnpj('11.222.333/0001-81')).toBe(true);
    expect(isValidCnpj('11222333000181')).toBe(true);
    // Receita Federal's published alphanumeric example.
    expect(isValidCnpj('12.ABC.345/01DE-35')).toBe(true);
    expect(isValidCnpj('12ABC34501DE35')).toBe(true);
    expect(isValidCnpj('12.abc.345/01de-35')).toBe(true);
  });

  it('rejects wrong check digits, lettered check digits, wrong lengths and repetitions', () => {
    expect(isValidCnpj('11222333000182')).toBe(false);
    expect(isValidCnpj('12ABC34501DE36')).toBe(false);
    expect(isValidCnpj('12ABC34501DE3A')).toBe(false);
    expect(isValidCnpj('1222333000181')).toBe(false);
    expect(isValidCnpj('12ABC34501DE350')).toBe(false);
    expect(isValidCnpj('12ABC34501D#35')).toBe(false);
    expect(isValidCnpj('')).toBe(false);
    for (const digit of DIGITS) expect(isValidCnpj(digit.repeat(14))).toBe(false);
  });

  it('accepts every generated CNPJ, numeric or alphanumeric', () => {
    fc.assert(
      fc.property(cnpjArb, (cnpj) => {
        expect(isValidCnpj(cnpj)).toBe(true);
        expect(isValidCnpj(formatCnpj(cnpj))).toBe(true);
        expect(isValidCnpj(cnpj.toLowerCase())).toBe(true);
      }),
    );
  });

  it('rejects a generated CNPJ once one check digit changes', () => {
    const arb = fc
      .tuple(cnpjArb, fc.constantFrom(12, 13))
      .chain(([cnpj, index]) =>
        otherDigitArb(cnpj[index]).map((digit) => replaceCharAt(cnpj, index, digit)),
      );
    fc.assert(
      fc.property(arb, (tampered) => {
        expect(isValidCnpj(tampered)).toBe(false);
      }),
    );
  });
});

describe('classifyDocument', () => {
  it('returns the kind and the normalized number of valid documents', () => {
    expect(classifyDocument('529.982.247-25')).toEqual({ tipo: 'cpf', numero: '52998224725' });
    expect(classifyDocument('11.222.333/0001-81')).toEqual({
      tipo: 'cnpj',
      numero: '11222333000181',
    });
    expect(classifyDocument('12.abc.345/01de-35')).toEqual({
      tipo: 'cnpj',
      numero: '12ABC34501DE35',
    });
  });

  it('returns null for anything invalid', () => {
    expect(classifyDocument('529.982.247-24')).toBeNull();
    expect(classifyDocument('111.111.111-11')).toBeNull();
    expect(classifyDocument('11222333000182')).toBeNull();
    expect(classifyDocument('abc')).toBeNull();
    expect(classifyDocument('')).toBeNull();
  });

  it('classifies every generated document by its length', () => {
    fc.assert(
      fc.property(fc.oneof(cpfArb, cnpjArb), (doc) => {
        const formatted = doc.length === 11 ? formatCpf(doc) : formatCnpj(doc);
        expect(classifyDocument(formatted)).toEqual({
          tipo: doc.length === 11 ? 'cpf' : 'cnpj',
          numero: doc,
        });
      }),
    );
  });
});

describe('maskDocument', () => {
  it('keeps only the leading characters and the check digits', () => {
    expect(maskDocument('52998224725')).toBe('529.***.***-25');
    expect(maskDocument('529.982.247-25')).toBe('529.***.***-25');
    expect(maskDocument('11222333000181')).toBe('11.***.***/****-81');
    expect(maskDocument('12.abc.345/01de-35')).toBe('12.***.***/****-35');
  });

  it('stars other lengths without revealing short values', () => {
    expect(maskDocument('1234567890')).toBe('123*****90');
    expect(maskDocument('abc')).toBe('***');
    expect(maskDocument('')).toBe('');
  });
});

describe('maskDocumentsInText', () => {
  it('masks formatted and bare CPFs', () => {
    expect(maskDocumentsInText('cpf 529.982.247-25 ok')).toBe('cpf 529.***.***-25 ok');
    expect(maskDocumentsInText('cpf=52998224725&x=1')).toBe('cpf=529.***.***-25&x=1');
    expect(maskDocumentsInText('"documento":"52998224725"')).toBe('"documento":"529.***.***-25"');
  });

  it('masks a CPF glued to a word and numeric look-alikes whatever their check digits', () => {
    expect(maskDocumentsInText('cpf52998224725')).toBe('cpf529.***.***-25');
    expect(maskDocumentsInText('tel 11987654321')).toBe('tel 119.***.***-21');
  });

  it('masks numeric and alphanumeric CNPJs', () => {
    expect(maskDocumentsInText('cnpj 11.222.333/0001-81.')).toBe('cnpj 11.***.***/****-81.');
    expect(maskDocumentsInText('cnpj 11222333000181')).toBe('cnpj 11.***.***/****-81');
    expect(maskDocumentsInText('cnpj 12.ABC.345/01DE-35')).toBe('cnpj 12.***.***/****-35');
    expect(maskDocumentsInText('cnpj 12ABC34501DE35')).toBe('cnpj 12.***.***/****-35');
    expect(maskDocumentsInText('cnpj=12abc34501de35')).toBe('cnpj=12.***.***/****-35');
    expect(maskDocumentsInText('?cnpj=11.222.333%2F0001-81')).toBe('?cnpj=11.***.***/****-81');
  });

  it('masks a formatted alphanumeric CNPJ even when its check digits are wrong', () => {
    expect(maskDocumentsInText('cnpj 12.ABC.345/01DE-36')).toBe('cnpj 12.***.***/****-36');
  });

  it('leaves bare alphanumeric words alone unless their check digits hold', () => {
    expect(maskDocumentsInText('code 12ABC34501DE36 end')).toBe('code 12ABC34501DE36 end');
    expect(maskDocumentsInText('id int_01jd5k2m3n4p5q6r7s8t9v0w1x')).toBe(
      'id int_01jd5k2m3n4p5q6r7s8t9v0w1x',
    );
  });

  it('matches digit runs only as whole runs', () => {
    for (const run of ['12345678901234567890', '123456789012', '1737000000000', '1234567890']) {
      expect(maskDocumentsInText(`n=${run};`)).toBe(`n=${run};`);
    }
  });

  it('returns short or digit-poor input unchanged', () => {
    expect(maskDocumentsInText('')).toBe('');
    expect(maskDocumentsInText('5299822472')).toBe('5299822472');
    expect(maskDocumentsInText('request completed in 1 ms')).toBe('request completed in 1 ms');
  });

  const separatorArb = fc.constantFrom(' ', ',', ';', '=', '"', ':', '\n', '(', ')', '&', '?');
  const embeddedDocArb = fc.oneof(cpfArb, cnpjArb).chain((doc) =>
    fc.record({
      doc: fc.constant(doc),
      written: fc.constantFrom(doc, doc.length === 11 ? formatCpf(doc) : formatCnpj(doc)),
      before: fc.string({ maxLength: 20 }),
      after: fc.string({ maxLength: 20 }),
      open: separatorArb,
      close: separatorArb,
    }),
  );

  it('never leaves a generated document readable in the text', () => {
    fc.assert(
      fc.property(embeddedDocArb, ({ doc, written, before, after, open, close }) => {
        const masked = maskDocumentsInText(`${before}${open}${written}${close}${after}`);
        expect(masked).not.toContain(written);
        expect(masked).not.toContain(doc);
        expect(masked).toContain(maskDocument(doc));
      }),
    );
  });

  it('masks every document of a text and is stable on its own output', () => {
    const textArb = fc
      .array(fc.tuple(fc.oneof(cpfArb, cnpjArb), fc.boolean(), separatorArb), { minLength: 1 })
      .map((parts) =>
        parts.map(([doc, formatted, separator]) => ({
          doc,
          written: formatted ? (doc.length === 11 ? formatCpf(doc) : formatCnpj(doc)) : doc,
          separator,
        })),
      );
    fc.assert(
      fc.property(textArb, (parts) => {
        const text = parts.map(({ written, separator }) => `${written}${separator}`).join('');
        const masked = maskDocumentsInText(text);
        for (const { doc } of parts) expect(masked).not.toContain(doc);
        expect(maskDocumentsInText(masked)).toBe(masked);
      }),
    );
  });

  it('leaves digit runs of any other length than 11 or 14 untouched', () => {
    const runArb = fc
      .stringMatching(/^\d{1,40}$/)
      .filter((run) => run.length !== 11 && run.length !== 14);
    fc.assert(
      fc.property(runArb, (run) => {
        expect(maskDocumentsInText(`valor ${run} fim`)).toBe(`valor ${run} fim`);
      }),
    );
  });
});
