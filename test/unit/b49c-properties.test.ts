import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeResponse,
  defaultLayouts,
  encodeRecord,
  encodeRequestText,
  LayoutError,
  toFlatMap,
  toStructured,
  type RecordLayout,
} from '../../src/providers/serasa-bureau/b49c/index.js';
import { buildResponse } from '../fixtures/serasa-bureau/build-responses.js';

const layouts = defaultLayouts();
const HEADER = buildResponse({ registros: [] }).slice(0, 400);
const printable = (max: number) =>
  fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    maxLength: max,
  });
const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });

/** Any valid value for every field of a layout. */
function layoutValues(layout: RecordLayout): fc.Arbitrary<Record<string, string>> {
  const fields: Record<string, fc.Arbitrary<string>> = {};
  for (const [i, id] of layout.ids.entries()) {
    if (i === 0) continue;
    const size = layout.ends[i] - layout.starts[i];
    fields[id] = layout.types[i] === 'N' ? digits(0, size) : printable(size);
  }
  return fc.record(fields);
}

function refusal(run: () => unknown): unknown {
  try {
    run();
    return undefined;
  } catch (error) {
    return error;
  }
}

const validEntrada: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    B49C_NUM_DOC: fc.oneof(digits(1, 15), fc.integer({ min: 0, max: 99_999_999_999 })),
    B49C_MODALIDADE: printable(2),
    FL_HABILITA_P002: fc.constantFrom(0, 1, '0', '1'),
    FL_HABILITA_P005: fc.constantFrom(0, 1),
    FL_HABILITA_P006: fc.constantFrom(0, 1),
    FL_HABILITA_B141: fc.constantFrom(0, 1),
    P006_FALENCIA: fc.constantFrom('S', 'N'),
    P006_PROTESTO: fc.constantFrom('S', 'N'),
    P005_CMC7: digits(30, 30),
    P005_VALOR_CH1: fc.integer({ min: 0, max: 999_999_999 }).map((centavos) => centavos / 100),
    P005_VENC_CH1: fc
      .date({
        min: new Date('1990-01-01T00:00:00Z'),
        max: new Date('2099-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString().slice(0, 10)),
    P005_TIPO_MOV: fc.constantFrom('I', 'B', 'E', 'C'),
    B141_QTDE_MESES_MONITORAMENTO: fc.integer({ min: 0, max: 99 }),
    B141_GRUPO_EMAIL: fc.string({ unit: fc.constantFrom(...'abcXYZ 09-çãéÍõÜñ'), maxLength: 50 }),
  })
  .map((entrada) => entrada);

describe('B49C codec properties', () => {
  it('any valid record round-trips through every layout', () => {
    const arbitrary = fc
      .constantFrom(...layouts.layouts.filter((layout) => layout.registro !== 'T999'))
      .chain((layout) => fc.tuple(fc.constant(layout), layoutValues(layout)));
    fc.assert(
      fc.property(arbitrary, ([layout, values]) => {
        if (layout.subtipo !== undefined) {
          const at = layout.ids.findIndex((_, i) => layout.starts[i] === layout.subtipoInicio);
          values[layout.ids[at]] = layout.subtipo;
        }
        const record = encodeRecord(layout, values);
        const decoded =
          layout.registro === 'B49C'
            ? decodeResponse(record).cabecalho
            : decodeResponse(HEADER + record + 'T999').registros[0];
        // A general layout whose random sub-type hit a specific one is read by that one instead.
        fc.pre(decoded.layout === layout);
        for (const [i, id] of layout.ids.entries()) {
          if (i === 0) continue;
          const size = layout.ends[i] - layout.starts[i];
          const sent =
            layout.types[i] === 'N' ? values[id].padStart(size, '0') : values[id].padEnd(size);
          expect(decoded.campos[i]).toBe(sent);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('any valid input map encodes to a request that decodes to the same values', () => {
    fc.assert(
      fc.property(validEntrada, (entrada) => {
        const request = encodeRequestText(entrada);
        const decoded = decodeResponse(request);
        expect(decoded.cabecalho.campo('B49C_NUM_DOC')).toBe(
          String(entrada.B49C_NUM_DOC).padStart(15, '0'),
        );
        expect(decoded.cabecalho.campo('B49C_MODALIDADE')).toBe(
          String(entrada.B49C_MODALIDADE).padEnd(2),
        );
        const enabled = ['P002', 'P005', 'P006', 'B141'].filter((registro) =>
          ['1', 1].includes(entrada[`FL_HABILITA_${registro}`] as string | number),
        );
        expect(decoded.registros.map((record) => record.registro)).toEqual(enabled);
        expect(request).toHaveLength(400 + 115 * (enabled.length + 1));
        const record = (registro: string) => decoded.registros.find((r) => r.registro === registro);
        const p005 = record('P005');
        if (p005 !== undefined) {
          const cmc7 = p005.bruto.slice(5, 35);
          expect(cmc7).toBe(entrada.P005_CMC7);
          expect(Number(p005.campo('P005_VALOR_CH1'))).toBe(
            Math.round((entrada.P005_VALOR_CH1 as number) * 100),
          );
          expect(p005.campo('P005_VENC_CH1')).toBe(
            String(entrada.P005_VENC_CH1).replaceAll('-', ''),
          );
          expect(p005.campo('P005_TIPO_MOV')).toBe(entrada.P005_TIPO_MOV);
        }
        expect(record('P006')?.campo('P006_FALENCIA') ?? entrada.P006_FALENCIA).toBe(
          entrada.P006_FALENCIA,
        );
        const b141 = record('B141');
        if (b141 !== undefined) {
          const ascii = String(entrada.B141_GRUPO_EMAIL)
            .normalize('NFKD')
            .replace(/[\u0300-\u036f]/g, '');
          expect(b141.campo('B141_GRUPO_EMAIL')).toBe(ascii.padEnd(50));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('any invalid input fails with a LayoutError naming the key, never another error', () => {
    const outsideAscii = fc.constantFrom('€', 'ø', 'ß', '🙂', '中', '\n', '\u0000', '\u2013');
    const mutations: fc.Arbitrary<[string, unknown]>[] = [
      digits(16, 20).map((v) => ['B49C_NUM_DOC', v]),
      fc
        .tuple(digits(0, 7), fc.constantFrom('.', '-', ' ', 'A', '/'), digits(0, 7))
        .map(([a, b, c]) => ['B49C_NUM_DOC', a + b + c]),
      fc
        .constantFrom('CPF', 'B49C_NUMDOC', 'FL_HABILITA_P009', 'P007_X', 'cpf')
        .map((key) => [key, '1']),
      printable(12)
        .filter((v) => v.length > 2)
        .map((v) => ['B49C_MODALIDADE', v]),
      outsideAscii.map((v) => ['B49C_MODALIDADE', v]),
      outsideAscii.map((v) => ['B141_GRUPO_EMAIL', `a${v}`]),
      fc.constantFrom(2, 9, -1, 1.5, 'x', '01x').map((v) => ['FL_HABILITA_P005', v]),
      fc.constantFrom('s', 'n', 'SIM', '', 'X').map((v) => ['P006_PROTESTO', v]),
      fc.constantFrom(10.001, -0.01, 'dez', 1e10).map((v) => ['P005_VALOR_CH1', v]),
      fc
        .constantFrom('20260230', '2026-13-01', '26-01-01', 'amanha', '20260101T')
        .map((v) => ['P005_VENC_CH1', v]),
      digits(1, 29).map((v) => ['P005_CMC7', v]),
      fc
        .constantFrom(
          'B49C_NUM_DOC',
          'FL_HABILITA_P002',
          'P005_VALOR_CH1',
          'P005_VENC_CH1',
          'B49C_LOGON',
        )
        .chain((key) =>
          fc
            .constantFrom<unknown>({}, [], Number.NaN, Number.POSITIVE_INFINITY)
            .map((v) => [key, v] as [string, unknown]),
        ),
    ];
    fc.assert(
      fc.property(validEntrada, fc.oneof(...mutations), (entrada, [key, value]) => {
        const error = refusal(() => encodeRequestText({ ...entrada, [key]: value }));
        expect(error).toBeInstanceOf(LayoutError);
        expect((error as LayoutError).field).toBe(key);
      }),
      { numRuns: 500 },
    );
  });

  it('decoding arbitrary bytes returns or throws a LayoutError; the outputs never throw', () => {
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 1500 }).map((bytes) => Buffer.from(bytes)),
      fc.string({ maxLength: 1500 }).map((tail) => HEADER + tail),
      fc
        .array(
          fc.constantFrom(
            'B001',
            'B358',
            'B370',
            'F900',
            'A900',
            'B900',
            'T999',
            'Z999',
            '\r\n',
            'CLC6',
            '1',
            '2',
            '0',
          ),
          { maxLength: 40 },
        )
        .chain((parts) => fc.tuple(fc.constant(parts), printable(200)))
        .map(([parts, filler]) => HEADER + parts.map((part) => part + filler).join('')),
    );
    fc.assert(
      fc.property(body, (input) => {
        const error = refusal(() => {
          const resposta = decodeResponse(input);
          toFlatMap(resposta);
          toFlatMap(resposta, { base: 0 });
          JSON.stringify(toStructured(resposta));
        });
        if (error !== undefined) expect(error).toBeInstanceOf(LayoutError);
      }),
      { numRuns: 300 },
    );
  });
});
