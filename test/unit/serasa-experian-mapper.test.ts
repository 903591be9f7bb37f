import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PedidoConsulta } from '../../src/providers/contract.js';
import { ProviderUnavailableError } from '../../src/providers/exchange.js';
import { reportQuery, toRelatorio } from '../../src/providers/serasa-experian/mapper.js';
import { inclusionBody, removalRequest } from '../../src/providers/serasa-experian/pefin.js';
import {
  errorOf,
  recusaConsulta,
  recusaPefin,
} from '../../src/providers/serasa-experian/recusas.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/serasa-experian/${name}`, import.meta.url), 'utf8'));

const EM = new Date('2026-01-05T12:00:00Z');
const pedidoPf: PedidoConsulta = {
  documento: { tipo: 'cpf', numero: '00001209523' },
  produto: {
    codigo: 'RELATORIO_AVANCADO_TOP_SCORE_PF_PME',
    nome: 'x',
    tipo_documento: 'cpf',
    opcionais: ['SCORE_POSITIVO', 'RENDA_ESTIMADA_PF'],
    parametros: { SCORE: 'HRLD' },
    requer_uf: false,
  },
};
const pedidoPj: PedidoConsulta = {
  documento: { tipo: 'cnpj', numero: '50638274000189' },
  produto: {
    codigo: 'RELATORIO_AVANCADO_PJ',
    nome: 'x',
    tipo_documento: 'cnpj',
    opcionais: [],
    parametros: {},
    requer_uf: false,
  },
};
const vazio = { quantidade: 0, valor_centavos: 0, itens: [] };

describe('Serasa Experian report mapping', () => {
  it('maps the PF report: identification, score, centavos from reais, counts from summaries', () => {
    const relatorio = toRelatorio(fixture('relatorio-pf.json'), pedidoPf, EM);
    expect(relatorio).toMatchObject({
      provedor: 'serasa_experian',
      produto: 'RELATORIO_AVANCADO_TOP_SCORE_PF_PME',
      tipo_documento: 'cpf',
      documento: '00001209523',
      consultado_em: '2026-01-05T12:00:00.000Z',
      avisos: [],
    });
    expect(relatorio.identificacao).toEqual({
      nome: 'CLIENTE TESTE ABCB',
      nome_mae: 'MAE DO CLIENTE',
      data_nascimento: '2002-07-19',
      situacao_cadastral: 'REGULAR',
      endereco: 'RUA EXEMPLO 123, CENTRO, SAO PAULO, SP, 01001000',
      telefone: '(11) 974063008',
    });
    expect(relatorio.score).toEqual({
      valor: 900,
      modelo: 'HFIN',
      taxa_inadimplencia: '9,0',
      mensagem: null,
    });
    expect(relatorio.pendencias.pefin).toEqual({
      quantidade: 1,
      valor_centavos: 15075,
      itens: [
        {
          data: '2025-03-10',
          natureza: 'CREDIARIO',
          credor: 'LOJAS MODELO LTDA',
          contrato: 'PF0001',
          valor_centavos: 15075,
          cidade: null,
          uf: null,
        },
      ],
    });
    expect(relatorio.pendencias.refin).toEqual(vazio);
    expect(relatorio.pendencias.protestos).toEqual(vazio);
    expect(relatorio.pendencias.cheques).toEqual(vazio);
    // The summary counts all inquiries; the list only the recent ones.
    expect(relatorio.consultas).toEqual({
      quantidade: 5,
      itens: [{ data: '2023-08-17', segmento: null, quantidade: 1 }],
    });
  });

  it('maps the PJ report blocks, whether wrapped with a summary or bare', () => {
    const relatorio = toRelatorio(fixture('relatorio-pj.json'), pedidoPj, EM);
    expect(relatorio.identificacao).toEqual({
      nome: 'EMPRESA TESTE HOMOLOGACAO LTDA',
      data_fundacao: '2010-03-15',
      situacao_cadastral: 'ATIVA',
      endereco: 'AVENIDA PAULISTA, 1000, BELA VISTA, SAO PAULO, SP, 01310100',
      telefone: '(11) 30304040',
    });
    expect(relatorio.score).toMatchObject({
      valor: 712,
      modelo: 'H4PJ',
      taxa_inadimplencia: '4,5',
    });
    expect(relatorio.pendencias.pefin).toMatchObject({ quantidade: 1, valor_centavos: 231025 });
    expect(relatorio.pendencias.pefin.itens[0]).toMatchObject({
      natureza: 'DUPLICATA',
      credor: 'DISTRIBUIDORA SUL LTDA',
      cidade: 'CURITIBA',
      uf: 'PR',
    });
    expect(relatorio.pendencias.refin).toEqual(vazio);
    expect(relatorio.pendencias.protestos).toEqual(vazio);
    expect(relatorio.consultas.quantidade).toBe(2);
  });

  it('finds PJ blocks at the top level too, and sums bare lists without a summary', () => {
    const relatorio = toRelatorio(
      {
        identificationReport: { companyName: 'ACME LTDA' },
        pefinResponse: [{ amount: 10.1 }, { amount: '20,25' }],
        score: 455,
      },
      pedidoPj,
      EM,
    );
    expect(relatorio.identificacao.nome).toBe('ACME LTDA');
    expect(relatorio.pendencias.pefin).toMatchObject({ quantidade: 2, valor_centavos: 3035 });
    expect(relatorio.score).toMatchObject({ valor: 455, modelo: null });
  });

  it('reads an empty answer as a clean report instead of failing', () => {
    const relatorio = toRelatorio({ reports: [{}] }, pedidoPf, EM);
    expect(relatorio.identificacao.nome).toBeNull();
    expect(relatorio.score).toBeNull();
    expect(relatorio.pendencias).toEqual({
      pefin: vazio,
      refin: vazio,
      protestos: vazio,
      cheques: vazio,
    });
    expect(relatorio.consultas).toEqual({ quantidade: 0, itens: [] });
  });

  it('builds the query: comma-joined features, Base64 JSON reportParameters, UF, no document', () => {
    const query = reportQuery({ ...pedidoPf, uf: 'sp' });
    expect(query.get('reportName')).toBe('RELATORIO_AVANCADO_TOP_SCORE_PF_PME');
    expect(query.get('optionalFeatures')).toBe('SCORE_POSITIVO,RENDA_ESTIMADA_PF');
    expect(JSON.parse(Buffer.from(query.get('reportParameters')!, 'base64').toString())).toEqual({
      reportParameters: [{ name: 'SCORE', value: 'HRLD' }],
    });
    expect(query.get('federalUnit')).toBe('SP');
    expect(query.toString()).not.toContain('00001209523');

    const plain = reportQuery(pedidoPj);
    expect([...plain.keys()]).toEqual(['reportName']);
    const requerUf = { ...pedidoPj, produto: { ...pedidoPj.produto, requer_uf: true } };
    expect(reportQuery(requerUf, 'RJ').get('federalUnit')).toBe('RJ');
  });
});

describe('Serasa Experian error catalogue', () => {
  const response = (status: number, body: unknown) => ({ status, body });

  it('reads error bodies as a list, an object or text, with the code from the [ERROR] tag', () => {
    expect(errorOf(fixture('erro-404.json'))).toEqual({
      code: 'DOCUMENT_NOT_FOUND',
      message: '[ERROR][DOCUMENT_NOT_FOUND] Documento não encontrado na Serasa Experian',
    });
    expect(errorOf(fixture('erro-412-nao-autorizado.json')).code).toBe('USER-NOT-AUTHORIZED');
    expect(errorOf({ message: 'Bad Request' })).toEqual({ code: null, message: 'Bad Request' });
    expect(errorOf(fixture('erro-nao-participante.json')).message).toBe(
      'RNXPIA   999 EMPRESA NAO PARTICIPANTE DO CONVENIO',
    );
    expect(errorOf('Too Many Requests')).toEqual({ code: null, message: 'Too Many Requests' });
    expect(errorOf(null)).toEqual({ code: null, message: null });
  });

  it('maps report refusals to stable codes and statuses, keeping Serasa words verbatim', () => {
    const notFound = recusaConsulta(response(404, fixture('erro-404.json')), 'cpf', []);
    expect(notFound).toMatchObject({
      tipo: 'recusada',
      codigo: 'documento_nao_encontrado',
      status_http: 404,
      codigo_provedor: 'DOCUMENT_NOT_FOUND',
    });
    expect(notFound.mensagem).toContain('18 anos');
    expect(notFound.mensagem).toContain('4 a 6 meses');
    expect(notFound.mensagem).toMatch(/^[\x20-\x7E]+$/);
    expect(
      recusaConsulta(response(412, fixture('erro-412-nao-autorizado.json')), 'cpf', []),
    ).toMatchObject({
      codigo: 'produto_nao_autorizado',
      status_http: 403,
      mensagem_provedor: '[ERROR][USER-NOT-AUTHORIZED] Transações negadas',
    });
    for (const name of ['erro-412-features.json', 'erro-412-documento.json']) {
      expect(recusaConsulta(response(412, fixture(name)), 'cpf', [])).toMatchObject({
        codigo: 'requisicao_invalida',
        status_http: 422,
        codigo_provedor: 'INVALID-REQUEST',
      });
    }
    expect(recusaConsulta(response(400, 'Bad Request'), 'cnpj', [])).toMatchObject({
      codigo: 'requisicao_invalida',
      mensagem_provedor: 'Bad Request',
    });
    expect(recusaConsulta(response(401, fixture('erro-401.json')), 'cpf', [])).toMatchObject({
      codigo: 'credenciais_invalidas',
      status_http: 424,
    });
    // A 404 that is not Serasa's "not found" is more likely a wrong URL than an unknown person.
    expect(recusaConsulta(response(404, '<html>Not Found</html>'), 'cpf', [])).toMatchObject({
      codigo: 'resposta_inesperada',
      status_http: 502,
    });
  });

  it('throws for 429 and 5xx on reports, with Retry-After kept', () => {
    const limited = (() => {
      try {
        recusaConsulta({ status: 429, body: 'Too Many Requests', retryAfterMs: 3000 }, 'cpf', []);
      } catch (error) {
        return error;
      }
    })();
    expect(limited).toBeInstanceOf(ProviderUnavailableError);
    expect(limited).toMatchObject({
      codigo: 'limite_excedido',
      ambigua: false,
      status: 429,
      retryAfterMs: 3000,
    });
    expect(() =>
      recusaConsulta(
        response(500, [{ message: '[ERROR][PROCESSING] Ocorreu um erro com as features: [X]' }]),
        'cpf',
        [],
      ),
    ).toThrow(/PROCESSING/);
  });

  it('maps PEFIN synchronous refusals; 502/504 after a POST are ambiguous, other 5xx are not', () => {
    expect(
      recusaPefin(response(400, fixture('erro-nao-participante.json')), 'POST', []),
    ).toMatchObject({
      codigo: 'credor_nao_participante',
      status_http: 422,
      mensagem_provedor: 'RNXPIA   999 EMPRESA NAO PARTICIPANTE DO CONVENIO',
    });
    expect(recusaPefin(response(422, { message: 'CEP INVALIDO' }), 'POST', [])).toMatchObject({
      codigo: 'recusada_pelo_provedor',
      status_http: 422,
      mensagem_provedor: 'CEP INVALIDO',
    });
    expect(recusaPefin(response(403, null), 'DELETE', [])).toMatchObject({
      codigo: 'credenciais_invalidas',
      status_http: 424,
    });
    const thrown = (status: number, body: unknown = null) => {
      try {
        recusaPefin(response(status, body), 'POST', []);
      } catch (error) {
        return error as ProviderUnavailableError;
      }
      throw new Error(`HTTP ${status} did not throw`);
    };
    expect(thrown(503)).toMatchObject({ codigo: 'provedor_indisponivel', ambigua: false });
    expect(thrown(429)).toMatchObject({ codigo: 'limite_excedido', ambigua: false });
    expect(thrown(504)).toMatchObject({ ambigua: true, status: 504 });
    expect(thrown(200, { status: 'ACCEPTED' })).toMatchObject({
      codigo: 'resposta_invalida',
      ambigua: true,
    });
  });
});

describe('Serasa Experian PEFIN requests', () => {
  const divida = {
    credor: '62.173.620/0001-80',
    devedor: {
      documento: { tipo: 'cpf' as const, numero: '00001209523' },
      nome: 'CLIENTE TESTE ABCB',
      endereco: {
        cep: '01001-000',
        logradouro: 'RUA EXEMPLO',
        numero: '123',
        complemento: null,
        bairro: 'CENTRO',
        cidade: 'SAO PAULO',
        uf: 'SP',
      },
    },
    contrato: 'CT-000123/01',
    valor_centavos: 15075,
    vencimento: '2025-01-10',
    natureza: 'TI',
  };
  const settings = { area_informante: '0001', natureza_padrao: 'TI' };

  it('builds the inclusion body: reais, number inside addressLine, digits only', () => {
    expect(inclusionBody(divida, settings)).toEqual({
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
    const semNumero = inclusionBody(
      {
        ...divida,
        valor_centavos: 1000,
        natureza: ' ',
        devedor: {
          ...divida.devedor,
          endereco: { ...divida.devedor.endereco, numero: null, complemento: 'AP 1' },
        },
      },
      { area_informante: '0002', natureza_padrao: 'NF' },
    );
    expect(semNumero).toMatchObject({ value: 10, areaInformante: '0002', categoryId: 'NF' });
    expect(semNumero.debtor.address).toMatchObject({
      addressLine: 'RUA EXEMPLO',
      complement: 'AP 1',
    });
  });

  it('removes by CADUS key when known, by contract otherwise, with the motivo as an integer', () => {
    const base = {
      credor: '62173620000180',
      devedor: '000.012.095-23',
      contrato: '295/00',
      referencia_inclusao: null,
    };
    expect(
      removalRequest({ ...base, motivo: '01', chaves: { cadusKey: '008080948A' } }, 'https://h'),
    ).toEqual({
      ok: true,
      request: {
        method: 'DELETE',
        url: 'https://h/collection/debt/cadus/008080948A',
        headers: {
          'creditor-document': '62173620000180',
          'debtor-document': '00001209523',
          reason: '1',
          type: 'PEFIN',
        },
      },
    });
    expect(removalRequest({ ...base, motivo: '11', chaves: {} }, 'https://h')).toEqual({
      ok: true,
      request: {
        method: 'DELETE',
        url: 'https://h/collection/debt/contract',
        headers: {
          'creditor-document': '62173620000180',
          'debtor-document': '00001209523',
          'contract-number': '295/00',
          reason: '11',
          type: 'PEFIN',
        },
      },
    });
    expect(removalRequest({ ...base, motivo: 'X', chaves: {} }, 'https://h')).toMatchObject({
      ok: false,
      codigo: 'motivo_invalido',
    });
    expect(
      removalRequest({ ...base, contrato: 'CONTRATO Nº 1', motivo: '1', chaves: {} }, 'https://h'),
    ).toMatchObject({ ok: false, codigo: 'requisicao_invalida' });
  });
});
