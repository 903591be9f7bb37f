import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRODUTOS,
  MOTIVOS_BAIXA,
  NATUREZAS,
} from '../../src/providers/serasa-experian/catalog.js';
import {
  resolveHosts,
  serasaExperianCredentialsSchema,
  serasaExperianSettingsSchema,
} from '../../src/providers/serasa-experian/config.js';
import { serasaExperian } from '../../src/providers/serasa-experian/index.js';

const parse = (input: unknown) => serasaExperianSettingsSchema.parse(input);
const firstError = (input: unknown) => {
  const result = serasaExperianSettingsSchema.safeParse(input);
  if (result.success) throw new Error('expected a validation error');
  const issue = result.error.issues[0];
  return { campo: issue.path.join('.'), mensagem: issue.message };
};

describe('Serasa Experian settings', () => {
  it('documents its defaults and leaves the environment hosts out of the stored settings', () => {
    const settings = parse(undefined);
    expect(settings).toMatchObject({
      token_ttl_segundos: 840,
      timeout_ms: 15_000,
      area_informante: '0001',
      natureza_padrao: 'TI',
    });
    expect(settings).not.toHaveProperty('url_consulta');
    expect(settings).not.toHaveProperty('url_pefin');
    // Parsing what was stored gives the same value: the core parses settings again on use.
    expect(parse(JSON.parse(JSON.stringify(settings)))).toEqual(settings);
  });

  it('resolves hosts from the environment at client creation; PEFIN logs in on the credit IAM', () => {
    expect(resolveHosts('homologacao', parse({}))).toEqual({
      consulta: 'https://uat-api.serasaexperian.com.br',
      pefin: 'https://api.serasa.dev',
      loginPefin: 'https://uat-api.serasaexperian.com.br',
    });
    expect(resolveHosts('producao', parse({}))).toEqual({
      consulta: 'https://api.serasaexperian.com.br',
      pefin: 'https://api.serasa.com.br',
      loginPefin: 'https://api.serasaexperian.com.br',
    });
    expect(
      resolveHosts(
        'producao',
        parse({ url_consulta: 'http://proxy:8080/', url_login_pefin: 'https://iam' }),
      ),
    ).toEqual({
      consulta: 'http://proxy:8080',
      pefin: 'https://api.serasa.com.br',
      loginPefin: 'https://iam',
    });
  });

  it('validates the demo integration it seeds', () => {
    const demo = serasaExperian.demoIntegration!('http://127.0.0.1:4010/serasa');
    expect(serasaExperianSettingsSchema.safeParse(demo.configuracoes).success).toBe(true);
    expect(serasaExperianCredentialsSchema.safeParse(demo.credenciais).success).toBe(true);
  });

  it('answers invalid settings in Portuguese, naming the field', () => {
    expect(firstError({ url_pefin: 'ftp://x' })).toEqual({
      campo: 'url_pefin',
      mensagem: 'deve ser uma URL http(s) valida',
    });
    expect(firstError({ area_informante: '00001' })).toMatchObject({ campo: 'area_informante' });
    expect(firstError({ token_ttl_segundos: 10 }).mensagem).toBe('deve ser no minimo 30');
    expect(firstError({ timeout_ms: '15000' }).mensagem).toBe('deve ser um numero');
    expect(firstError({ centro_custo: '1234567890123' }).mensagem).toBe('ate 12 digitos');
    expect(firstError({ documento_varejista: '11222333000182' }).mensagem).toBe(
      'CNPJ com digito verificador invalido',
    );
    expect(firstError({ uf_padrao: 'XX' }).campo).toBe('uf_padrao');
    expect(firstError({ urlConsulta: 'x' }).mensagem).toBe(
      'campo desconhecido em configuracoes: urlConsulta',
    );
    expect(firstError({ naturezas: { TI: 'SERV DADOS' }, natureza_padrao: 'NF' })).toEqual({
      campo: 'natureza_padrao',
      mensagem: 'natureza_padrao deve existir na tabela naturezas',
    });
    expect(firstError({ motivos_baixa: { '02': 'RENEGOCIACAO' } }).mensagem).toContain('01');
    expect(
      firstError({
        produtos: [{ codigo: 'RELATORIO X', nome: 'x', tipo_documento: 'cpf' }],
      }).campo,
    ).toBe('produtos.0.codigo');
    // Missing is told apart from the wrong type.
    expect(firstError({ produtos: [{ codigo: 'RELATORIO_X', tipo_documento: 'cpf' }] })).toEqual({
      campo: 'produtos.0.nome',
      mensagem: 'obrigatorio',
    });
    expect(
      firstError({ produtos: [{ codigo: 'RELATORIO_X', nome: 7, tipo_documento: 'cpf' }] })
        .mensagem,
    ).toBe('deve ser um texto');
  });
});

describe('Serasa Experian catalogue', () => {
  it('offers the default PF and PJ products, the advanced PF one with the HRLD score model', () => {
    const produtos = serasaExperian.produtos!(parse({}));
    expect(produtos.map((p) => [p.codigo, p.tipo_documento])).toEqual([
      ['RELATORIO_BASICO_PF_PME', 'cpf'],
      ['RELATORIO_INTERMEDIARIO_TOP_SCORE_PF', 'cpf'],
      ['RELATORIO_AVANCADO_TOP_SCORE_PF_PME', 'cpf'],
      ['RELATORIO_BASICO_PJ_PME', 'cnpj'],
      ['RELATORIO_INTERMEDIARIO_PJ', 'cnpj'],
      ['RELATORIO_AVANCADO_PJ', 'cnpj'],
    ]);
    expect(produtos[2].parametros).toEqual({ SCORE: 'HRLD' });
    // A caller changing its copy does not change the catalogue.
    produtos[0].opcionais.push('X');
    expect(DEFAULT_PRODUTOS[0].opcionais).toEqual([]);
  });

  it('lets an integration replace the products, completing their defaults', () => {
    const produtos = serasaExperian.produtos!(
      parse({
        produtos: [
          { codigo: 'PERFIL_DE_CREDITO_BASICO_PF', nome: 'Perfil', tipo_documento: 'cpf' },
        ],
      }),
    );
    expect(produtos).toEqual([
      {
        codigo: 'PERFIL_DE_CREDITO_BASICO_PF',
        nome: 'Perfil',
        tipo_documento: 'cpf',
        opcionais: [],
        parametros: {},
        requer_uf: false,
      },
    ]);
  });

  it('gives the PEFIN rules: full tables, field limits, minimum value, automatic motivos', () => {
    const regras = serasaExperian.negativacao!(parse({}));
    expect(Object.keys(regras.naturezas)).toHaveLength(59);
    expect(regras.naturezas.TI).toBe('SERV DADOS');
    expect(Object.keys(regras.motivos_baixa)).toHaveLength(31);
    expect(regras.motivos_baixa['01']).toBe('PAGAMENTO DA DIVIDA');
    expect(regras.motivos_baixa['45']).toBe('CONTESTACAO');
    expect(regras).toMatchObject({
      valor_minimo_centavos: 1000,
      limites: { nome: 70, logradouro: 70, complemento: 20, bairro: 20, cidade: 20, contrato: 20 },
      motivo_pagamento: '01',
      motivo_correcao: '11',
    });
    const custom = serasaExperian.negativacao!(
      parse({
        naturezas: { TI: 'SERV DADOS' },
        motivos_baixa: { '01': 'PAGAMENTO', '11': 'CORRECAO' },
      }),
    );
    expect(custom.naturezas).toEqual({ TI: 'SERV DADOS' });
    expect(Object.keys(custom.motivos_baixa).sort()).toEqual(['01', '11']);
    expect(Object.isFrozen(NATUREZAS) && Object.isFrozen(MOTIVOS_BAIXA)).toBe(true);
  });
});
