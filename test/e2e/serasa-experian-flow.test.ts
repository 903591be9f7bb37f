import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractPdfText } from '../support/pdf-text.js';
import { DEVEDOR_CPF, startSerasaHarness, type SerasaHarness } from '../support/serasa-setup.js';

interface Registros {
  inclusoes: Array<{ transactionId: string; contrato: string }>;
  exclusoes: Array<{ transactionId: string; contrato: string }>;
}

describe('Serasa Experian end to end, through the HTTP API against the sandbox', () => {
  let h: SerasaHarness;

  beforeAll(async () => {
    h = await startSerasaHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('tests the integration, syncs products, queries, negativa and removes on payment', async () => {
    const teste = await h.app.api(`/v1/integracoes/${h.integracaoId}/testar`, { method: 'POST' });
    expect(teste.status).toBe(200);
    const resultadoTeste = (await teste.json()) as {
      ok: boolean;
      verificacoes: Array<{ nome: string; ok: boolean }>;
    };
    expect(resultadoTeste.ok).toBe(true);
    expect(resultadoTeste.verificacoes).toHaveLength(2);
    expect(resultadoTeste.verificacoes.every((v) => v.ok)).toBe(true);

    const sync = await h.app.api(
      `/v1/integracoes/${h.integracaoId}/produtos/sincronizar?sondar=true`,
      { method: 'POST' },
    );
    expect(sync.status).toBe(200);
    const catalogo = (await sync.json()) as {
      produtos: Array<{ codigo: string; tipo_documento: string; situacao: string }>;
      naturezas: Record<string, string>;
      motivos_baixa: Record<string, string>;
    };
    expect(catalogo.produtos.length).toBeGreaterThan(0);
    expect(catalogo.produtos.every((p) => p.situacao !== 'nao_verificado')).toBe(true);
    expect(catalogo.naturezas.TI).toBeDefined();
    expect(catalogo.motivos_baixa['01']).toBeDefined();
    const produtoPf = catalogo.produtos.find(
      (p) => p.tipo_documento === 'cpf' && p.situacao === 'contratado',
    )!;

    const consulta = await h.app.api('/v1/consultas', {
      method: 'POST',
      json: {
        integracao_id: h.integracaoId,
        documento: '000.012.095-23',
        produto: produtoPf.codigo,
        finalidade: 'analise de credito',
      },
    });
    expect(consulta.status).toBe(201);
    const c = (await consulta.json()) as {
      id: string;
      situacao: string;
      resumo: { nome: string };
      links: { relatorio_html: string; relatorio_pdf: string };
      trocas: unknown[];
    };
    expect(c.situacao).toBe('concluida');
    expect(c.resumo.nome).toBe('CLIENTE TESTE ABCB');
    expect(c.trocas.length).toBeGreaterThan(0);

    const html = await h.app.api(c.links.relatorio_html);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(await html.text()).toContain('CLIENTE TESTE ABCB');

    const pdf = await h.app.api(c.links.relatorio_pdf);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await extractPdfText(bytes)).toContain('CLIENTE TESTE ABCB');

    const created = await h.negativar({ faturas: ['FAT-E2E-1'] });
    expect(created.status).toBe('aguardando');
    const inserida = await h.waitStatus(created.id, 'inserida');
    expect((inserida.referencias as { inclusao: string }).inclusao).toBeTruthy();

    const pagamento = await h.app.api('/v1/pagamentos', {
      method: 'POST',
      json: { fatura: 'FAT-E2E-1', pago_em: new Date().toISOString() },
    });
    expect(pagamento.status).toBe(201);
    const pago = (await pagamento.json()) as {
      pagamentos: Array<{ negativacao_id: string; prazo_baixa: string }>;
    };
    expect(pago.pagamentos).toHaveLength(1);
    expect(pago.pagamentos[0].prazo_baixa).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const removida = await h.waitStatus(created.id, 'removida');
    expect((removida.pagamento as { prazo_baixa: string }).prazo_baixa).toBe(
      pago.pagamentos[0].prazo_baixa,
    );
    const tipos = removida.historico!.map((e) => e.tipo);
    expect(tipos).toEqual([
      'criada',
      'inclusao_transmitida',
      'inclusao_confirmada',
      'pagamento_registrado',
      'baixa_solicitada',
      'baixa_transmitida',
      'baixa_confirmada',
    ]);
    expect(removida.historico!.map((e) => e.status)).toEqual([
      'aguardando',
      'aguardando_confirmacao_inserir',
      'inserida',
      'inserida',
      'aguardando',
      'aguardando_confirmacao_remover',
      'removida',
    ]);
    for (const evento of removida.historico!) expect(Date.parse(evento.ocorrido_em)).not.toBeNaN();

    const registros = (await h.control('GET', '/registros')) as Registros;
    expect(registros.inclusoes.filter((i) => i.contrato === removida.contrato)).toHaveLength(1);
    expect(registros.exclusoes.filter((i) => i.contrato === removida.contrato)).toHaveLength(1);
  });

  it('keeps a refused query as a stored consulta with the stable code', async () => {
    const response = await h.app.api('/v1/consultas', {
      method: 'POST',
      json: {
        integracao_id: h.integracaoId,
        documento: DEVEDOR_CPF,
        produto: 'NAO_EXISTE',
      },
    });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { erro: { codigo: string; campo: string } };
    expect(body.erro).toMatchObject({ codigo: 'produto_invalido', campo: 'produto' });
  });
});
