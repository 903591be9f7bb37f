import { describe, expect, it } from 'vitest';
import {
  codigos,
  DEMO,
  empresa,
  HOM,
  negativacao,
  OUTRO_CNPJ,
  PROD,
  SH,
  USUARIO,
  useTecnospeedSandbox,
} from '../support/tecnospeed-sandbox-harness.js';

describe('Tecnospeed sandbox: auth, cadastro, consulta and control', () => {
  const h = useTecnospeedSandbox();
  const { call, control, incluir, ler } = h;

  it('answers 401 in the documented shape for each missing or wrong header', async () => {
    const rota = `${HOM}/negativacao?protocolo=x`;
    expect((await call('GET', rota)).status).toBe(422); // all five fine: past auth
    const casos: Array<[Record<string, string>, string]> = [
      [{ cnpjSH: '' }, 'cnpjSH'],
      [{ cnpjSH: '12345678000100' }, 'cnpjSH'],
      [{ tokenSH: '' }, 'tokenSH'],
      [{ tokenSH: 'invalido-123' }, 'tokenSH'],
      [{ cnpjUsuario: '' }, 'cnpjUsuario'],
      [{ login: '' }, 'login'],
      [{ password: '' }, 'password'],
      [{ password: 'INVALIDO' }, 'password'],
      [{ login: 'invalido.usuario' }, 'login'],
      [{ cnpjUsuario: OUTRO_CNPJ }, 'cnpjUsuario nao cadastrado'],
    ];
    for (const [headers, motivo] of casos) {
      const { status, body } = await call('GET', rota, { headers });
      expect(status, JSON.stringify(headers)).toBe(401);
      expect(Object.keys(body)).toEqual(['code', 'message']);
      expect(body.code).toBe(401);
      expect(body.message).toContain(motivo);
    }
    // Header names are case-insensitive; the cadastro routes need only the Software House pair.
    const minusculas = await fetch(`${h.sandbox.url}${HOM}/cadastros?cnpj=${DEMO}`, {
      headers: { cnpjsh: SH.cnpjSH, TOKENSH: SH.tokenSH },
    });
    expect(minusculas.status).toBe(200);
    const semToken = await call('GET', `${PROD}/cadastros?cnpj=${DEMO}`, {
      headers: { tokenSH: '' },
    });
    expect(semToken.status).toBe(401);

    // Exact credentials only when asked: then only the demo company's issued pair passes.
    await control('PUT', '/config', { exigir_credenciais_exatas: true });
    expect((await call('GET', rota)).status).toBe(401);
    const exatas = { login: 'demo', password: 'demo-senha' };
    expect((await call('GET', rota, { headers: exatas })).status).toBe(422);
  });

  it('registers a CNPJ, keeps it pending until SCC activates it, then lets it work', async () => {
    const cadastro = await call('POST', `${PROD}/cadastros`, {
      headers: { cnpjUsuario: '', login: '', password: '' },
      body: empresa(OUTRO_CNPJ),
    });
    expect(cadastro).toMatchObject({
      status: 200,
      body: { cnpj: OUTRO_CNPJ, situacao: 'AGUARDANDO_CONTRATO', razaoSocial: 'LOJA EXEMPLO LTDA' },
    });
    expect(cadastro.body).not.toHaveProperty('senha');
    const repetido = await call('POST', `${PROD}/cadastros`, { body: empresa(OUTRO_CNPJ) });
    expect(repetido.status).toBe(422);
    expect(codigos(repetido.body)).toEqual([2001]);
    const situacao = async () => (await call('GET', `${HOM}/cadastros?cnpj=${OUTRO_CNPJ}`)).body;
    expect((await situacao()).situacao).toBe('AGUARDANDO_CONTRATO');

    const comoOutro = { cnpjUsuario: OUTRO_CNPJ };
    const consulta = { documento: '39053344705', codConsulta: 2, retorno: 'JSON' };
    const pendente = await call('POST', `${HOM}/consultas/assincrona`, {
      headers: comoOutro,
      body: consulta,
    });
    expect(pendente.status).toBe(401);
    expect(pendente.body.message).toContain('sem contrato ativo');

    const ativado = await control('POST', `/cadastros/${OUTRO_CNPJ}/ativar`, {});
    expect(ativado.body).toMatchObject({ cnpj: OUTRO_CNPJ, situacao: 'ATIVO' });
    expect(ativado.body.login).toEqual(expect.any(String));
    expect(ativado.body.senha).toEqual(expect.any(String));
    expect((await situacao()).situacao).toBe('ATIVO');
    const ok = await call('POST', `${HOM}/consultas/assincrona`, {
      headers: comoOutro,
      body: consulta,
    });
    expect(ok.status).toBe(200);

    expect((await call('GET', `${HOM}/cadastros?cnpj=43557445000180`)).status).toBe(404);
    const invalido = await call('GET', `${HOM}/cadastros?cnpj=123`);
    expect([invalido.status, codigos(invalido.body)]).toEqual([422, [1005]]);
    expect((await control('POST', '/cadastros/43557445000180/ativar')).status).toBe(404);

    const ruim = await call('POST', `${HOM}/cadastros`, {
      body: { ...empresa('11222333000182'), email: 'sem-arroba', uf: 'XX', razaoSocial: undefined },
    });
    expect(ruim.status).toBe(422);
    expect(codigos(ruim.body).sort()).toEqual([1002, 1005, 1006, 1010]);

    await control('PUT', '/config', { ativar_cadastro_automaticamente: true });
    const automatico = await call('POST', `${HOM}/cadastros`, { body: empresa('43557445000180') });
    expect(automatico.body.situacao).toBe('ATIVO');
  });

  it('answers a consulta 202 the configured number of times, then the report as JSON or HTML', async () => {
    const pedir = async (body: unknown) =>
      (await call('POST', `${HOM}/consultas/assincrona`, { body })).body.protocolo as string;
    const json = await pedir({
      documento: '39053344705',
      codConsulta: 1,
      uf: 'PR',
      retorno: 'JSON',
    });
    expect(json).toMatch(/^[0-9a-f-]{36}$/);
    const resultado = (protocolo: string) =>
      call('GET', `${HOM}/consultas/assincrona?protocolo=${protocolo}`);
    for (let i = 0; i < 2; i++) {
      expect(await resultado(json)).toMatchObject({
        status: 202,
        body: { mensagem: 'Consulta em processamento' },
      });
    }
    const pronto = await resultado(json);
    expect(pronto.status).toBe(200);
    const relatorio = pronto.body;
    expect(relatorio).toMatchObject({
      protocolo: json,
      codConsulta: 1,
      produto: 'CREDNET PF E PJ TOP',
      documento: '39053344705',
      tipoDocumento: 'CPF',
      identificacao: {
        nome: expect.stringMatching(/^[A-Z]+( [A-Z]+)+$/),
        situacaoCadastral: 'REGULAR',
      },
      score: { pontuacao: expect.any(Number), modelo: 'HSPN' },
    });
    for (const bloco of Object.values<any>(relatorio.pendencias)) {
      expect(bloco.quantidade).toBe(bloco.ocorrencias.length);
      const soma = bloco.ocorrencias.reduce(
        (s: number, o: any) => s + Math.round(o.valor * 100),
        0,
      );
      expect(Math.round(bloco.valorTotal * 100)).toBe(soma);
    }
    for (const protesto of relatorio.pendencias.protestos.ocorrencias)
      expect(protesto.uf).toBe('PR');
    // Deterministic per document: a second consulta of it has the same report but its own protocolo.
    await control('PUT', '/config', { consultas_202: 0 });
    const outra = await pedir({
      documento: '39053344705',
      codConsulta: 1,
      uf: 'PR',
      retorno: 'JSON',
    });
    const segunda = (await resultado(outra)).body;
    expect({ ...segunda, protocolo: json }).toEqual(relatorio);

    const html = await pedir({ documento: '11444777000161', codConsulta: 4, uf: 'SP' });
    const pagina = await resultado(html);
    expect(pagina.status).toBe(200);
    expect(pagina.tipo).toBe('text/html; charset=utf-8');
    expect(pagina.body).toMatch(/^<!DOCTYPE html>/);
    expect(pagina.body).toContain('CREDNET LIGHT + PROTESTO ESTADUAL');
    expect(pagina.body).toContain('11444777000161');
    expect(pagina.body).toContain('Nao incluido neste produto'); // code 4 has no score
    expect(pagina.body).toContain('</html>');

    // Protocolos belong to their environment; unknown ones are a 422.
    const producao = await call('GET', `${PROD}/consultas/assincrona?protocolo=${json}`);
    expect([producao.status, codigos(producao.body)]).toEqual([422, [3004]]);
  });

  it('validates a consulta with one internalCode per problem', async () => {
    const pedir = (body: unknown) => call('POST', `${HOM}/consultas/assincrona`, { body });
    const semUf = await pedir({ documento: '39053344705', codConsulta: 4 });
    expect(semUf).toEqual({
      status: 422,
      tipo: expect.stringContaining('json'),
      body: {
        code: 422,
        message: 'Unprocessable Entity',
        errors: [{ message: 'O campo uf e obrigatorio', internalCode: 1002 }],
      },
    });
    const tudoErrado = await pedir({ documento: '390.533.447-05', codConsulta: 999, uf: 'ZZ' });
    expect(codigos(tudoErrado.body)).toEqual([1005, 3001, 1006]);
    expect(codigos((await pedir({ documento: OUTRO_CNPJ, codConsulta: 600 })).body)).toEqual([
      3003,
    ]);
    expect(codigos((await pedir({ documento: '39053344705', codConsulta: '1' })).body)).toEqual([
      1003,
    ]);
    expect((await pedir({ documento: '39053344705', codConsulta: 2 })).status).toBe(200);
    const quebrado = await fetch(`${h.sandbox.url}${HOM}/consultas/assincrona`, {
      method: 'POST',
      headers: { ...SH, ...USUARIO, 'content-type': 'application/json' },
      body: '{ nao e json',
    });
    expect(quebrado.status).toBe(422);
    expect(codigos(await quebrado.json())).toEqual([1001]);
  });

  it('records every call with its environment and masks secrets', async () => {
    await call('GET', `${PROD}/cadastros?cnpj=${DEMO}`);
    await incluir();
    await call('GET', `${HOM}/negativacao?protocolo=x`, { headers: { password: '' } });
    const { chamadas, cadastros } = (await control('GET', '/registros')).body;
    expect(chamadas.map((c: any) => [c.metodo, c.ambiente, c.status])).toEqual([
      ['GET', 'producao', 200],
      ['POST', 'homologacao', 200],
      ['GET', 'homologacao', 401],
    ]);
    expect(chamadas[0].caminho).toBe(`${PROD}/cadastros?cnpj=${DEMO}`);
    expect(chamadas[1].corpo).toEqual(negativacao());
    expect(chamadas[1].headers).toMatchObject({
      cnpjsh: SH.cnpjSH,
      tokensh: '********',
      cnpjusuario: DEMO,
      login: USUARIO.login,
      password: '********',
    });
    const texto = JSON.stringify((await control('GET', '/registros')).body);
    for (const segredo of [SH.tokenSH, USUARIO.password, 'demo-senha']) {
      expect(texto).not.toContain(segredo);
    }
    expect(cadastros.find((c: any) => c.cnpj === DEMO)).toMatchObject({
      situacao: 'ATIVO',
      login: 'demo',
      senha: '********',
    });
    expect((await control('DELETE', '/registros')).body.chamadas).toEqual([]);
  });

  it('validates PUT /__sandbox/config, advances its clock and resets', async () => {
    for (const [body, campo] of [
      [{ consultas_202: -1 }, 'consultas_202'],
      [{ escala_tempo: 0 }, 'escala_tempo'],
      [{ etapas_ms: { enviado: 'logo' } }, 'etapas_ms.enviado'],
      [{ exigir_credenciais_exatas: 'sim' }, 'exigir_credenciais_exatas'],
      [
        { produtos_consulta: { X: { nome: 'a', exige_uf: false, documento: 'cpf' } } },
        'produtos_consulta.X',
      ],
      [{ perder_respostas: 1 }, 'perder_respostas'],
    ] as const) {
      const response = await control('PUT', '/config', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.erro).toMatchObject({ codigo: 'campo_invalido', campo });
    }
    const atualizada = await control('PUT', '/config', {
      etapas_ms: { processando: 0 },
      motivos_baixa: ['PG'],
    });
    expect(atualizada.body.etapas_ms).toEqual({
      processando: 0,
      enviado: 10_000,
      baixa_enviada: 5_000,
    });
    expect(atualizada.body.motivos_baixa).toEqual(['PG']);

    const protocolo = await incluir();
    expect((await ler(protocolo)).situacao).toBe('NEGATIVACAO_ENVIADO');
    const avancado = await control('POST', '/relogio/avancar', { ms: 10_000 });
    expect(avancado.body.situacoes).toEqual({ [protocolo]: 'NEGATIVACAO_ACEITA' });
    expect(avancado.body.agora).toBe('2026-01-05T12:00:10.000Z');

    expect((await control('POST', '/reset')).body.config.motivos_baixa).toContain('01');
    const limpo = (await control('GET', '/registros')).body;
    expect([limpo.chamadas, limpo.negativacoes, limpo.agora]).toEqual([
      [],
      [],
      '2026-01-05T12:00:00.000Z',
    ]);
    expect(limpo.cadastros.map((c: any) => c.cnpj)).toEqual([DEMO]);
  });
});
