import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/infra/clock.js';
import type { DividaParaRemover } from '../../src/providers/contract.js';
import { tecnospeed } from '../../src/providers/tecnospeed/index.js';
import {
  closedPortUrl,
  credenciais,
  divida,
  failure,
  fixture,
  LOGIN,
  openClient,
  SENHA,
  startStub,
  text,
  TOKEN_SH,
  type StubTecnospeed,
} from '../fixtures/tecnospeed/stub-tecnospeed.js';

// The transport and the negativacao operations on the wire of a stub Tecnospeed: paths per
// environment, credential headers and their masking, bodies, and every error mapping.

const remocao: DividaParaRemover = {
  credor: divida.credor,
  devedor: '00001209523',
  contrato: divida.contrato,
  motivo: '01',
  chaves: {},
  referencia_inclusao: 'prot-incl-9',
};

describe('Tecnospeed client: transport, negativacao and errors', () => {
  let stub: StubTecnospeed;
  let clock: ManualClock;

  beforeEach(async () => {
    stub = await startStub();
    clock = new ManualClock('2026-01-05T02:00:00Z');
  });
  afterEach(async () => {
    await stub.app.close();
  });

  const open = (settings: Record<string, unknown> = {}, ambiente?: 'producao' | 'homologacao') =>
    openClient(stub, clock, settings, ambiente);

  it('prefixes /v1 in production and /v1/homologacao in homologation, under url_base', async () => {
    await open({}, 'producao').incluir(divida);
    await open({}, 'homologacao').incluir(divida);
    await openClient(stub, clock, { url_base: `${stub.url}/sandbox/tecnospeed/` }).acompanhar(
      'p 1',
    );
    expect(stub.state.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST /v1/negativacao',
      'POST /v1/homologacao/negativacao',
      'GET /sandbox/tecnospeed/v1/homologacao/negativacao?protocolo=p+1',
    ]);
  });

  it('sends all five credential headers on negativacao routes, only the pair SH on cadastros', async () => {
    const client = open();
    await client.incluir(divida);
    await client.consultarCadastro('11.222.333/0001-81');
    const [negativacao, cadastro] = stub.state.calls;
    expect(negativacao.headers).toMatchObject({
      cnpjsh: credenciais.cnpj_sh,
      tokensh: TOKEN_SH,
      cnpjusuario: credenciais.cnpj_usuario,
      login: LOGIN,
      password: SENHA,
      'content-type': 'application/json',
    });
    expect(cadastro.url).toBe('/v1/homologacao/cadastros?cnpj=11222333000181');
    expect(cadastro.headers).toMatchObject({ cnpjsh: credenciais.cnpj_sh, tokensh: TOKEN_SH });
    expect(cadastro.headers).not.toHaveProperty('login');
    expect(cadastro.headers).not.toHaveProperty('password');
    expect(cadastro.headers).not.toHaveProperty('cnpjusuario');
  });

  it('includes a debt with the body of research A.6 and answers its protocolo', async () => {
    stub.state.answer = async () => ({ status: 200, body: { protocolo: 'prot-77' } });
    const result = await open().incluir(divida);
    expect(result).toMatchObject({ tipo: 'aceita', referencia: 'prot-77' });
    expect(stub.state.calls[0].body).toStrictEqual({
      nome: 'CLIENTE TESTE ABCB',
      documento: '00001209523',
      endereco: 'RUA EXEMPLO, 123',
      bairro: 'CENTRO',
      municipio: 'SAO PAULO',
      uf: 'SP',
      cep: '01001000',
      divida: {
        nossoNumero: 'CT-000123/01',
        especieTitulo: 'DS',
        numDocumento: 'CT-000123/01',
        dataEmissao: '2025-01-10',
        dataVencimento: '2025-01-10',
        valorTitulo: 150.75,
      },
    });
  });

  it('follows the configured especie table, date format and emission date (Brasilia day)', async () => {
    const client = open({
      naturezas: { XY: { descricao: 'OUTRA', especie_titulo: 'NP' } },
      formato_data: 'dd/mm/aaaa',
      data_emissao: 'envio',
    });
    const comComplemento = {
      ...divida,
      natureza: 'XY',
      devedor: {
        ...divida.devedor,
        endereco: { ...divida.devedor.endereco, numero: null, complemento: 'APTO 4' },
      },
    };
    await client.incluir(comComplemento);
    const body = stub.state.calls[0].body as any;
    expect(body.endereco).toBe('RUA EXEMPLO');
    expect(body.enderecoComplemento).toBe('APTO 4');
    // 02:00 UTC on the 5th is still the 4th in Brasilia.
    expect(body.divida).toMatchObject({
      especieTitulo: 'NP',
      dataEmissao: '04/01/2026',
      dataVencimento: '10/01/2025',
    });
    expect(await client.incluir(divida)).toMatchObject({
      tipo: 'recusada',
      codigo: 'natureza_invalida',
      trocas: [],
    });
    expect(stub.state.calls).toHaveLength(1);
  });

  it('masks tokenSH, login and password in the audit trail, keeping the CNPJs', async () => {
    const result = await open().incluir(divida);
    const audit = JSON.stringify(result.trocas);
    for (const secret of [TOKEN_SH, LOGIN, SENHA]) expect(audit).not.toContain(secret);
    expect(result.trocas).toHaveLength(1);
    expect(result.trocas[0]).toMatchObject({
      requisicao: {
        metodo: 'POST',
        url: `${stub.url}/v1/homologacao/negativacao`,
        cabecalhos: {
          cnpjSH: credenciais.cnpj_sh,
          tokenSH: '***',
          cnpjUsuario: credenciais.cnpj_usuario,
          login: '***',
          password: '***',
        },
        corpo: { documento: '00001209523' },
      },
      resposta: { status: 200, corpo: { protocolo: 'prot-1' } },
    });
  });

  it('maps a 422 to a refusal with internalCode and message verbatim', async () => {
    stub.state.answer = async () => ({ status: 422, body: fixture('erro-422.json') });
    expect(await open().incluir(divida)).toMatchObject({
      tipo: 'recusada',
      codigo: 'recusada_pelo_provedor',
      status_http: 422,
      codigo_provedor: '1042',
      mensagem_provedor: 'O campo cep e invalido',
      trocas: [{ resposta: { status: 422 } }],
    });
  });

  it('maps 401 (its body is not even JSON) and 403 to credenciais_invalidas; 404 to resposta_inesperada', async () => {
    const client = open();
    stub.state.answer = async () => ({ status: 401, body: text('erro-401.txt') });
    const refused = await client.incluir(divida);
    expect(refused).toMatchObject({
      tipo: 'recusada',
      codigo: 'credenciais_invalidas',
      status_http: 424,
      codigo_provedor: null,
      mensagem_provedor: expect.stringContaining('"code": 401'),
    });
    expect(await client.acompanhar('p')).toMatchObject({ codigo: 'credenciais_invalidas' });
    stub.state.answer = async () => ({ status: 403, body: { message: 'Forbidden' } });
    expect(await client.remover(remocao)).toMatchObject({
      codigo: 'credenciais_invalidas',
      mensagem_provedor: 'Forbidden',
    });
    stub.state.answer = async () => ({ status: 404, body: 'Not Found' });
    expect(await client.incluir(divida)).toMatchObject({
      codigo: 'resposta_inesperada',
      status_http: 502,
    });
  });

  it('5xx and 429 are unavailability; a 502/504 or a 2xx without protocolo after a POST is ambiguous', async () => {
    const client = open();
    stub.state.answer = async () => ({ status: 503, body: 'Service Unavailable' });
    expect(await failure(client.incluir(divida))).toMatchObject({
      codigo: 'provedor_indisponivel',
      ambigua: false,
      status: 503,
    });
    stub.state.answer = async () => ({ status: 504, body: 'Gateway Timeout' });
    expect(await failure(client.incluir(divida))).toMatchObject({ ambigua: true, status: 504 });
    expect(await failure(client.acompanhar('p'))).toMatchObject({ ambigua: false, status: 504 });
    stub.state.answer = async () => ({ status: 200, body: { ok: true } });
    expect(await failure(client.incluir(divida))).toMatchObject({
      codigo: 'resposta_invalida',
      ambigua: true,
    });
    stub.state.answer = async () => ({
      status: 429,
      body: 'Too Many Requests',
      headers: { 'retry-after': '7' },
    });
    expect(await failure(client.acompanhar('p'))).toMatchObject({
      codigo: 'limite_excedido',
      ambigua: false,
      retryAfterMs: 7000,
    });
  });

  it('a timeout after sending a POST is ambiguous; on a GET it is not', async () => {
    stub.state.answer = async () => 'hang';
    const client = open({ timeout_ms: 150 });
    const post = await failure(client.incluir(divida));
    expect(post).toMatchObject({ codigo: 'tempo_esgotado', ambigua: true });
    expect(post.trocas.at(-1)).toMatchObject({ falha: 'timeout', resposta: null });
    expect(await failure(client.acompanhar('p'))).toMatchObject({
      codigo: 'tempo_esgotado',
      ambigua: false,
    });
  });

  it('a refused connection is not ambiguous, even for a POST', async () => {
    const client = openClient(stub, clock, { url_base: await closedPortUrl() });
    const error = await failure(client.incluir(divida));
    expect(error).toMatchObject({ codigo: 'falha_de_rede', ambigua: false });
    expect(error.trocas.at(-1)!.falha).toBe('rede');
  });

  it('removes by the inclusion protocolo and a codMotivo of the table', async () => {
    const client = open();
    stub.state.answer = async () => ({ status: 200, body: {} });
    expect(await client.remover(remocao)).toMatchObject({
      tipo: 'aceita',
      referencia: 'prot-incl-9',
    });
    expect(stub.state.calls[0]).toMatchObject({
      method: 'POST',
      path: '/v1/homologacao/negativacao/remover',
      body: { protocolo: 'prot-incl-9', codMotivo: '01' },
    });
    expect(await client.remover({ ...remocao, referencia_inclusao: null })).toMatchObject({
      tipo: 'recusada',
      codigo: 'referencia_ausente',
      mensagem: expect.stringContaining('protocolo da inclusao'),
    });
    expect(await client.remover({ ...remocao, motivo: '77' })).toMatchObject({
      codigo: 'motivo_invalido',
    });
    expect(stub.state.calls).toHaveLength(1);
  });

  it.each([
    ['NEGATIVACAO_PROCESSANDO', 'processando'],
    ['NEGATIVACAO_ENVIADO', 'enviada'],
    ['NEGATIVACAO_ACEITA', 'aceita'],
    ['NEGATIVACAO_AGUARDANDO_CORRECAO', 'aguardando_correcao'],
    ['NEGATIVACAO_REJEITADA', 'rejeitada'],
    ['NEGATIVACAO_BAIXA_ENVIADA', 'baixa_enviada'],
    ['NEGATIVACAO_BAIXADA', 'baixada'],
    ['negativacao_aceita', 'aceita'],
    ['BAIXA_ENVIADA', 'baixa_enviada'],
    ['NEGATIVACAO_EM_ANALISE', 'desconhecida'],
    ['', 'desconhecida'],
  ])(
    'reads situacao %s as %s, keeping it, motivo and historico verbatim',
    async (situacao, fase) => {
      const registro = { ...(fixture('negativacao-aceita.json') as object), situacao, motivo: 'X' };
      stub.state.answer = async () => ({ status: 200, body: registro });
      const result = await open().acompanhar('a1b2c3d4-0001');
      expect(stub.state.calls[0].url).toBe('/v1/homologacao/negativacao?protocolo=a1b2c3d4-0001');
      expect(result).toMatchObject({ tipo: 'acompanhamento', situacao, fase, motivo: 'X' });
      if (result.tipo !== 'acompanhamento') throw new Error('expected an acompanhamento');
      expect(result.historico).toEqual((fixture('negativacao-aceita.json') as any).historico);
      expect(result.trocas).toHaveLength(1);
    },
  );

  it('acompanhar: an unknown protocolo, other 422s and a 200 without a record', async () => {
    const client = open();
    stub.state.answer = async () => ({
      status: 422,
      body: { errors: [{ message: 'Protocolo não encontrado', internalCode: 3 }] },
    });
    expect(await client.acompanhar('nope')).toMatchObject({
      codigo: 'protocolo_desconhecido',
      codigo_provedor: '3',
      mensagem_provedor: 'Protocolo não encontrado',
    });
    stub.state.answer = async () => ({ status: 422, body: fixture('erro-422.json') });
    expect(await client.acompanhar('p')).toMatchObject({ codigo: 'recusada_pelo_provedor' });
    stub.state.answer = async () => ({ status: 200, body: 'ok' });
    expect(await failure(client.acompanhar('p'))).toMatchObject({ codigo: 'resposta_invalida' });
  });

  it('localizar asks by document and contract and keeps only matching records (an assumption)', async () => {
    const proprio = fixture('negativacao-aceita.json') as any;
    const outro = { ...proprio, protocolo: 'other', divida: { nossoNumero: 'OUTRO' } };
    stub.state.answer = async () => ({
      status: 200,
      body: [proprio, outro, { ...proprio, protocolo: 'p-2' }],
    });
    const result = await open().localizar({
      documento: '000.012.095-23',
      contrato: divida.contrato,
    });
    expect(stub.state.calls[0].path).toBe('/v1/homologacao/negativacao');
    expect(Object.fromEntries(stub.state.calls[0].query)).toEqual({
      documento: '00001209523',
      nossoNumero: 'CT-000123/01',
    });
    expect(result).toMatchObject({ tipo: 'localizada', referencias: ['a1b2c3d4-0001', 'p-2'] });
    stub.state.answer = async () => ({ status: 200, body: [] });
    expect(await open().localizar({ documento: '1', contrato: 'c' })).toMatchObject({
      referencias: [],
    });
    stub.state.answer = async () => ({ status: 200, body: { protocolo: 'x' } });
    expect(await failure(open().localizar({ documento: '1', contrato: 'c' }))).toMatchObject({
      codigo: 'resposta_invalida',
    });
  });

  it('the adapter hands the core the whole client and its polling schedules', () => {
    const client = tecnospeed.createClient!({
      ambiente: 'homologacao',
      credenciais,
      configuracoes: tecnospeed.settingsSchema.parse({ url_base: stub.url }),
      now: () => clock.now(),
    });
    expect(Object.keys(client).sort()).toEqual(
      [
        'acompanhar',
        'acompanharConsulta',
        'cadastrar',
        'consultar',
        'consultarCadastro',
        'incluir',
        'localizar',
        'remover',
        'situacaoCadastro',
        'testar',
      ].sort(),
    );
    const configuracoes = tecnospeed.settingsSchema.parse({
      acompanhamento: { intervalos_rapidos_ms: [1000, 3000], max_tentativas: 9 },
      acompanhamento_consulta: { intervalo_ms: 2000, prazo_maximo_ms: 9000 },
    });
    expect(tecnospeed.acompanhamento!(configuracoes)).toEqual({
      intervalos_rapidos_ms: [1000, 3000],
      intervalo_lento_ms: 3_600_000,
      max_consultas: 9,
      limite_por_segundo: 5,
    });
    expect(tecnospeed.acompanhamentoConsulta!(configuracoes)).toEqual({
      intervalos_rapidos_ms: [2000],
      intervalo_lento_ms: 2000,
      max_consultas: 5,
      limite_por_segundo: 5,
    });
  });
});
