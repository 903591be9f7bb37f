import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_LAYOUT_DIR,
  decodeResponse,
  defaultLayouts,
  encodeRecord,
  LayoutError,
  loadLayouts,
  type RecordLayout,
} from '../../src/providers/serasa-bureau/b49c/index.js';
import { buildResponse } from '../fixtures/serasa-bureau/build-responses.js';

const pastas: string[] = [];
afterAll(() => {
  for (const pasta of pastas) rmSync(pasta, { recursive: true, force: true });
});

/** A copy of the shipped layouts with one file replaced (or added, or removed with null). */
function layoutsWith(name: string, xml: string | null): string {
  const pasta = mkdtempSync(join(tmpdir(), 'credgate-b49c-layouts-'));
  pastas.push(pasta);
  for (const file of readdirSync(DEFAULT_LAYOUT_DIR)) {
    copyFileSync(join(DEFAULT_LAYOUT_DIR, file), join(pasta, file));
  }
  if (xml === null) rmSync(join(pasta, name));
  else writeFileSync(join(pasta, name), xml, 'latin1');
  return pasta;
}

function recordXml(fields: string, attributes = ''): string {
  return `<?xml version="1.0" encoding="ISO-8859-1"?>\n<serasa-bureau${attributes}>${fields}</serasa-bureau>`;
}
const field = (id: string, size: number, type = 'S', value = ' ', extra = '') =>
  `<field><id>${id}</id><value>${value}</value><size>${size}</size><type>${type}</type>${extra}</field>`;

function layoutError(run: () => unknown): LayoutError {
  try {
    run();
  } catch (error) {
    if (error instanceof LayoutError) return error;
    throw error;
  }
  throw new Error('expected a LayoutError');
}

/** A value for every field that differs from its default and fills the field. */
function sampleValues(layout: RecordLayout): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [i, id] of layout.ids.entries()) {
    if (i === 0) continue;
    const size = layout.ends[i] - layout.starts[i];
    values[id] =
      layout.types[i] === 'N'
        ? String((i * 7 + size) % 10).repeat(size)
        : `${id.slice(5)}${i}`.slice(0, size).padStart(Math.min(size, 2), 'X');
  }
  if (layout.subtipo !== undefined) {
    const at = layout.ids.findIndex((_, i) => layout.starts[i] === layout.subtipoInicio);
    values[layout.ids[at]] = layout.subtipo;
  }
  return values;
}

describe('B49C layouts as data', () => {
  const layouts = defaultLayouts();

  it('ships the seed files and every response record of the research, each the right size', () => {
    const files = layouts.layouts.map((layout) => layout.file);
    for (const file of [
      'layout_p002.xml',
      'layout_p005.xml',
      'layout_p006.xml',
      'layoutPF_b49c.xml',
    ]) {
      expect(files).toContain(file);
    }
    const registros = new Set(layouts.layouts.map((layout) => layout.registro));
    for (const registro of [
      'B001',
      'B002',
      'B003',
      'B004',
      'B005',
      'B006',
      'B012',
      'B013',
      'B231',
      'B232',
      'B233',
      'B234',
      'B280',
      'B352',
      'B353',
      'B354',
      'B355',
      'B356',
      'B357',
      'B358',
      'B359',
      'B360',
      'B361',
      'B362',
      'B363',
      'B364',
      'B365',
      'B366',
      'B367',
      'B368',
      'B369',
      'B370',
      'B373',
      'B381',
      'B389',
      'F900',
      'A900',
      'B900',
      'B901',
      'T999',
    ]) {
      expect(registros, registro).toContain(registro);
    }
    for (const layout of layouts.layouts) {
      const size = layout.ends[layout.ends.length - 1];
      expect(size, layout.file).toBe(layout.registro === 'B49C' ? 400 : 115);
    }
    expect(layouts.opcoes.map((layout) => layout.registro)).toEqual([
      'P002',
      'P005',
      'P006',
      'B141',
    ]);
  });

  it('dispatches sub-types: B369/B370 by position 5, F900 by feature code, B357 at 86', () => {
    const familia = (registro: string) =>
      [...layouts.familias.values()].find((family) => family.registro === registro)!;
    expect([...familia('B370').porSubtipo.keys()].sort()).toEqual(['1', '2']);
    expect(familia('B369').subtipoInicio).toBe(4);
    expect(familia('F900')).toMatchObject({ subtipoInicio: 4, subtipoTamanho: 4 });
    expect(familia('F900').porSubtipo.has('CLC6')).toBe(true);
    expect(familia('F900').geral?.file).toBe('saida_f900.xml');
    expect(familia('B357')).toMatchObject({ subtipoInicio: 85, subtipoTamanho: 2 });
    expect(familia('B358')).toMatchObject({ subtipoInicio: 4, subtipoTamanho: 2 });
  });

  it('round-trips every shipped layout: encoded values decode to the same field texts', () => {
    for (const layout of layouts.layouts) {
      const values = sampleValues(layout);
      const record = encodeRecord(layout, values);
      expect(record.length, layout.file).toBe(layout.tamanho);
      const decoded =
        layout.registro === 'B49C'
          ? decodeResponse(record + 'T999').cabecalho
          : decodeResponse(buildResponse({ registros: [] }).slice(0, 400) + record).registros[0];
      if (layout.registro === 'T999') continue; // the trailer is read as the trailer, below
      expect(decoded.layout, layout.file).toBe(layout);
      for (const [i, id] of layout.ids.entries()) {
        if (i === 0) continue;
        const size = layout.ends[i] - layout.starts[i];
        const expected =
          layout.types[i] === 'N' ? values[id].padStart(size, '0') : values[id].padEnd(size, ' ');
        expect(decoded.campos[i], `${layout.file} ${id}`).toBe(expected);
      }
    }
    const trailer = decodeResponse(buildResponse({ registros: [] })).trailer;
    expect(trailer).toMatchObject({ codigo: '000', mensagem: 'PROCESSO ENCERRADO NORMALMENTE' });
  });

  it('reads Serasa-style files as they are: any root name, comments inside fields, latin1', () => {
    const p002 = layouts.layouts.find((layout) => layout.registro === 'P002')!;
    expect(readFileSync(join(DEFAULT_LAYOUT_DIR, p002.file), 'latin1')).toContain(
      '<serasa-relato>',
    );
    expect(p002.defaults.slice(1, 4)).toEqual(['BPCP', ' ', 'CLC6']);
    const header = layouts.cabecalho;
    expect(header.ids).toContain('B49C_CHEQUE');
    expect(header.ids.filter((id) => id === 'B49C_RES4')).toHaveLength(1);
  });

  it('refuses a layout whose sizes do not add up, naming file and record', () => {
    const pasta = layoutsWith(
      'saida_b999.xml',
      recordXml(field('B999_REGISTRO', 4, 'S', 'B999') + field('B999_X', 110)),
    );
    const error = layoutError(() => loadLayouts(pasta));
    expect(error).toMatchObject({ file: 'saida_b999.xml', field: 'B999' });
    expect(error.message).toBe(
      'saida_b999.xml: B999: os tamanhos somam 114 bytes; o registro B999 tem 115',
    );
  });

  it('refuses repeated ids, unknown types and formats, defaults that do not fit', () => {
    const cases: Array<[string, string, string]> = [
      [field('B999_X', 55) + field('B999_X', 56), 'B999_X', 'id repetido no layout'],
      [field('B999_X', 111, 'X'), 'B999_X', 'tipo desconhecido em <type>; use S ou N'],
      [
        field('B999_X', 111, 'N', 'ABC'),
        'B999_X',
        '<value> de um campo N deve ter so digitos (ou branco)',
      ],
      [
        field('B999_X', 2, 'S', 'ABC') + field('B999_Y', 109),
        'B999_X',
        '<value> tem 3 caracteres; o campo tem 2',
      ],
      [
        field('B999_X', 111, 'N', ' ', '<format>dd/MM/yyyy</format>'),
        'B999_X',
        '<format> desconhecido',
      ],
      [field('B999_X', 0) + field('B999_Y', 111), 'B999_X', '<size> deve ser um inteiro positivo'],
    ];
    for (const [fields, campo, motivo] of cases) {
      const pasta = layoutsWith(
        'saida_b999.xml',
        recordXml(field('B999_REGISTRO', 4, 'S', 'B999') + fields),
      );
      const error = layoutError(() => loadLayouts(pasta));
      expect(error.file, motivo).toBe('saida_b999.xml');
      expect(error.field, motivo).toBe(campo);
      expect(error.reason, motivo).toContain(motivo);
    }
  });

  it('refuses the seed B49C file with its repeated B49C_RES4, and malformed XML', () => {
    const seed = readFileSync(join(DEFAULT_LAYOUT_DIR, 'layoutPF_b49c.xml'), 'latin1').replace(
      '<id>B49C_CHEQUE</id>',
      '<id>B49C_RES4</id>',
    );
    expect(layoutError(() => loadLayouts(layoutsWith('layoutPF_b49c.xml', seed)))).toMatchObject({
      file: 'layoutPF_b49c.xml',
      field: 'B49C_RES4',
      reason: 'id repetido no layout',
    });
    const broken = layoutError(() =>
      loadLayouts(layoutsWith('saida_b999.xml', '<serasa-bureau><field>')),
    );
    expect(broken).toMatchObject({ file: 'saida_b999.xml', field: 'XML' });
    expect(layoutError(() => loadLayouts(layoutsWith('layoutPF_b49c.xml', null)))).toMatchObject({
      field: 'B49C',
    });
  });

  it('refuses entrada.xml keys with an unknown type or campos outside the request layouts', () => {
    const entrada = readFileSync(join(DEFAULT_LAYOUT_DIR, 'entrada.xml'), 'utf8');
    const tipo = entrada.replace('type="Double"', 'type="Float"');
    expect(layoutError(() => loadLayouts(layoutsWith('entrada.xml', tipo)))).toMatchObject({
      file: 'entrada.xml',
      field: 'P005_VALOR_CH1',
    });
    const campos = entrada.replace('P005_CONTA_DESTRINCHADO', 'P005_CONTA_INEXISTENTE');
    expect(layoutError(() => loadLayouts(layoutsWith('entrada.xml', campos)))).toMatchObject({
      field: 'P005_CMC7',
      reason: 'campos: P005_CONTA_INEXISTENTE nao existe nos layouts de pedido',
    });
  });

  it('takes a new record type dropped into the folder, with no code change', () => {
    const pasta = layoutsWith(
      'saida_b999.xml',
      recordXml(
        field('B999_REGISTRO', 4, 'S', 'B999') +
          field('B999_NOME', 20) +
          field('B999_QTD', 3, 'N') +
          field('B999_RES1', 88),
        ' counter="B999_NUMREGISTROS"',
      ),
    );
    const layouts = loadLayouts(pasta);
    const b999 = layouts.layouts.find((layout) => layout.registro === 'B999')!;
    const text =
      buildResponse({ registros: [] }).slice(0, 400) +
      encodeRecord(b999, { B999_NOME: 'NOVO', B999_QTD: '7' }) +
      'T999000';
    const decoded = decodeResponse(text, layouts);
    expect(decoded.registros[0].campo('B999_QTD')).toBe('007');
    expect(decoded.trailer?.codigo).toBe('000');
  });
});
