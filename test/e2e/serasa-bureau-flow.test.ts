import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSerasaBureauSandbox } from '../../src/providers/serasa-bureau/sandbox.js';
import {
  startSandboxServer,
  type SandboxServer,
} from '../../src/sandboxes/start-sandbox-server.js';
import { extractPdfText } from '../support/pdf-text.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface ConsultaView {
  id: string;
  situacao: string;
  resumo: { nome: string | null; score: number | null; pefin: { quantidade: number } } | null;
  erro: { codigo: string; mensagem: string } | null;
  links: { relatorio_html: string; relatorio_pdf: string } | null;
  relatorio: Record<string, any>;
  original: { partes: number; estruturado: any; mapa: Record<string, string> };
}

interface Recebida {
  funcao: string;
  documento: string;
  logon: string;
  metodo: string;
  p_mascarado: string;
}

// Serasa Bureau (B49C strings) through the provider-agnostic consulta API, against the sandbox
// host: the same layouts build the request, the sandbox reads it, and the answer is decoded.
describe('Serasa Bureau (B49C) end to end through the HTTP API', () => {
  let sandbox: SandboxServer;
  let t: TestApp;

  const criar = async (credenciais: Record<string, unknown>, configuracoes = {}) => {
    const response = await t.api('/v1/integracoes', {
      method: 'POST',
      json: {
        provedor: 'serasa_bureau',
        ambiente: 'homologacao',
        descricao: 'Serasa Bureau (sandbox)',
        credenciais,
        configuracoes: { url: `${sandbox.url}`, ...configuracoes },
      },
    });
    expect(response.status, await response.clone().text()).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  const consultar = async (integracao_id: string, documento: string, produto: string) => {
    const response = await t.api('/v1/consultas', {
      method: 'POST',
      json: { integracao_id, documento, produto },
    });
    return { status: response.status, body: (await response.json()) as ConsultaView };
  };
  const recebidas = async () =>
    (
      (await (await fetch(`${sandbox.url}/__sandbox/registros`)).json()) as {
        registros: Recebida[];
      }
    ).registros;

  beforeAll(async () => {
    sandbox = await startSandboxServer(createSerasaBureauSandbox());
    t = await startTestApp({ workers: false });
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  it('testar logs in with FUNCAO ENC (no document consulted) and tells a wrong senha apart', async () => {
    const boa = await criar({ logon: 'DEMO0001', senha: 'demo1234' });
    const ruim = await criar({ logon: 'DEMO0001', senha: 'errada1' });
    await fetch(`${sandbox.url}/__sandbox/registros`, { method: 'DELETE' });
    const ok = await (await t.api(`/v1/integracoes/${boa}/testar`, { method: 'POST' })).json();
    expect(ok).toMatchObject({ ok: true });
    const recusado = (await (
      await t.api(`/v1/integracoes/${ruim}/testar`, { method: 'POST' })
    ).json()) as { ok: boolean; verificacoes: Array<{ mensagem: string }> };
    expect(recusado.ok).toBe(false);
    expect(recusado.verificacoes[0].mensagem).toContain('USUARIO OU SENHA INVALIDA');
    expect((await recebidas()).map((r) => r.funcao)).toEqual(['ENC', 'ENC']);
  });

  it('answers a CPF with negatives: report, flat map, structured records, HTML and PDF', async () => {
    const id = await criar({ logon: 'DEMO0001', senha: 'demo1234' });
    const { status, body } = await consultar(id, '000.000.002-72', 'CREDIT_BUREAU_PF');
    expect(status, JSON.stringify(body.erro)).toBe(201);
    expect(body.situacao).toBe('concluida');
    expect(body.resumo).toMatchObject({ nome: 'JOAO PEREIRA TESTE', score: 312 });
    const { pendencias } = body.relatorio;
    expect(pendencias.pefin.quantidade).toBe(3);
    expect(pendencias.pefin.valor_centavos).toBe(25050 + 102500 + 45000);
    expect(pendencias.refin.quantidade).toBe(1);
    expect(pendencias.protestos.quantidade).toBe(2);
    expect(pendencias.cheques.quantidade).toBe(1);
    expect(body.relatorio.consultas.quantidade).toBe(3);
    // The Intellector map: counters and 1-based repeats, values untrimmed.
    const { mapa, estruturado } = body.original;
    expect(mapa.B358_NUMPEFIN).toBe('4');
    expect(mapa.B354_NUMCONSULTA).toBe('3');
    expect(Object.keys(mapa)).toEqual(expect.arrayContaining(['B358_DTOCORR_1', 'B358_DTOCORR_4']));
    expect(estruturado.registros.B358).toHaveLength(4);
    expect(estruturado.registros.B358[0].bruto).toHaveLength(115);
    expect(estruturado.trailer).toMatchObject({ codigo: '000' });

    const html = await (await t.api(body.links!.relatorio_html)).text();
    expect(html).toContain('JOAO PEREIRA TESTE');
    expect(html).toContain('TELEFONIA XYZ');
    const pdf = Buffer.from(await (await t.api(body.links!.relatorio_pdf)).arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await extractPdfText(pdf)).toContain('JOAO PEREIRA TESTE');
  });

  it('follows a continuation (FUNCAO CON) and keeps every raw string, credentials masked', async () => {
    const id = await criar({ logon: 'DEMO0001', senha: 'demo1234' });
    await fetch(`${sandbox.url}/__sandbox/registros`, { method: 'DELETE' });
    const { status, body } = await consultar(id, '00000000353', 'CREDIT_BUREAU_PF');
    expect(status, JSON.stringify(body.erro)).toBe(201);
    expect(body.original.partes).toBe(2);
    expect(body.relatorio.consultas.quantidade).toBe(150);
    expect(body.original.mapa.B354_NUMCONSULTA).toBe('150');
    // One billed query (INI), then a continuation that sent the received header back.
    expect((await recebidas()).map((r) => r.funcao)).toEqual(['INI', 'CON']);

    const auditoria = (await (await t.api(`/v1/consultas/${body.id}/auditoria`)).json()) as {
      trocas: Array<{ enviado: string; recebido: string; status: number }>;
    };
    expect(auditoria.trocas).toHaveLength(2);
    for (const troca of auditoria.trocas) {
      expect(troca.enviado.startsWith('*'.repeat(24))).toBe(true);
      expect(troca.enviado).not.toContain('demo1234');
      expect(troca.status).toBe(200);
    }
    expect(auditoria.trocas[0].recebido.slice(57, 60)).toBe('CON');
    expect(auditoria.trocas[1].recebido.slice(57, 60)).toBe('FIM');
    // The continuation carries the first answer's header unchanged, then T999.
    expect(auditoria.trocas[1].enviado.slice(24, 424)).toBe(
      auditoria.trocas[0].recebido.slice(0, 400),
    );
    expect(auditoria.trocas[1].enviado.slice(424, 428)).toBe('T999');
    const stored = JSON.stringify(
      await t.ctx.database.db.selectFrom('consultas').selectAll().execute(),
    );
    expect(stored).not.toContain('demo1234');
  });

  it('a refused logon is a consulta with erro credenciais_invalidas, not a report', async () => {
    const id = await criar({ logon: 'DEMO0001', senha: 'errada1' });
    const { status, body } = await consultar(id, '00000000191', 'CREDIT_BUREAU_PF');
    expect(status).toBe(201);
    expect(body.situacao).toBe('erro');
    expect(body.erro).toMatchObject({ codigo: 'credenciais_invalidas' });
    expect(body.erro!.mensagem).toContain('USUARIO OU SENHA INVALIDA');
  });

  it('B901 errors become requisicao_invalida naming the code and record', async () => {
    // A policy default the host refuses: FUNCAO must be INI or CON.
    const id = await criar(
      { logon: 'DEMO0001', senha: 'demo1234' },
      { entrada_padrao: { B49C_FUNCAO: 'XYZ' } },
    );
    const { status, body } = await consultar(id, '00000000191', 'CREDIT_BUREAU_PF');
    expect(status).toBe(201);
    expect(body.situacao).toBe('erro');
    expect(body.erro).toMatchObject({ codigo: 'requisicao_invalida' });
    expect(body.erro!.mensagem).toContain('1030 em B49C');
  });

  it('GET sends p percent-encoded; a host 500 is a 503 with the consulta kept', async () => {
    // '#' ends a URL and '+', '%' and '&' change meaning in a query: all must arrive intact.
    await fetch(`${sandbox.url}/__sandbox/usuarios`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ logon: 'GET00001', senha: 'a+b#c%d&' }),
    });
    const id = await criar({ logon: 'GET00001', senha: 'a+b#c%d&' }, { metodo: 'GET' });
    await fetch(`${sandbox.url}/__sandbox/registros`, { method: 'DELETE' });
    const consulta = await consultar(id, '00000000191', 'CREDIT_BUREAU_PF');
    expect(consulta.status, JSON.stringify(consulta.body.erro)).toBe(201);
    expect(consulta.body.resumo?.nome).toBe('MARIA DA SILVA TESTE');
    const [recebida] = await recebidas();
    expect(recebida).toMatchObject({ metodo: 'GET', funcao: 'INI', documento: '00000000191' });

    const ok = await criar({ logon: 'DEMO0001', senha: 'demo1234' });
    const failure = await consultar(ok, '00000000434', 'CREDIT_BUREAU_PF');
    expect(failure.status).toBe(503);
    const stored = await t.ctx.database.db
      .selectFrom('consultas')
      .select(['situacao'])
      .where('documento', '=', '00000000434')
      .executeTakeFirstOrThrow();
    expect(stored.situacao).toBe('erro');
  });

  it('a CNPJ goes out as tipo pessoa J and maps the company name and REFIN', async () => {
    const id = await criar({ logon: 'DEMO0001', senha: 'demo1234' });
    const { status, body } = await consultar(id, '11.222.333/0001-81', 'CREDIT_BUREAU_PJ');
    expect(status, JSON.stringify(body.erro)).toBe(201);
    expect(body.resumo?.nome).toBe('EMPRESA TESTE COMERCIO LTDA');
    expect(body.relatorio.pendencias.refin.quantidade).toBe(1);
    expect(body.relatorio.pendencias.refin.valor_centavos).toBe(1_500_000);
  });
});
