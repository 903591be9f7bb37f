import { describe, expect, it } from 'vitest';
import {
  decodeResponse,
  encodeRequest,
  encodeRequestText,
  LayoutError,
  type Entrada,
} from '../../src/providers/serasa-bureau/b49c/index.js';

const CPF = '00000000191';

function refused(entrada: unknown): LayoutError {
  try {
    encodeRequestText(entrada as Entrada);
  } catch (error) {
    if (error instanceof LayoutError) return error;
    throw error;
  }
  throw new Error('expected a LayoutError');
}

/** Splits a request into its records: the 400-byte header, then 115-byte records. */
function records(request: string): string[] {
  const out = [request.slice(0, 400)];
  for (let at = 400; at < request.length; at += 115) out.push(request.slice(at, at + 115));
  return out;
}

describe('B49C request encoding', () => {
  it('puts B49C_NUM_DOC "00000000191" at positions 11-25, zero-filled, in a 400-byte header', () => {
    const request = encodeRequestText({ B49C_NUM_DOC: CPF });
    const [header] = records(request);
    expect(header).toHaveLength(400);
    expect(header.slice(0, 4)).toBe('B49C');
    expect(header.slice(10, 25)).toBe('000000000000191');
    expect(header.slice(25, 26)).toBe('F');
    expect(header.slice(57, 60)).toBe('INI');
    // Layout defaults from the seed: BASE_CONS C, MODALIDADE FI, QTD_REG 99, CONVERSA S.
    expect(header.slice(26, 34)).toBe('C     FI');
    expect(header.slice(54, 57)).toBe('99S');
  });

  it('sends B49C + P006 + T999 by default; the flags switch P002, P005, B141 on and P006 off', () => {
    const tipos = (entrada: Entrada) =>
      records(encodeRequestText(entrada)).map((r) => r.slice(0, 4));
    expect(tipos({ B49C_NUM_DOC: CPF })).toEqual(['B49C', 'P006', 'T999']);
    expect(tipos({ B49C_NUM_DOC: CPF, FL_HABILITA_P002: 1, FL_HABILITA_B141: '1' })).toEqual([
      'B49C',
      'P002',
      'P006',
      'B141',
      'T999',
    ]);
    expect(tipos({ B49C_NUM_DOC: CPF, FL_HABILITA_P006: 0 })).toEqual(['B49C', 'T999']);
    const request = encodeRequestText({ B49C_NUM_DOC: CPF });
    expect(request).toHaveLength(400 + 115 + 115);
    expect(request.slice(-115)).toBe('T999'.padEnd(115, ' '));
  });

  it('fills P006 from its layout defaults and the S/N answers given', () => {
    const [, p006] = records(
      encodeRequestText({ B49C_NUM_DOC: CPF, P006_FALENCIA: 'S', P006_CONSULTAS: 'N' }),
    );
    expect(p006.slice(0, 27)).toBe('P006SNSNS9999SSSSSSSS NNNSN');
    expect(p006.slice(27)).toBe(' '.repeat(88));
  });

  it('builds P005 from the CMC7, the value in centavos, the due date and the movement', () => {
    const request = encodeRequestText({
      B49C_NUM_DOC: CPF,
      FL_HABILITA_P005: 1,
      P005_CMC7: '<23712345<0180000015>870000000019:',
      P005_VALOR_CH1: 1234.5,
      P005_VENC_CH1: '2026-02-28',
      P005_TIPO_MOV: 'C',
    });
    const p005 = records(request)[1];
    expect(p005.slice(0, 5)).toBe('P005S');
    expect(p005.slice(5, 35)).toBe('237123450180000015870000000019');
    expect(p005.slice(35, 47)).toBe('000000123450');
    expect(p005.slice(47, 55)).toBe('20260228');
    expect(p005.slice(55, 56)).toBe('C');
    const decoded = decodeResponse(request).registros[0];
    expect(decoded.campo('P005_CONTA_DESTRINCHADO')).toBe('7000000001');
    expect(decoded.campo('P005_NUM_CH_DESTRINCHADO')).toBe('000001');
  });

  it('takes layout fields by id as raw text (B49C_LOGON, P002 feature codes)', () => {
    const request = encodeRequestText({
      B49C_NUM_DOC: CPF,
      B49C_LOGON: '12345678',
      FL_HABILITA_P002: 1,
      P002_COD1: 'RSHM',
      P002_CHAVE1: 'HSPN',
      P002_COD2: '',
    });
    const [header, p002] = records(request);
    expect(header.slice(131, 139)).toBe('12345678');
    expect(p002.slice(0, 33)).toBe('P002RSHMHSPN' + ' '.repeat(17) + '    ');
  });

  it('transliterates accents and writes ISO-8859-1 bytes', () => {
    const request = encodeRequest({
      B49C_NUM_DOC: CPF,
      FL_HABILITA_B141: 1,
      B141_GRUPO_EMAIL: 'Cobrança São João',
    });
    expect(request).toBeInstanceOf(Buffer);
    expect(request.length).toBe(400 + 115 * 3);
    expect(request.toString('latin1')).toContain('Cobranca Sao Joao');
    expect([...request].every((byte) => byte >= 0x20 && byte <= 0x7e)).toBe(true);
  });

  it('refuses values that do not fit, naming the field and never echoing the value', () => {
    const cases: Array<[Entrada, string, string]> = [
      [{ B49C_NUM_DOC: '1234567890123456' }, 'B49C_NUM_DOC', 'tem 16 digitos; o campo tem 15'],
      [{ B49C_NUM_DOC: '000.000.001-91' }, 'B49C_NUM_DOC', 'campo N aceita so digitos'],
      [
        { B49C_NUM_DOC: CPF, B49C_MODALIDADE: 'FIN' },
        'B49C_MODALIDADE',
        'tem 3 caracteres; o campo tem 2',
      ],
      [{ B49C_NUM_DOC: CPF, B49C_LOGON: 'usuário€' }, 'B49C_LOGON', 'caractere fora do ASCII'],
      [{ B49C_NUM_DOC: CPF, B49C_LOGON: 'a\nb' }, 'B49C_LOGON', 'caractere fora do ASCII'],
      [{ B49C_NUM_DOC: CPF, P006_FALENCIA: 's' }, 'P006_FALENCIA', 'valor fora do aceito (S, N)'],
      [
        { B49C_NUM_DOC: CPF, FL_HABILITA_P005: 2 },
        'FL_HABILITA_P005',
        'valor fora do aceito (0, 1)',
      ],
      [{ B49C_NUM_DOC: CPF, FL_HABILITA_P002: 'sim' }, 'FL_HABILITA_P002', 'inteiro nao negativo'],
      [{ B49C_NUM_DOC: CPF, P005_VALOR_CH1: 10.005 }, 'P005_VALOR_CH1', 'mais de 2 casas decimais'],
      [{ B49C_NUM_DOC: CPF, P005_VALOR_CH1: -1 }, 'P005_VALOR_CH1', 'numero nao negativo'],
      [
        { B49C_NUM_DOC: CPF, P005_VALOR_CH1: 1e10 },
        'P005_VALOR_CH1',
        'tem 13 digitos; o campo tem 12',
      ],
      [{ B49C_NUM_DOC: CPF, P005_VENC_CH1: '20260230' }, 'P005_VENC_CH1', 'data invalida'],
      [{ B49C_NUM_DOC: CPF, P005_CMC7: '1234' }, 'P005_CMC7', 'deve ter 30 digitos'],
      [{ B49C_NUM_DOC: { cpf: CPF } }, 'B49C_NUM_DOC', 'deve ser texto (String)'],
      [{ B49C_NUM_DOC: CPF, CPF_DO_CLIENTE: CPF }, 'CPF_DO_CLIENTE', 'chave desconhecida'],
      [{ B49C_MODALIDADE: 'FI' }, 'B49C_NUM_DOC', 'chave obrigatoria'],
      [
        { B49C_NUM_DOC: CPF, FL_HABILITA_P005: 1 },
        'P005_CMC7',
        'chave obrigatoria com FL_HABILITA_P005 = 1',
      ],
      [[CPF] as unknown as Entrada, 'entrada', 'deve ser um objeto'],
    ];
    for (const [entrada, campo, motivo] of cases) {
      const error = refused(entrada);
      expect(error.field, motivo).toBe(campo);
      expect(error.reason, campo).toContain(motivo);
      expect(error.message).not.toContain('0000000019');
    }
  });

  it('checks values of an option left off too, and accepts Date objects and numbers as digits', () => {
    expect(refused({ B49C_NUM_DOC: CPF, P005_TIPO_MOV: 'X' }).field).toBe('P005_TIPO_MOV');
    const request = encodeRequestText({
      B49C_NUM_DOC: 191,
      FL_HABILITA_P005: true,
      P005_CMC7: '237123450180000015870000000019',
      P005_VALOR_CH1: '99,90',
      P005_VENC_CH1: new Date('2026-03-01T00:00:00Z'),
      P005_TIPO_MOV: 'I',
    });
    expect(request.slice(10, 25)).toBe('000000000000191');
    expect(request.slice(400 + 35, 400 + 56)).toBe('00000000999020260301I');
  });
});
