import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  decodeResponse,
  LayoutError,
  toFlatMap,
  toStructured,
} from '../../src/providers/serasa-bureau/b49c/index.js';
import {
  buildResponse,
  DATAS_PEFIN,
  negativosCpf,
} from '../fixtures/serasa-bureau/build-responses.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/serasa-bureau/${name}`, import.meta.url));
const homologacao = fixture('homologacao-cpf-00000000191.txt');

function countByType(registros: readonly { registro: string; layout?: unknown }[]) {
  const counts: Record<string, number> = {};
  for (const { registro } of registros) counts[registro] = (counts[registro] ?? 0) + 1;
  return counts;
}

describe('B49C response decoding: the homologation response for CPF 000.000.001-91', () => {
  const resposta = decodeResponse(homologacao);

  it('is the 7,069-byte capture: header, 57 records and a T999 cut to 114 bytes', () => {
    expect(homologacao.length).toBe(7069);
    expect(resposta.registros).toHaveLength(57);
    expect(resposta.trailer?.registro.bruto).toHaveLength(114);
    expect(resposta.avisos).toEqual([]);
    expect(resposta.resto).toBe('');
  });

  it('reads FUNCAO FIM, TOTAL REG 0058, the A900 message and T999 000', () => {
    expect(resposta.funcao).toBe('FIM');
    expect(resposta.situacao).toBe('concluida');
    expect(resposta.cabecalho.campo('B49C_TOTAL_REG')).toBe('0058');
    expect(resposta.cabecalho.campo('B49C_NUM_DOC')).toBe('000000000000191');
    // TOTAL REG counts the records after the header, T999 included.
    expect(resposta.registros.length + 1).toBe(58);
    expect(resposta.mensagens).toEqual([
      {
        codigo: '000500',
        resumo: '',
        mensagem: 'NAO CONSTAM ANOTACOES NEGATIVAS PARA O DOCUMENTO CONSULTADO',
      },
    ]);
    expect(resposta.trailer).toMatchObject({
      codigo: '000',
      mensagem: 'PROCESSO ENCERRADO NORMALMENTE',
    });
    expect(resposta.erros).toEqual([]);
  });

  it('counts records per type and keeps unknown types (B011, B014, B054) raw', () => {
    expect(countByType(resposta.registros)).toEqual({
      P006: 1,
      B001: 7,
      B002: 7,
      B003: 7,
      B004: 7,
      B353: 1,
      B354: 5,
      B370: 4,
      B352: 10,
      B005: 1,
      B006: 1,
      B054: 1,
      B011: 1,
      B012: 1,
      B013: 1,
      B014: 1,
      A900: 1,
    });
    const unknown = resposta.registros.filter((record) => record.layout === undefined);
    expect(unknown.map((record) => record.registro)).toEqual(['B054', 'B011', 'B014']);
    expect(unknown[0].bruto).toMatch(/^B054000010000MENSAL {6}ALUGUEL/);
    expect(unknown[0].bruto).toHaveLength(115);
    expect(resposta.registros[0].eco).toBe(true);
  });

  it('gives the Intellector flat map: counters, _n keys from 1, untrimmed values, date range', () => {
    const mapa = toFlatMap(resposta);
    expect(mapa).toMatchObject({
      B001_QTDCPFGRAFIA: '7',
      B352_NUMPARTICIP: '10',
      B354_NUMCONSULTA: '5',
      B358_NUMPEFIN: '0',
      B354_MENORDTCONSULTA: '20201021',
      B354_MAIORDTCONSULTA: '20201104',
      B001_CPF_1: '00000000191',
      B001_GRAFIA_1: 'TWSNRJC SHCHTHL OHIZ PMI NI GZEBKDH          ',
      B354_ORIGEM_5: 'OUTROS'.padEnd(40, ' '),
      B353_QTDETOTALCRED: '074',
      B49C_FUNCAO: 'FIM',
      T999_CODIGO: '000',
    });
    expect(mapa.B001_GRAFIA_7).toBeDefined();
    expect(mapa.B001_GRAFIA_8).toBeUndefined();
    expect(mapa.B001_GRAFIA_0).toBeUndefined();
    expect(Object.keys(mapa).some((key) => key.startsWith('P006_') || key.startsWith('B054'))).toBe(
      false,
    );
    // Single-occurrence B370: the later record of a sub-type overwrites the earlier, as the plugin does.
    expect(mapa.B370_T1_BAIRRO).toBe('TRANSURB'.padEnd(20, ' '));
  });

  it('gives structured JSON with typed values and the raw string beside every record', () => {
    const json = toStructured(resposta);
    expect(json.situacao).toBe('concluida');
    expect(json.ecos.map((eco) => eco.registro)).toEqual(['P006']);
    expect(json.desconhecidos.map((record) => record.registro)).toEqual(['B054', 'B011', 'B014']);
    expect(json.registros.B001[1].campos).toMatchObject({
      GRAFIA: 'FDN DKAC PNGGK RH MKEJWDC',
      CPF: '00000000191',
      DATANASC: null,
      LINKN: 535735797,
      DTATUAL: '2018-05-28',
    });
    expect(json.registros.B002[1].campos).toMatchObject({
      DTATUALIZA: '2017-05-05',
      DATANASC: '1960-01-01',
      SEXO: 'F',
      DATAEMISS: null,
      UFEMISSOR: 'SP',
    });
    expect(json.registros.B003[1].campos.UFNASC).toBe('BA');
    expect(json.registros.B004[0].campos.DESDE).toBeNull();
    expect(json.registros.B352[0].campos).toMatchObject({
      CNPJ: '75273235',
      PERCPARTIC: 0,
      DTINIPARTIC: null,
    });
    expect(json.registros.B353[0].campos).toMatchObject({
      QTDETOTALCRED: 74,
      DATATUALCRED: '2020-11',
      POSICAO: '2020-06-02',
    });
    expect(json.registros.B370.map((record) => record.subtipo)).toEqual(['1', '2', '1', '2']);
    expect(json.registros.B370[1].campos).toMatchObject({
      T2_UF: 'SP',
      T2_DTATUALIZA: '2019-12-12',
    });
    for (const records of Object.values(json.registros)) {
      for (const record of records) expect(record.bruto).toHaveLength(115);
    }
    expect(json.cabecalho.campos).toMatchObject({
      NUM_DOC: '000000000000191',
      FUNCAO: 'FIM',
      DATA_CONSUL: '2020-11-06',
    });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe('B49C response decoding: negative records built from the layouts', () => {
  const texto = negativosCpf();

  it('matches the stored fixture, so a layout change shows up here', () => {
    expect(fixture('negativos-cpf-00000000191.txt').toString('latin1')).toBe(texto);
  });

  it('B358_NUMPEFIN drives B358_DTOCORR_n, with min and max dates', () => {
    const mapa = toFlatMap(decodeResponse(texto));
    expect(mapa.B358_NUMPEFIN).toBe('4');
    expect(mapa.B357_NUMPENDENCIAS).toBe('2');
    const datas = Array.from(
      { length: Number(mapa.B358_NUMPEFIN) },
      (_, i) => mapa[`B358_DTOCORR_${i + 1}`],
    );
    expect(datas).toEqual(DATAS_PEFIN);
    expect(mapa.B358_DTOCORR_5).toBeUndefined();
    expect(mapa.B358_MENORDTPENDPAG).toBe('20240315');
    expect(mapa.B358_MAIORDTPENDPAG).toBe('20251102');
    expect(mapa.B358_ORIGEM_4).toBe('FINANCEIRA MODELO   ');
    // The seed's sample loop reads from 0: base 0 serves it.
    const zero = toFlatMap(decodeResponse(texto), { base: 0 });
    const loop = [];
    for (let i = 0; i < Number(zero.B358_NUMPEFIN); i++) loop.push(zero[`B358_DTOCORR_${i}`]);
    expect(loop).toEqual(DATAS_PEFIN);
  });

  it('reads PEFIN/REFIN sub-types and values in centavos', () => {
    const json = toStructured(decodeResponse(texto));
    expect(json.registros.B358.map((record) => record.subtipo)).toEqual(['01', '01', '01', '04']);
    expect(json.registros.B357.map((record) => record.subtipo)).toEqual(['01', '04']);
    expect(json.registros.B358[3].campos).toMatchObject({
      TIPOPEFIN: '04',
      DTOCORR: '2025-01-10',
      VALOR: 150000,
      ORIGEM: 'FINANCEIRA MODELO',
      QUANTIDADE: 1,
    });
    expect(json.registros.B357[0].campos).toMatchObject({
      QTDETOTAL: 3,
      DATAMENOR: '2024-03',
      VALTOTAL: 45075,
    });
    expect(json.registros.B360[0].campos).toMatchObject({
      DTOCORR: '2024-12-17',
      AGENCIA: '0667',
      UF: 'SP',
    });
  });
});

describe('B49C response decoding: tolerance and outcomes', () => {
  const base = buildResponse({ registros: [{ registro: 'P006', campos: {} }] });

  it('tolerates CR/LF between and after records, junk after T999, a bare T999', () => {
    const header = base.slice(0, 400);
    const p006 = base.slice(400, 515);
    const t999 = base.slice(515);
    const linhas = decodeResponse(`${header}\r\n${p006}\r\n${t999.trimEnd()}\r\n`);
    expect(linhas.registros.map((r) => r.registro)).toEqual(['P006']);
    expect(linhas.trailer?.codigo).toBe('000');
    expect(linhas.resto).toBe('\r\n');
    expect(linhas.avisos).toEqual([]);
    const lixo = decodeResponse(Buffer.from(`${base}?\n<html>`, 'latin1'));
    expect(lixo.resto).toBe('?\n<html>');
    expect(decodeResponse(`${header}T999`).trailer).toMatchObject({ codigo: '', mensagem: '' });
  });

  it('keeps a cut response: no T999, an incomplete last record', () => {
    const cortada = decodeResponse(base.slice(0, 470));
    expect(cortada.trailer).toBeUndefined();
    expect(cortada.registros[0].bruto).toHaveLength(70);
    expect(cortada.avisos).toEqual([
      'registro incompleto na posicao 401: 70 bytes',
      'resposta sem T999',
    ]);
  });

  it('surfaces ERR with the T999 code and message, CON, and B900/B901 error pairs', () => {
    const erro = decodeResponse(
      buildResponse({
        cabecalho: { B49C_FUNCAO: 'ERR' },
        registros: [],
        trailer: { codigo: '009', mensagem: 'SENHA INVALIDA' },
      }),
    );
    expect(erro).toMatchObject({
      funcao: 'ERR',
      situacao: 'erro',
      trailer: { codigo: '009', mensagem: 'SENHA INVALIDA' },
    });
    const parcial = decodeResponse(
      buildResponse({
        cabecalho: { B49C_FUNCAO: 'CON' },
        registros: [],
        trailer: { codigo: '000', mensagem: 'STRING PARCIAL - HA MAIS REGISTROS A ENVIAR' },
      }),
    );
    expect(parcial.situacao).toBe('parcial');
    const consistencia = decodeResponse(
      buildResponse({
        registros: [
          {
            registro: 'B900',
            campos: {
              B900_CODERRO1: '102',
              B900_REGERRO1: 'P006',
              B900_CODERRO2: '105',
              B900_REGERRO2: 'B49C',
            },
          },
          { registro: 'B901', campos: { B901_CODERRO1: '1031', B901_REGERRO1: 'P009' } },
        ],
      }),
    );
    expect(consistencia.situacao).toBe('erro');
    expect(consistencia.erros).toEqual([
      { origem: 'B900', codigo: '102', registro: 'P006' },
      { origem: 'B900', codigo: '105', registro: 'B49C' },
      { origem: 'B901', codigo: '1031', registro: 'P009' },
    ]);
  });

  it('refuses only what cannot be a B49C response, with a LayoutError on B49C', () => {
    for (const texto of ['', 'B49C', '<html><body>Erro interno</body></html>'.padEnd(500, ' ')]) {
      expect(() => decodeResponse(texto)).toThrow(LayoutError);
      try {
        decodeResponse(texto);
      } catch (error) {
        expect((error as LayoutError).field).toBe('B49C');
      }
    }
  });
});
