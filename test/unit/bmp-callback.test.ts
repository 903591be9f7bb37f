import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bmp } from '../../src/providers/bmp/index.js';
import { bmpSettingsSchema } from '../../src/providers/bmp/config.js';
import { propostaOf } from '../../src/providers/bmp/read-callback.js';
import {
  regrasPropostas,
  SITUACOES_E_CONSIGNADO,
  SITUACOES_POR_PRODUTO,
} from '../../src/providers/bmp/situacoes.js';
import type { InboundReading } from '../../src/providers/contract.js';

const GUID = '3f2b8c1e-9d4a-4e7b-8f10-6a5c2d1e0b9a';

const fixture = (name: string): Buffer =>
  readFileSync(new URL(`../fixtures/bmp/${name}`, import.meta.url));

const read = (
  query: Record<string, string>,
  body: Buffer | string | null = null,
  method = 'POST',
): InboundReading =>
  bmp.inbound!.read({
    method,
    query,
    headers: {},
    body: typeof body === 'string' ? Buffer.from(body) : body,
  });

const update = (reading: InboundReading) => {
  if (reading.tipo !== 'aceito') throw new Error(`not accepted: ${reading.mensagem}`);
  return reading.situacaoProposta;
};

describe('BMP callback reading', () => {
  it('reads a GET callback from its query: proposal, status and our codigoOperacao', () => {
    const reading = read({ proposta: GUID, situacao: '2', identificador: 'OP-77' }, null, 'GET');
    expect(reading).toMatchObject({ tipo: 'aceito', referencia: GUID });
    expect(update(reading)).toEqual({ proposta: GUID, situacao: 2, identificador: 'OP-77' });
  });

  it('accepts the English parameter names and any case', () => {
    expect(update(read({ Proposal: GUID, STATUS: '08', identifier: 'OP-1' }))).toEqual({
      proposta: GUID,
      situacao: 8,
      identificador: 'OP-1',
    });
  });

  it('reads descricaoOcorrencia from the recorded 9 and 11 bodies', () => {
    expect(update(read({ proposta: GUID, situacao: '9' }, fixture('callback-paga.json')))).toEqual({
      proposta: GUID,
      situacao: 9,
      descricaoOcorrencia: '09-Crédito ou Débito efetivado',
      corpo: { descricaoOcorrencia: '09-Crédito ou Débito efetivado' },
    });
    expect(
      update(read({ proposta: GUID, situacao: '11' }, fixture('callback-pendente-pagamento.json')))
        ?.descricaoOcorrencia,
    ).toBe('AB-Conta de destistino não localizada ou inválida.');
  });

  it('tolerates the field in another case and extra fields, keeping the body as received', () => {
    const body = { DescricaoOcorrencia: 'AB-Conta invalida', novoCampo: { a: 1 } };
    expect(update(read({ proposta: GUID, situacao: '11' }, JSON.stringify(body)))).toEqual({
      proposta: GUID,
      situacao: 11,
      descricaoOcorrencia: 'AB-Conta invalida',
      corpo: body,
    });
  });

  it('keeps any other JSON body, and a body that is not JSON as text, instead of refusing', () => {
    expect(update(read({ proposta: GUID, situacao: '6' }, '[1,2]'))).toEqual({
      proposta: GUID,
      situacao: 6,
      corpo: [1, 2],
    });
    expect(update(read({ proposta: GUID, situacao: '6' }, 'situacao=6&ok'))).toEqual({
      proposta: GUID,
      situacao: 6,
      corpo: 'situacao=6&ok',
    });
  });

  it('refuses a callback without proposal or with a status that is not a number, naming the field', () => {
    expect(read({ situacao: '2' })).toEqual({
      tipo: 'malformado',
      mensagem: 'parametro ausente',
      campo: 'proposta',
    });
    expect(read({ proposta: GUID, situacao: 'Paga' })).toMatchObject({ campo: 'situacao' });
    expect(read({ proposta: GUID })).toMatchObject({ campo: 'situacao' });
    expect(read({ proposta: '  ', situacao: '2' })).toMatchObject({ campo: 'proposta' });
  });

  it('refuses a proposta longer than 100 characters, naming it', () => {
    expect(read({ proposta: 'p'.repeat(100), situacao: '2' })).toMatchObject({ tipo: 'aceito' });
    expect(read({ proposta: 'p'.repeat(101), situacao: '2' })).toEqual({
      tipo: 'malformado',
      mensagem: 'deve ter no maximo 100 caracteres',
      campo: 'proposta',
    });
    expect(propostaOf({ query: { proposta: 'p'.repeat(101) } })).toBeUndefined();
  });

  it('lower-cases a GUID, so both cases are one proposal with one dedup key; other ids stay', () => {
    const upper = read({ proposta: GUID.toUpperCase(), situacao: '9' }, '{"a":1}');
    const lower = read({ proposta: GUID, situacao: '9' }, '{"a":1}');
    expect(upper).toMatchObject({ tipo: 'aceito', referencia: GUID });
    expect(update(upper)?.proposta).toBe(GUID);
    expect(upper.tipo === 'aceito' && upper.dedupKey).toBe(
      lower.tipo === 'aceito' && lower.dedupKey,
    );
    expect(propostaOf({ query: { Proposal: ` ${GUID.toUpperCase()} ` } })).toBe(GUID);
    expect(update(read({ proposta: 'Proposta-ABC', situacao: '2' }))?.proposta).toBe(
      'Proposta-ABC',
    );
  });

  it('gives the same callback the same dedup key, and any other body another one', () => {
    const key = (situacao: string, body: string | null) => {
      const reading = read({ proposta: GUID, situacao }, body);
      return reading.tipo === 'aceito' ? reading.dedupKey : undefined;
    };
    const paga = '{"descricaoOcorrencia":"09-Credito ou Debito efetivado"}';
    expect(key('9', paga)).toMatch(/^[0-9a-f]{64}$/);
    expect(key('9', paga)).toBe(key('9', paga));
    expect(key('9', paga)).not.toBe(key('9', null));
    expect(key('9', paga)).not.toBe(key('11', paga));
    expect(key('2', null)).not.toBe(key('2', '{"descricaoOcorrencia":"outra"}'));
  });
});

describe('BMP proposal status table', () => {
  const tabela = bmp.propostas!(bmpSettingsSchema.parse({}));

  it('names each E-Consignado status and tells which need the partner', () => {
    expect(tabela.situacao(9)).toEqual({
      nome: 'Paga',
      ordem: 7,
      terminal: false,
      exigeAcao: false,
    });
    expect(tabela.situacao(11)).toMatchObject({ nome: 'Pendente Pagamento', exigeAcao: true });
    expect(tabela.situacao(5)).toMatchObject({ nome: 'Pendente', exigeAcao: true });
    expect(tabela.situacao(10)).toMatchObject({ nome: 'Cedida', terminal: true });
  });

  it('orders the lifecycle 2 < 5 < 6 < 8 < 11 < 4 < 9 < 10: 4 Cancelada ends it before payment', () => {
    const ordem = (id: number) => tabela.situacao(id)!.ordem;
    const lifecycle = [2, 5, 6, 8, 11, 4, 9, 10].map(ordem);
    expect(lifecycle).toEqual([...lifecycle].sort((a, b) => a - b));
    expect(new Set(lifecycle).size).toBe(lifecycle.length);
    expect(tabela.situacao(4)).toMatchObject({ nome: 'Cancelada', terminal: true });
  });

  it('knows no other status id, and no inherited property passes for one', () => {
    expect(tabela.situacao(42)).toBeUndefined();
    expect(tabela.situacao(0)).toBeUndefined();
    expect(
      Object.keys(SITUACOES_E_CONSIGNADO)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual([2, 4, 5, 6, 8, 9, 10, 11]);
  });

  it('is chosen by the integration setting `produto`, e_consignado by default', () => {
    const settings = (configuracoes: unknown) => bmpSettingsSchema.safeParse(configuracoes);
    expect(settings({}).data).toMatchObject({ produto: 'e_consignado' });
    for (const produto of ['e_consignado', 'fgts', 'caas'] as const) {
      const regras = bmp.propostas!(settings({ produto }).data);
      expect(regras, produto).toBe(regrasPropostas(produto));
      expect(regras.situacao(4), produto).toBe(SITUACOES_POR_PRODUTO[produto][4]);
    }
    const refused = settings({ produto: 'consignado' });
    expect(refused.success).toBe(false);
    expect(refused.error!.issues[0]).toMatchObject({
      path: ['produto'],
      message: 'deve ser e_consignado, fgts ou caas',
    });
  });
});
