import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serasaExperian } from '../../src/providers/serasa-experian/index.js';
import {
  errorOf,
  inclusionBody,
  recusaConsulta,
  recusaPefin,
  reportQuery,
  toRelatorio,
} from '../../src/providers/serasa-experian/mapper.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/serasa-experian/${name}`, import.meta.url), 'utf8'));
const read = (name: string) =>
  serasaExperian.inbound!.read({
    method: 'POST',
    query: {},
    headers: {},
    body: Buffer.from(JSON.stringify(fixture(name))),
  });

const produto = {
  codigo: 'RELATORIO_AVANCADO_TOP_SCORE_PF_PME',
  nome: 'x',
  tipo_documento: 'cpf' as const,
  opcionais: ['SCORE_POSITIVO', 'RENDA_ESTIMADA_PF'],
  parametros: { SCORE: 'HRLD' },
  requer_uf: false,
};
const pedido = { documento: { tipo: 'cpf' as const, numero: '00001209523' }, produto };

describe('Serasa Experian mapper', () => {
  it('maps a PF report to credgate centavos and counts, ignoring unknown fields', () => {
    const relatorio = toRelatorio(
      fixture('relatorio-pf.json'),
      pedido,
      new Date('2026-01-05T12:00:00Z'),
    );
    expect(relatorio.identificacao).toMatchObject({
      nome: 'CLIENTE TESTE ABCB',
      data_nascimento: '2002-07-19',
      situacao_cadastral: 'REGULAR',
    });
    expect(relatorio.score).toEqual({
      valor: 900,
      modelo: 'HFIN',
      taxa_inadimplencia: '9,0',
      mensagem: null,
    });
    expect(relatorio.pendencias.pefin).toMatchObject({ quantidade: 1, valor_centavos: 15075 });
    expect(relatorio.pendencias.pefin.itens[0]).toMatchObject({
      natureza: 'CREDIARIO',
      credor: 'LOJAS MODELO LTDA',
      valor_centavos: 15075,
    });
    expect(relatorio.pendencias.refin).toEqual({ quantidade: 0, valor_centavos: 0, itens: [] });
    expect(relatorio.consultas.quantidade).toBe(5);
  });

  it('builds the query string: comma-joined features, Base64 reportParameters, no document', () => {
    const query = reportQuery(pedido);
    expect(query.get('reportName')).toBe(produto.codigo);
    expect(query.get('optionalFeatures')).toBe('SCORE_POSITIVO,RENDA_ESTIMADA_PF');
    expect(JSON.parse(Buffer.from(query.get('reportParameters')!, 'base64').toString())).toEqual({
      reportParameters: [{ name: 'SCORE', value: 'HRLD' }],
    });
    expect(query.toString()).not.toContain('00001209523');
  });

  it('maps the error catalogue to stable codes', () => {
    expect(errorOf(fixture('erro-404.json')).code).toBe('DOCUMENT_NOT_FOUND');
    const notFound = recusaConsulta(404, fixture('erro-404.json'), []);
    expect(notFound).toMatchObject({ codigo: 'documento_nao_encontrado', status_http: 404 });
    expect(notFound!.mensagem).toContain('4 a 6 meses');
    expect(recusaConsulta(412, fixture('erro-412-nao-autorizado.json'), [])).toMatchObject({
      codigo: 'produto_nao_autorizado',
      codigo_provedor: 'USER-NOT-AUTHORIZED',
    });
    expect(recusaConsulta(412, [{ message: '[ERROR][INVALID-REQUEST] doc' }], [])?.codigo).toBe(
      'requisicao_invalida',
    );
    expect(recusaConsulta(500, 'Internal Server Error', [])).toBeNull();
    expect(recusaPefin(400, fixture('erro-nao-participante.json'), [])).toMatchObject({
      codigo: 'credor_nao_participante',
      mensagem_provedor: 'RNXPIA   999 EMPRESA NAO PARTICIPANTE DO CONVENIO',
    });
  });

  it('builds the PEFIN inclusion body with the number inside addressLine and reais', () => {
    const body = inclusionBody(
      {
        credor: '62173620000180',
        devedor: {
          documento: { tipo: 'cpf', numero: '00001209523' },
          nome: 'FULANO',
          endereco: {
            cep: '01001000',
            logradouro: 'RUA X',
            numero: '12',
            complemento: null,
            bairro: 'CENTRO',
            cidade: 'SAO PAULO',
            uf: 'SP',
          },
        },
        contrato: 'CT-1',
        valor_centavos: 15075,
        vencimento: '2025-01-10',
        natureza: 'TI',
      },
      '0001',
    );
    expect(body).toMatchObject({ value: 150.75, debtType: 'PEFIN', contractNumber: 'CT-1' });
    expect(body.debtor.address).toEqual({
      zipCode: '01001000',
      addressLine: 'RUA X, 12',
      district: 'CENTRO',
      city: 'SAO PAULO',
      state: 'SP',
    });
  });

  it('reads the six webhook shapes from one URL: inclusion and exclusion, success and error', () => {
    const ok = read('webhook-inclusao-sucesso.json');
    expect(ok).toMatchObject({
      tipo: 'aceito',
      referencia: 'test-uuid-123',
      desfecho: {
        operacao: 'inclusao',
        sucesso: true,
        devedor: '00001209523',
        credor: '62173620000180',
        contrato: '295/00',
        chaves: { cadusKey: '008080948A', cadusSerie: '001' },
      },
    });
    expect(read('webhook-inclusao-erro.json')).toMatchObject({
      desfecho: {
        operacao: 'inclusao',
        sucesso: false,
        erro: { codigo: '400', mensagem: 'DADOS DO DEVEDOR INCONSISTENTES' },
      },
    });
    expect(read('webhook-exclusao-erro.json')).toMatchObject({
      desfecho: { operacao: 'exclusao', sucesso: false, contrato: 'CT-1', erro: { codigo: '422' } },
    });
  });

  it('keeps a JSON body without uuid (stored, matched to nothing) and refuses a non-object', () => {
    const noUuid = serasaExperian.inbound!.read({
      method: 'POST',
      query: {},
      headers: {},
      body: Buffer.from('{"x":1}'),
    });
    expect(noUuid).toEqual({ tipo: 'aceito', referencia: undefined, desfecho: undefined });
    const bad = serasaExperian.inbound!.read({
      method: 'POST',
      query: {},
      headers: {},
      body: Buffer.from('[1]'),
    });
    expect(bad.tipo).toBe('malformado');
  });
});
