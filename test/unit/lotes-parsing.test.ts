import { describe, expect, it } from 'vitest';
import { RequestError } from '../../src/domain/errors.js';
import { parseData, parseValorCentavos } from '../../src/use-cases/lotes/br-values.js';
import { parseLoteCsv } from '../../src/use-cases/lotes/parse-lote-csv.js';
import { testBackend } from '../support/test-database.js';

const HEADER =
  'credor,devedor_documento,devedor_nome,cep,logradouro,bairro,cidade,uf,contrato,valor,vencimento,natureza';

describe.runIf(testBackend() === 'sqlite')('lote values and CSV reading', () => {
  it.each([
    ['1.234,56', 123456],
    ['1234,56', 123456],
    ['1234.56', 123456],
    ['1,234.56', 123456],
    ['1.234.567,8', 123456780],
    ['R$ 15,00', 1500],
    ['12,5', 1250],
    ['1234', 123400],
    ['1.234', 123400],
    ['0,07', 7],
  ])('reads %s as %i centavos', (texto, centavos) => {
    expect(parseValorCentavos(texto)).toBe(centavos);
  });

  it.each(['abc', '1,2,3', '12,345', '1.23.4', '-10,00', '1e3', '10,001', ''])(
    'refuses %j as money',
    (texto) => {
      expect(parseValorCentavos(texto)).toBeNull();
    },
  );

  it('reads dd/mm/aaaa and aaaa-mm-dd, refusing dates that do not exist', () => {
    expect(parseData('05/01/2026')).toBe('2026-01-05');
    expect(parseData('5/1/2026')).toBe('2026-01-05');
    expect(parseData('2026-01-05')).toBe('2026-01-05');
    expect(parseData('29/02/2024')).toBe('2024-02-29');
    expect(parseData('29/02/2025')).toBeNull();
    expect(parseData('2026-13-01')).toBeNull();
    expect(parseData('01-05-2026')).toBeNull();
  });

  it('detects `,`, keeps quoted commas, trims, and decodes Windows-1252 when the bytes are not UTF-8', () => {
    const texto =
      `${HEADER}\r\n` +
      '62173620000180,00001209523, JOSÉ DA SILVA ,01001000,"RUA A, 10",CENTRO,SÃO PAULO,SP,C-1,"1.234,56",10/12/2025,TI\r\n' +
      ',,,,,,,,,,,\r\n';
    const csv = parseLoteCsv(Buffer.from(texto, 'latin1'), 10);
    expect(csv.delimitador).toBe(',');
    expect(csv.linhas).toHaveLength(1);
    expect(csv.linhas[0].dados).toMatchObject({
      devedor_nome: 'JOSÉ DA SILVA',
      logradouro: 'RUA A, 10',
      cidade: 'SÃO PAULO',
      valor: '1.234,56',
    });
    expect(parseLoteCsv(Buffer.from(texto, 'utf8'), 10).linhas[0].dados.cidade).toBe('SÃO PAULO');
  });

  it('refuses a header missing a column, naming it; counts rows against the limit', () => {
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error as RequestError;
      }
      throw new Error('not refused');
    };
    const semUf = refusal(() => parseLoteCsv(HEADER.replace(',uf', ''), 10));
    expect([semUf.status, semUf.codigo, semUf.campo]).toEqual([400, 'coluna_ausente', 'uf']);
    const linha = '62173620000180,00001209523,X,01001000,R,B,C,SP,C-1,10,10/12/2025,TI';
    expect(parseLoteCsv([HEADER, linha, linha].join('\n'), 2).linhas).toHaveLength(2);
    const grande = refusal(() => parseLoteCsv([HEADER, linha, linha, linha].join('\n'), 2));
    expect([grande.status, grande.codigo]).toEqual([413, 'lote_grande']);
    const aberta = refusal(() => parseLoteCsv(`${HEADER}\n"sem fim,${linha}`, 2));
    expect([aberta.status, aberta.codigo]).toEqual([400, 'csv_invalido']);
  });
});
