import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/infra/clock.js';
import {
  divida,
  fixture,
  openClient,
  pedidoPf,
  produtoPf,
  startStub,
  type Answer,
  type StubSerasa,
} from '../fixtures/serasa-experian/stub-serasa.js';

// The operations on the wire: credit reports (path, query, headers, refusals, product probes)
// and PEFIN inclusion and removal, against a stub Serasa.

describe('Serasa Experian client: reports and PEFIN on the wire', () => {
  let stub: StubSerasa;
  let clock: ManualClock;

  beforeEach(async () => {
    stub = await startStub();
    clock = new ManualClock('2026-01-05T12:00:00Z');
  });
  afterEach(async () => {
    await stub.app.close();
  });

  const open = (settings: Record<string, unknown> = {}) => openClient(stub, clock, settings);

  it('sends a report request with the document only in X-Document-Id', async () => {
    stub.state.answer = async () => ({ status: 200, body: fixture('relatorio-pf.json') });
    const client = open({ documento_varejista: '11222333000181', centro_custo: '123' });
    const result = await client.consultar!({ ...pedidoPf, uf: 'SP' });
    expect(result).toMatchObject({
      tipo: 'concluida',
      relatorio: { identificacao: { nome: 'CLIENTE TESTE ABCB' }, score: { valor: 900 } },
    });
    const [call] = stub.state.calls;
    expect(call.method).toBe('GET');
    expect(call.path).toBe('/credit-services/person-information-report/v1/creditreport');
    expect(call.url).not.toContain('00001209523');
    expect([...call.query.keys()]).toEqual([
      'reportName',
      'optionalFeatures',
      'reportParameters',
      'federalUnit',
    ]);
    expect(call.query.get('reportName')).toBe('RELATORIO_AVANCADO_TOP_SCORE_PF_PME');
    expect(call.query.get('optionalFeatures')).toBe('SCORE_POSITIVO,RENDA_ESTIMADA_PF');
    expect(
      JSON.parse(Buffer.from(call.query.get('reportParameters')!, 'base64').toString()),
    ).toEqual({
      reportParameters: [{ name: 'SCORE', value: 'HRLD' }],
    });
    expect(call.query.get('federalUnit')).toBe('SP');
    expect(call.headers).toMatchObject({
      authorization: 'Bearer tok-1',
      'x-document-id': '00001209523',
      'x-retailer-document-id': '11222333000181',
      'x-cost-center': '123',
      accept: 'application/json',
    });
    expect(call.headers).not.toHaveProperty('content-type');
  });

  it('sends a PJ report to the business path, without empty optional parameters', async () => {
    stub.state.answer = async () => ({ status: 200, body: fixture('relatorio-pj.json') });
    const result = await open().consultar!({
      documento: { tipo: 'cnpj', numero: '50638274000189' },
      produto: {
        ...produtoPf,
        codigo: 'RELATORIO_BASICO_PJ_PME',
        tipo_documento: 'cnpj',
        opcionais: [],
        parametros: {},
      },
    });
    expect(result).toMatchObject({ tipo: 'concluida', relatorio: { tipo_documento: 'cnpj' } });
    const [call] = stub.state.calls;
    expect(call.path).toBe('/credit-services/business-information-report/v1/reports');
    expect(call.url).toBe(
      '/credit-services/business-information-report/v1/reports?reportName=RELATORIO_BASICO_PJ_PME',
    );
    expect(call.headers['x-document-id']).toBe('50638274000189');
    expect(call.headers).not.toHaveProperty('x-retailer-document-id');
  });

  it('turns report errors into refusals with stable codes', async () => {
    const client = open();
    const cases: Array<[number, string, string]> = [
      [404, 'erro-404.json', 'documento_nao_encontrado'],
      [412, 'erro-412-nao-autorizado.json', 'produto_nao_autorizado'],
      [412, 'erro-412-documento.json', 'requisicao_invalida'],
    ];
    for (const [status, name, codigo] of cases) {
      stub.state.answer = async () => ({ status, body: fixture(name) });
      const result = await client.consultar!(pedidoPf);
      expect(result).toMatchObject({ tipo: 'recusada', codigo });
      expect(result.trocas.at(-1)!.resposta).toEqual({ status, corpo: fixture(name) });
    }
  });

  it('probes products: 200 or 404 contracted, 412 not, anything else undetermined', async () => {
    const client = open();
    const probe = async (answer: Answer) => {
      stub.state.answer = async () => answer;
      return client.sondarProduto!(produtoPf);
    };
    expect(await probe({ status: 200, body: fixture('relatorio-pf.json') })).toBe('contratado');
    expect(await probe({ status: 404, body: fixture('erro-404.json') })).toBe('contratado');
    expect(await probe({ status: 412, body: fixture('erro-412-nao-autorizado.json') })).toBe(
      'nao_contratado',
    );
    expect(await probe({ status: 412, body: fixture('erro-412-features.json') })).toBe(
      'nao_contratado',
    );
    expect(await probe({ status: 412, body: fixture('erro-412-documento.json') })).toBe(
      'indeterminado',
    );
    expect(await probe({ status: 500, body: 'Internal Server Error' })).toBe('indeterminado');
    // The probe uses a homologation document, in the header like any report.
    expect(stub.state.calls.every((c) => c.headers['x-document-id'] === '00001209523')).toBe(true);
  });

  it('sends the PEFIN inclusion body and returns the transactionId to wait for', async () => {
    const result = await open().incluir!(divida);
    expect(result).toMatchObject({
      tipo: 'aceita',
      referencia: 'f1d11b18-b459-4f11-97a8-8143a6c392e4',
    });
    const [call] = stub.state.calls;
    expect([call.method, call.path]).toEqual(['POST', '/collection/debt/']);
    expect(call.headers['content-type']).toBe('application/json');
    expect(call.body).toEqual({
      value: 150.75,
      areaInformante: '0001',
      dueDate: '2025-01-10',
      categoryId: 'TI',
      debtor: {
        documentNumber: '00001209523',
        name: 'CLIENTE TESTE ABCB',
        address: {
          zipCode: '01001000',
          addressLine: 'RUA EXEMPLO, 123',
          district: 'CENTRO',
          city: 'SAO PAULO',
          state: 'SP',
        },
      },
      creditor: { documentNumber: '62173620000180' },
      contractNumber: 'CT-000123/01',
      debtType: 'PEFIN',
    });
  });

  it('returns synchronous PEFIN refusals as data', async () => {
    stub.state.answer = async () => ({ status: 400, body: fixture('erro-nao-participante.json') });
    expect(await open().incluir!(divida)).toMatchObject({
      tipo: 'recusada',
      codigo: 'credor_nao_participante',
      status_http: 422,
      mensagem_provedor: 'RNXPIA   999 EMPRESA NAO PARTICIPANTE DO CONVENIO',
    });
  });

  it('removes by CADUS key or by contract with bodiless DELETEs and header parameters', async () => {
    const client = open();
    const base = {
      credor: '62173620000180',
      devedor: '00001209523',
      contrato: 'CT-000123/01',
      referencia_inclusao: null,
    };
    await client.remover!({ ...base, motivo: '01', chaves: { cadusKey: '008080948A' } });
    await client.remover!({ ...base, motivo: '11', chaves: {} });
    const [byKey, byContract] = stub.state.calls;
    expect([byKey.method, byKey.path]).toEqual(['DELETE', '/collection/debt/cadus/008080948A']);
    expect(byKey.headers).toMatchObject({
      'creditor-document': '62173620000180',
      'debtor-document': '00001209523',
      reason: '1',
      type: 'PEFIN',
      authorization: 'Bearer tok-1',
    });
    expect(byKey.headers).not.toHaveProperty('contract-number');
    expect([byContract.method, byContract.path]).toEqual(['DELETE', '/collection/debt/contract']);
    expect(byContract.headers).toMatchObject({ 'contract-number': 'CT-000123/01', reason: '11' });
    for (const call of [byKey, byContract]) {
      expect(call.body ?? null).toBeNull();
      expect(call.headers).not.toHaveProperty('content-type');
    }
  });
});
