import { stringify } from 'csv-stringify/sync';
import type { Clock } from '../../infra/clock.js';
import { formatDataBr } from './br-values.js';
import { readAllLinhas } from './list-lote-linhas.js';
import { COLUNAS } from './lote-columns.js';
import type { Database } from '../../infra/db/connect-database.js';
import { localDate } from '../../domain/business-days.js';

// `;` as Excel in Portuguese expects, and a BOM so it reads the file as UTF-8. Decimal commas
// need no quoting with this delimiter.
const FORMATO = { delimiter: ';', bom: true, record_delimiter: 'windows' } as const;

/** The CSV template: every documented column and one row that passes the guard rails. */
export function loteTemplateCsv(clock: Clock): string {
  const hoje = new Date(`${localDate(clock.now())}T12:00:00Z`);
  // Overdue by a month: in the past, and far from the five-year limit.
  const vencimento = new Date(hoje.getTime() - 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  const exemplo: Record<string, string> = {
    credor: '62.173.620/0001-80',
    devedor_documento: '000.012.095-23',
    devedor_nome: 'CLIENTE TESTE ABCB',
    devedor_data_nascimento: '10/05/1980',
    cep: '01001-000',
    logradouro: 'RUA EXEMPLO',
    numero: '123',
    complemento: 'AP 1',
    bairro: 'CENTRO',
    cidade: 'SAO PAULO',
    uf: 'SP',
    contrato: 'CT-2026-001',
    valor: '1.234,56',
    vencimento: formatDataBr(vencimento),
    natureza: 'TI',
    faturas: 'FAT-991|FAT-992',
  };
  return stringify([COLUNAS.map((c) => c.nome), COLUNAS.map((c) => exemplo[c.nome])], FORMATO);
}

/** Every row with what it became: `linha;situacao;negativacao_id;status;erros`. */
export async function loteResultadoCsv(database: Database, loteId: string): Promise<string> {
  const linhas = await readAllLinhas(database, loteId);
  const registros = linhas.map((linha) => [
    linha.linha,
    linha.situacao,
    linha.negativacao_id ?? '',
    linha.negativacao_status ?? '',
    [
      ...linha.erros.map((erro) => (erro.campo ? `${erro.campo}: ` : '') + erro.mensagem),
      ...(linha.negativacao_status === 'rejeitada' && linha.negativacao_erro?.mensagem
        ? [linha.negativacao_erro.mensagem]
        : []),
    ].join(' | '),
  ]);
  return stringify(
    [['linha', 'situacao', 'negativacao_id', 'status', 'erros'], ...registros],
    FORMATO,
  );
}
