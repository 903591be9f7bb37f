import { CsvError, parse } from 'csv-parse/sync';
import { RequestError } from '../../domain/errors.js';
import { COLUNAS, COLUNAS_POR_NOME } from './lote-columns.js';

export interface CsvLido {
  delimitador: ';' | ',';
  colunas: string[];
  /** Data rows in order (row 1 first), column → trimmed text; `null` when the field count differs. */
  linhas: Array<{ dados: Record<string, string>; campos: number }>;
}

/**
 * Reads an uploaded CSV: UTF-8 (a BOM is dropped) or, when the bytes are not UTF-8, Windows-1252
 * (what Excel saves "CSV" as on Windows in Brazil); `;` or `,` as the header line uses; CRLF or
 * LF; cells trimmed; blank rows and rows of empty cells skipped. A body that is not a CSV, or
 * whose header misses a required column or has an unknown one, is a 400 naming it.
 */
export function parseLoteCsv(corpo: Buffer | string, maxLinhas: number): CsvLido {
  const texto = typeof corpo === 'string' ? corpo.replace(/^\uFEFF/, '') : decode(corpo);
  if (texto.includes('\u0000')) {
    throw new RequestError(
      400,
      'csv_invalido',
      'o arquivo nao e texto (uma planilha .xlsx?): exporte-o como CSV',
    );
  }
  const primeira = texto.split(/\r?\n/, 1)[0] ?? '';
  const delimitador = count(primeira, ';') > count(primeira, ',') ? ';' : ',';
  let registros: string[][];
  try {
    registros = parse(texto, {
      delimiter: delimitador,
      trim: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      relax_column_count: true,
      // One past the limit is enough to refuse the file.
      to: maxLinhas + 2,
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw new RequestError(400, 'csv_invalido', `CSV invalido: ${error.message}`);
  }
  if (registros.length === 0) {
    throw new RequestError(400, 'csv_invalido', 'o arquivo esta vazio: falta o cabecalho');
  }
  const colunas = registros[0].map((nome) => nome.toLowerCase());
  checkHeader(colunas);
  if (registros.length - 1 > maxLinhas) {
    throw new RequestError(
      413,
      'lote_grande',
      `um lote tem no maximo ${maxLinhas} linhas`,
      'linhas',
    );
  }
  const linhas = registros.slice(1).map((campos) => ({
    dados: Object.fromEntries(colunas.map((nome, i) => [nome, campos[i] ?? ''])),
    campos: campos.length,
  }));
  return { delimitador, colunas, linhas };
}

function checkHeader(colunas: string[]): void {
  const vistas = new Set<string>();
  for (const nome of colunas) {
    if (!COLUNAS_POR_NOME.has(nome)) {
      throw new RequestError(
        400,
        'coluna_desconhecida',
        `coluna "${nome}" desconhecida; as colunas sao: ${COLUNAS.map((c) => c.nome).join(', ')}`,
        nome,
      );
    }
    if (vistas.has(nome)) {
      throw new RequestError(400, 'coluna_repetida', `coluna "${nome}" repetida`, nome);
    }
    vistas.add(nome);
  }
  const faltando = COLUNAS.find((c) => c.obrigatoria && !vistas.has(c.nome));
  if (faltando) {
    throw new RequestError(
      400,
      'coluna_ausente',
      `o cabecalho nao tem a coluna obrigatoria "${faltando.nome}"`,
      faltando.nome,
    );
  }
}

function decode(bytes: Buffer): string {
  try {
    // The decoder drops a leading BOM.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
