import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/infra/clock.js';
import { estadoDoCadastro } from '../../src/providers/tecnospeed/cadastro.js';
import { MOTIVOS_BAIXA, NATUREZAS } from '../../src/providers/tecnospeed/catalog.js';
import {
  resolveBaseUrl,
  tecnospeedCredentialsSchema,
  tecnospeedSettingsSchema,
} from '../../src/providers/tecnospeed/config.js';
import { tecnospeed } from '../../src/providers/tecnospeed/index.js';
import { toRelatorio } from '../../src/providers/tecnospeed/mapper.js';
import {
  credenciais,
  fixture,
  openClient,
  pedidoPf,
  produtoTop,
  startStub,
  text,
  type StubTecnospeed,
} from '../fixtures/tecnospeed/stub-tecnospeed.js';

// Translation between Tecnospeed's wire and credgate's domain: settings and their defaults, the
// product catalogue and negativacao rules, credit reports (request, pending, JSON, HTML), the
// onboarding states and the credential checks.

const parse = (input: unknown) => tecnospeedSettingsSchema.parse(input);
const firstError = (input: unknown) => {
  const result = tecnospeedSettingsSchema.safeParse(input);
  if (result.success) throw new Error('expected a validation error');
  const issue = result.error.issues[0];
  return { campo: issue.path.join('.'), mensagem: issue.message };
};

describe('Tecnospeed settings, catalogue and rules', () => {
  it('documents its defaults, polling schedule included, and parses them again unchanged', () => {
    const settings = parse(undefined);
    expect(settings).toEqual({
      timeout_ms: 15_000,
      limite_requisicoes_por_segundo: 5,
      retorno: 'JSON',
      motivo_pagamento: '01',
      motivo_correcao: '11',
      formato_data: 'aaaa-mm-dd',
      data_emissao: 'vencimento',
      acompanhamento: {
        intervalos_rapidos_ms: [2_000, 5_000, 10_000, 30_000, 60_000],
        intervalo_lento_ms: 3_600_000,
        max_tentativas: 750,
      },
      acompanhamento_consulta: { intervalo_ms: 5_000, prazo_maximo_ms: 300_000 },
    });
    expect(parse(JSON.parse(JSON.stringify(settings)))).toEqual(settings);
  });

  it('resolves the environment as a path under the host (url_base overrides the host)', () => {
    expect(resolveBaseUrl('producao', parse({}))).toBe('https://api.consultanegativacao.com.br/v1');
    expect(resolveBaseUrl('homologacao', parse({}))).toBe(
      'https://api.consultanegativacao.com.br/v1/homologacao',
    );
    expect(resolveBaseUrl('homologacao', parse({ url_base: 'http://127.0.0.1:9/sb/' }))).toBe(
      'http://127.0.0.1:9/sb/v1/homologacao',
    );
  });

  it('names the field in Portuguese when a setting is wrong', () => {
    expect(firstError({ timeout_ms: 50 })).toEqual({
      campo: 'timeout_ms',
      mensagem: 'deve ser no minimo 100',
    });
    expect(firstError({ acompanhamento: { intervalos_rapidos_ms: [] } })).toEqual({
      campo: 'acompanhamento.intervalos_rapidos_ms',
      mensagem: 'informe ao menos um intervalo',
    });
    expect(firstError({ url_base: 'ftp://x' }).mensagem).toBe('deve ser uma URL http(s) valida');
    expect(firstError({ retorno: 'XML' }).mensagem).toBe('deve ser JSON ou HTML');
    expect(firstError({ extra: 1 }).mensagem).toBe('campo desconhecido em configuracoes: extra');
    expect(firstError({ motivos_baixa: { '99': 'OUTRO' } })).toEqual({
      campo: 'motivo_pagamento',
      mensagem: 'motivo_pagamento deve existir na tabela motivos_baixa',
    });
    expect(
      firstError({ naturezas: { DP: { descricao: 'DUPLICATA', especie_titulo: 'dm' } } }).campo,
    ).toBe('naturezas.DP.especie_titulo');
    expect(
      firstError({ produtos: [{ codigo: 'X', nome: 'x', tipo_documento: 'cpf' }] }).campo,
    ).toBe('produtos.0.cod_consulta');
  });

  it('validates credentials: CNPJs with check digits, secrets present, no unknown keys', () => {
    expect(tecnospeedCredentialsSchema.parse(credenciais)).toEqual(credenciais);
    const bad = tecnospeedCredentialsSchema.safeParse({
      ...credenciais,
      cnpj_sh: '11222333000182',
    });
    expect(bad.error?.issues[0]).toMatchObject({
      path: ['cnpj_sh'],
      message: 'CNPJ com digito verificador invalido',
    });
    const missing = tecnospeedCredentialsSchema.safeParse({ ...credenciais, senha: '' });
    expect(missing.error?.issues[0]).toMatchObject({ path: ['senha'], message: 'obrigatorio' });
  });

  it('lists products per document type with codConsulta, uf required for codes 1 and 4', () => {
    const produtos = tecnospeed.produtos!(parse({}));
    const codes = produtos.map((p) => [p.codigo, p.tipo_documento, p.parametros.codConsulta]);
    expect(codes).toContainEqual(['CREDNET_TOP_PF', 'cpf', '1']);
    expect(codes).toContainEqual(['CREDNET_TOP_PJ', 'cnpj', '1']);
    expect(codes).toContainEqual(['CONSULTA_2_PJ', 'cnpj', '2']);
    expect(codes).toContainEqual(['RELATORIO_AVANCADO_PJ', 'cnpj', '603']);
    const exigemUf = produtos.filter((p) => p.requer_uf).map((p) => p.parametros.codConsulta);
    expect(new Set(exigemUf)).toEqual(new Set(['1', '4']));
    const proprio = tecnospeed.produtos!(
      parse({
        produtos: [{ codigo: 'MEU', nome: 'Meu', tipo_documento: 'cnpj', cod_consulta: 2 }],
      }),
    );
    expect(proprio).toEqual([
      {
        codigo: 'MEU',
        nome: 'Meu',
        tipo_documento: 'cnpj',
        opcionais: [],
        parametros: { codConsulta: '2' },
        requer_uf: false,
      },
    ]);
  });

  it('gives negativacao rules from the tables, the configured motivos included', () => {
    const regras = tecnospeed.negativacao!(parse({}));
    expect(Object.keys(regras.naturezas)).toEqual(Object.keys(NATUREZAS));
    expect(regras.naturezas.DP).toBe('DUPLICATA');
    expect(regras.motivos_baixa).toEqual(MOTIVOS_BAIXA);
    expect(regras.motivo_pagamento in regras.motivos_baixa).toBe(true);
    expect(regras.motivo_correcao in regras.motivos_baixa).toBe(true);
    expect(regras.limites).toEqual({
      nome: 70,
      logradouro: 70,
      complemento: 20,
      bairro: 20,
      cidade: 40,
      contrato: 20,
    });
    const proprias = tecnospeed.negativacao!(
      parse({
        motivos_baixa: { P: 'PAGO', C: 'CORRIGIDO' },
        motivo_pagamento: 'P',
        motivo_correcao: 'C',
      }),
    );
    expect(proprias).toMatchObject({ motivo_pagamento: 'P', motivo_correcao: 'C' });
  });
});

describe('Tecnospeed credit reports and onboarding on the wire', () => {
  let stub: StubTecnospeed;
  let clock: ManualClock;

  beforeEach(async () => {
    stub = await startStub();
    clock = new ManualClock('2026-01-05T12:00:00Z');
  });
  afterEach(async () => {
    await stub.app.close();
  });

  const open = (settings: Record<string, unknown> = {}) => openClient(stub, clock, settings);

  it('requests a report and answers it pending with the protocolo', async () => {
    stub.state.answer = async () => ({ status: 200, body: { protocolo: 'cons-1' } });
    const result = await open().consultar(pedidoPf);
    expect(result).toMatchObject({ tipo: 'pendente', referencia: 'cons-1' });
    expect(stub.state.calls[0]).toMatchObject({
      method: 'POST',
      path: '/v1/homologacao/consultas/assincrona',
    });
    expect(stub.state.calls[0].body).toStrictEqual({
      documento: '00001209523',
      codConsulta: 1,
      uf: 'PR',
      retorno: 'JSON',
    });
  });

  it('takes uf from uf_padrao, refuses without any for codes that need it, omits retorno for HTML', async () => {
    const semUf = { ...pedidoPf, uf: undefined };
    expect(await open().consultar(semUf)).toMatchObject({
      tipo: 'recusada',
      codigo: 'uf_obrigatoria',
    });
    expect(stub.state.calls).toHaveLength(0);
    await open({ uf_padrao: 'SC', retorno: 'HTML' }).consultar(semUf);
    const semExigencia = { ...semUf, produto: { ...produtoTop, requer_uf: false } };
    await open({ uf_padrao: 'SC' }).consultar(semExigencia);
    expect(stub.state.calls.map((c) => c.body)).toStrictEqual([
      { documento: '00001209523', codConsulta: 1, uf: 'SC' },
      { documento: '00001209523', codConsulta: 1, retorno: 'JSON' },
    ]);
  });

  it('reads the result: 202 still pending, 200 JSON mapped, 200 HTML kept as returned', async () => {
    const client = open();
    stub.state.answer = async () => ({ status: 202, body: { mensagem: 'processando' } });
    expect(await client.acompanharConsulta('cons-1', pedidoPf)).toMatchObject({
      tipo: 'pendente',
      referencia: 'cons-1',
    });
    expect(stub.state.calls[0].url).toBe('/v1/homologacao/consultas/assincrona?protocolo=cons-1');

    stub.state.answer = async () => ({ status: 200, body: fixture('relatorio-pf.json') });
    const json = await client.acompanharConsulta('cons-1', pedidoPf);
    expect(json).toMatchObject({
      tipo: 'concluida',
      formato: 'json',
      original: fixture('relatorio-pf.json'),
      relatorio: {
        provedor: 'tecnospeed',
        produto: 'CREDNET_TOP_PF',
        identificacao: { nome: 'CLIENTE TESTE ABCB' },
      },
    });

    const html = text('relatorio.html');
    stub.state.answer = async () => ({
      status: 200,
      body: html,
      headers: { 'content-type': 'text/html; charset=utf-8' },
    });
    const pagina = await client.acompanharConsulta('cons-1', pedidoPf);
    expect(pagina).toMatchObject({ tipo: 'concluida', formato: 'html', original: html });
    if (pagina.tipo !== 'concluida') throw new Error('expected a report');
    expect(pagina.relatorio).toMatchObject({ identificacao: { nome: null }, score: null });
    expect(pagina.relatorio.avisos).toEqual([expect.stringContaining('HTML')]);
  });

  it('maps the JSON report block by block', () => {
    const relatorio = toRelatorio(fixture('relatorio-pf.json'), pedidoPf, clock.now());
    expect(relatorio).toEqual({
      provedor: 'tecnospeed',
      produto: 'CREDNET_TOP_PF',
      tipo_documento: 'cpf',
      documento: '00001209523',
      consultado_em: '2026-01-05T12:00:03.000Z', // the report's dataConsulta
      identificacao: {
        nome: 'CLIENTE TESTE ABCB',
        nome_mae: 'MAE DO CLIENTE',
        data_nascimento: '1980-05-10',
        data_fundacao: null,
        situacao_cadastral: 'REGULAR',
        endereco: 'RUA EXEMPLO 123 - CENTRO - SAO PAULO/SP - 01001000',
        telefone: '11999990000',
      },
      score: { valor: 612, modelo: 'HSPN', taxa_inadimplencia: '12,3', mensagem: null },
      pendencias: {
        pefin: {
          quantidade: 2,
          valor_centavos: 135050,
          itens: [
            {
              data: '2025-03-10',
              natureza: 'CREDIARIO',
              credor: 'LOJAS MODELO LTDA',
              contrato: 'C-1',
              valor_centavos: 35050,
              cidade: 'SAO PAULO',
              uf: 'SP',
            },
            expect.objectContaining({ valor_centavos: 100000, uf: 'PR' }),
          ],
        },
        refin: { quantidade: 0, valor_centavos: 0, itens: [] },
        protestos: {
          quantidade: 1,
          valor_centavos: 9990,
          itens: [expect.objectContaining({ credor: '1 TABELIONATO', cidade: 'MARINGA' })],
        },
        cheques: { quantidade: 0, valor_centavos: 0, itens: [] },
      },
      consultas: {
        quantidade: 3,
        itens: [
          { data: '2025-12-01', segmento: 'BANCOS', quantidade: 2 },
          { data: '2025-11-15', segmento: 'VAREJO', quantidade: 1 },
        ],
      },
      avisos: ['Consulta realizada em ambiente de homologacao'],
    });
  });

  it('never crashes on missing or odd fields, and reads other plausible spellings', () => {
    for (const body of [null, 'texto', 42, [], {}, { score: 'x', pefin: 'y', identificacao: [] }]) {
      const relatorio = toRelatorio(body, pedidoPf, clock.now());
      expect(relatorio.identificacao.nome).toBeNull();
      expect(relatorio.consultado_em).toBe('2026-01-05T12:00:00.000Z');
      expect(relatorio.score).toBeNull();
      expect(relatorio.pendencias.pefin).toEqual({ quantidade: 0, valor_centavos: 0, itens: [] });
      expect(relatorio.consultas).toEqual({ quantidade: 0, itens: [] });
    }
    const outro = toRelatorio(
      {
        dados: {
          razaoSocial: 'EMPRESA X',
          score: '450',
          pefin: [{ dataOcorrencia: '10/03/2025', valor: '1.234,56', informante: 'BANCO' }],
          chequesSemFundo: { total: 4, itens: [] },
          consultas: [{ data: '01/12/2025', consultante: 'LOJA' }],
        },
      },
      pedidoPf,
      clock.now(),
    );
    expect(outro.identificacao.nome).toBe('EMPRESA X');
    expect(outro.score).toEqual({ valor: 450, modelo: null, taxa_inadimplencia: null });
    expect(outro.pendencias.pefin).toEqual({
      quantidade: 1,
      valor_centavos: 123456,
      itens: [expect.objectContaining({ data: '2025-03-10', credor: 'BANCO' })],
    });
    expect(outro.pendencias.cheques.quantidade).toBe(4);
    expect(outro.consultas.itens).toEqual([
      { data: '2025-12-01', segmento: 'LOJA', quantidade: null },
    ]);
  });

  it('registers a CNPJ with the body of "Cadastro do CNPJ" and the SH headers only', async () => {
    stub.state.answer = async () => ({ status: 201, body: { situacao: 'AGUARDANDO_CONTRATO' } });
    const result = await open().cadastrar({
      cnpj: '11.222.333/0001-81',
      razao_social: 'EMPRESA LTDA',
      nome_fantasia: 'EMPRESA',
      representante: { nome: 'FULANO', cpf: '529.982.247-25' },
      telefone: '(44) 3000-0000',
      email: 'a@b.com',
      endereco: {
        logradouro: 'AV BRASIL',
        numero: '100',
        complemento: null,
        bairro: 'ZONA 1',
        cep: '87013-000',
        cidade: 'MARINGA',
        uf: 'PR',
      },
      responsavel_contrato: { nome: 'CICLANO', telefone: '44 99999-0000', email: 'c@b.com' },
    });
    expect(result).toMatchObject({ tipo: 'cadastro', estado: 'aguardando_contrato' });
    const [call] = stub.state.calls;
    expect(call.path).toBe('/v1/homologacao/cadastros');
    expect(call.headers).not.toHaveProperty('password');
    expect(call.body).toStrictEqual({
      nomeFantasia: 'EMPRESA',
      razaoSocial: 'EMPRESA LTDA',
      cnpj: '11222333000181',
      nomeRepresentante: 'FULANO',
      cpfRepresentante: '52998224725',
      telefone: '4430000000',
      email: 'a@b.com',
      endereco: 'AV BRASIL',
      numeroEndereco: '100',
      complementoEndereco: '',
      bairro: 'ZONA 1',
      cep: '87013000',
      cidade: 'MARINGA',
      uf: 'PR',
      nomeResponsavelContrato: 'CICLANO',
      telefoneResponsavelContrato: '44999990000',
      emailResponsavelContrato: 'c@b.com',
    });
  });

  it.each([
    [{ cnpj: '1', situacao: 'ATIVO' }, 'ativo'],
    [[{ cnpj: '1', status: 'Aguardando assinatura do contrato' }], 'aguardando_contrato'],
    [{ dados: { situacao: 'CONTRATO ASSINADO' } }, 'ativo'],
    [{ cnpj: '1', situacao: 'INATIVO' }, 'cadastrado'],
    [{ cnpj: '1', ativo: true }, 'ativo'],
    [{ cnpj: '1' }, 'cadastrado'],
    [[], 'nao_cadastrado'],
    [null, 'nao_cadastrado'],
    [{ _dados: [] }, 'nao_cadastrado'],
  ])('reads the registration %j as %s', (body, estado) => {
    expect(estadoDoCadastro(body)).toBe(estado);
  });

  it('testar checks each credential level without billable calls', async () => {
    stub.state.answer = async (call) =>
      call.path.endsWith('/cadastros')
        ? { status: 200, body: { situacao: 'ATIVO' } }
        : { status: 422, body: { errors: [{ message: 'Protocolo nao encontrado' }] } };
    expect(await open().testar()).toEqual({
      ok: true,
      verificacoes: [
        { nome: 'software_house', ok: true, mensagem: 'cnpj_sh e token_sh aceitos' },
        { nome: 'cadastro_usuario', ok: true, mensagem: expect.stringContaining('liberado') },
        { nome: 'login_scc_check', ok: true, mensagem: expect.stringContaining('aceitos') },
      ],
    });
    expect(stub.state.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /v1/homologacao/cadastros?cnpj=11222333000181',
      'GET /v1/homologacao/negativacao?protocolo=credgate-teste-credenciais',
    ]);

    stub.state.answer = async (call) =>
      call.path.endsWith('/cadastros')
        ? { status: 404, body: { message: 'CNPJ nao cadastrado' } }
        : { status: 401, body: { code: 401, message: 'Unauthorized' } };
    const falhou = await open().testar();
    expect(falhou.ok).toBe(false);
    expect(falhou.verificacoes.map((v) => [v.nome, v.ok])).toEqual([
      ['software_house', true],
      ['cadastro_usuario', false],
      ['login_scc_check', false],
    ]);
    expect(falhou.verificacoes[1].mensagem).toContain('nao cadastrado');
  });
});
