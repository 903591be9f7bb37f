import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serasaExperianSandbox } from '../../src/providers/serasa-experian/sandbox.js';
import {
  startSandboxServer,
  type SandboxServer,
} from '../../src/sandboxes/start-sandbox-server.js';
import { extractPdfText } from '../support/pdf-text.js';
import { CREDOR } from '../support/serasa-setup.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackend } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';
import { openConsoleBrowser, type ConsoleBrowser } from './console-browser.js';

// The operator's whole job in a real Chromium, against the API and a Serasa Experian sandbox:
// configure the integration through the generated form, query, negativar, remove, bulk upload.
// The browser needs no database of its own, so this runs in the sqlite project only.

const field = (page: Page, path: string) => page.locator(`[id="f-${path}"]`);
const json = async (response: Promise<Response>): Promise<any> => (await response).json();
const menu = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name, exact: true });

describe.runIf(testBackend() === 'sqlite')('web console in Chromium', () => {
  let sandbox: SandboxServer;
  let app: TestApp;
  let b: ConsoleBrowser;
  let page: Page;
  let integracaoId = '';
  let negativacaoId = '';
  let inbound = '';

  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${sandbox.url}/__sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.ok, `${method} ${path}`).toBe(true);
    return response.json();
  };
  const statusShown = () => page.locator('.status-atual [data-status]').getAttribute('data-status');

  beforeAll(async () => {
    sandbox = await startSandboxServer(serasaExperianSandbox);
    app = await startTestApp({
      config: { queue: { pollIntervalMs: 200, backoffBaseMs: 20, backoffMaxMs: 200 } },
    });
    b = await openConsoleBrowser();
    page = b.page;
  });

  afterAll(async () => {
    await b?.close();
    await app?.close();
    await sandbox?.close();
  });

  it('refuses an unknown API key, then enters with a valid one', async () => {
    const response = await page.goto(`${app.url}/console`);
    const csp = response!.headers()['content-security-policy'];
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
    expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
    await page.getByLabel('Chave de API').fill('cg_chave_que_nao_existe');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('desconhecida');
    await b.screenshot('entrar');

    await page.getByLabel('Chave de API').fill(app.apiKey);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Integrações' }).waitFor();
    expect(
      await page.evaluate(() => (globalThis as any).sessionStorage.getItem('credgate.chave_api')),
    ).toBe(app.apiKey);
  });

  it('configures a Serasa Experian integration through the form built from its schema', async () => {
    await page.getByRole('link', { name: 'Nova integração' }).click();
    await page.getByLabel('Provedor', { exact: true }).selectOption('serasa_experian');
    await page.getByLabel('Descrição').fill('Serasa pelo console');
    await field(page, 'credenciais.login_consulta').fill('cliente-consulta');
    await field(page, 'credenciais.senha_consulta').fill('segredo-consulta-123');
    await field(page, 'credenciais.login_pefin').fill('cliente-pefin');
    // A required field left empty is flagged before anything is sent, and focused.
    await page.getByRole('button', { name: 'Criar integração' }).click();
    await expect
      .poll(() => field(page, 'credenciais.senha_pefin').getAttribute('aria-invalid'))
      .toBe('true');
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.id)).toBe(
      'f-credenciais.senha_pefin',
    );
    await field(page, 'credenciais.senha_pefin').fill('segredo-pefin-456');

    const credenciais = page.getByRole('group', { name: 'Credenciais', exact: true });
    await credenciais.locator('summary', { hasText: 'Recebimento' }).click();
    await field(page, 'credenciais.recebimento.usuario').fill('serasa');
    await field(page, 'credenciais.recebimento.senha').fill('webhook-senha-789');
    for (const url of ['url_consulta', 'url_pefin', 'url_login_pefin']) {
      await field(page, `configuracoes.${url}`).fill(sandbox.url);
    }
    await field(page, 'configuracoes.timeout_ms').fill('2000');
    const configuracoes = page.getByRole('group', { name: 'Configurações', exact: true });
    await configuracoes.locator('summary', { hasText: 'Recebimento' }).click();
    await field(page, 'configuracoes.recebimento.autenticacao').selectOption('basic');
    await b.screenshot('integracao-nova');
    await page.getByRole('button', { name: 'Criar integração' }).click();

    await page.getByRole('heading', { level: 1, name: 'Serasa pelo console' }).waitFor();
    integracaoId = /#\/integracoes\/(int_\w+)/.exec(page.url())![1];
    const saved = await json(app.api(`/v1/integracoes/${integracaoId}`));
    expect(saved.configuracoes).toMatchObject({
      url_consulta: sandbox.url,
      timeout_ms: 2000,
      recebimento: { autenticacao: 'basic' },
    });
    expect(saved.credenciais.recebimento).toEqual({ usuario: '********', senha: '********' });

    // The inbound URL shown (and copied) is the one Serasa must call: hand it to the sandbox.
    inbound = await page.getByRole('textbox', { name: 'URL de recebimento' }).inputValue();
    expect(inbound).toBe(saved.url_recebimento);
    await page.getByRole('button', { name: 'Copiar' }).click();
    await expect.poll(() => page.locator('#anuncio').textContent()).toContain('copiada');
    await control('PUT', '/webhook', {
      url: inbound,
      autenticacao: { tipo: 'basic', usuario: 'serasa', senha: 'webhook-senha-789' },
    });

    await page.getByRole('button', { name: 'Testar' }).click();
    const teste = page.getByLabel('Resultado do teste');
    await expect.poll(() => teste.textContent()).toContain('login_pefin');
    expect(await teste.locator('.selo-erro').count()).toBe(0);

    await page.getByRole('button', { name: 'Sincronizar produtos' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Produtos de consulta' }).textContent())
      .toContain('Contratado');
    await b.screenshot('integracao');
    await menu(page, 'Integrações').click();
    await page.getByRole('link', { name: 'Serasa pelo console' }).waitFor();
    await b.screenshot('integracoes');
  });

  it('runs a consulta, shows the report in a sandboxed iframe and downloads its PDF', async () => {
    await menu(page, 'Consultas').click();
    await page.getByLabel('Integração').selectOption(integracaoId);
    await page.getByLabel('CPF ou CNPJ').fill('000.012.095-23');
    await page.getByLabel('Produto').selectOption('RELATORIO_BASICO_PF_PME');
    await page.getByRole('button', { name: 'Consultar' }).click();

    const iframe = page.locator('iframe.relatorio');
    await iframe.waitFor();
    expect(await iframe.getAttribute('sandbox')).toBe('');
    await page.frameLocator('iframe.relatorio').getByText('CLIENTE TESTE ABCB').first().waitFor();
    await expect
      .poll(() =>
        page.getByRole('region', { name: 'Histórico de consultas do documento' }).textContent(),
      )
      .toContain('RELATORIO_BASICO_PF_PME');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Baixar PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^relatorio-con_\w+\.pdf$/);
    const pdf = readFileSync(await download.path());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await extractPdfText(pdf)).toContain('CLIENTE TESTE ABCB');
    await b.screenshot('consulta');
  });

  it('creates a negativação and shows it becoming inserida without a reload', async () => {
    // Serasa's webhook is held, so the page is seen waiting before the confirmation arrives.
    await control('PUT', '/config', { reter_webhooks: true });
    await menu(page, 'Negativações').click();
    await page.getByRole('link', { name: 'Nova negativação' }).click();
    await page.getByLabel('Integração').selectOption(integracaoId);
    await field(page, 'credor').fill(CREDOR);
    await field(page, 'contrato').fill('CT-CONSOLE-1');
    await field(page, 'valor_centavos').fill('1.234,56');
    await field(page, 'vencimento').fill('2025-12-10');
    await field(page, 'natureza').selectOption('TI');
    await field(page, 'faturas').fill('FAT-C1, FAT-C2');
    await field(page, 'devedor.documento').fill('000.012.095-23');
    await field(page, 'devedor.nome').fill('CLIENTE TESTE ABCB');
    await field(page, 'devedor.data_nascimento').fill('1980-05-10');
    await field(page, 'devedor.endereco.cep').fill('01001-000');
    await field(page, 'devedor.endereco.logradouro').fill('RUA EXEMPLO');
    await field(page, 'devedor.endereco.numero').fill('123');
    await field(page, 'devedor.endereco.bairro').fill('CENTRO');
    await field(page, 'devedor.endereco.cidade').fill('SAO PAULO');
    await field(page, 'devedor.endereco.uf').selectOption('SP');
    await page.getByRole('button', { name: 'Negativar' }).click();

    await page.getByRole('heading', { level: 1, name: 'CLIENTE TESTE ABCB' }).waitFor();
    negativacaoId = /#\/negativacoes\/(neg_\w+)/.exec(page.url())![1];
    const created = await json(app.api(`/v1/negativacoes/${negativacaoId}`));
    expect(created).toMatchObject({ valor_centavos: 123456, faturas: ['FAT-C1', 'FAT-C2'] });
    await expect.poll(statusShown).toBe('aguardando_confirmacao_inserir');
    await page.evaluate(() => Object.assign(globalThis, { semRecarregar: true }));
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });
    await b.screenshot('negativacao-aguardando');

    await control('POST', '/webhooks/liberar', {});
    await control('PUT', '/config', { reter_webhooks: false });
    await expect.poll(statusShown, { timeout: 10_000 }).toBe('inserida');
    expect(
      await page.evaluate(() => (globalThis as { semRecarregar?: boolean }).semRecarregar),
    ).toBe(true);
    expect(navigations).toBe(0);
    await expect.poll(() => page.locator('#anuncio').textContent()).toContain('Inserida');
    const historico = page.locator('.linha-do-tempo');
    expect(await historico.textContent()).toContain('Inclusão confirmada pelo provedor');
    const inserida = await json(app.api(`/v1/negativacoes/${negativacaoId}`));
    const referencias = await page
      .getByRole('heading', { name: 'Referências do provedor' })
      .locator('..')
      .textContent();
    expect(referencias).toContain(inserida.referencias.inclusao);
    await b.screenshot('negativacao-inserida');
    await page.setViewportSize({ width: 390, height: 844 });
    await b.screenshot('negativacao-celular');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('removes it with the chosen motivo and follows the removal live', async () => {
    await page.getByRole('button', { name: 'Remover (baixa)' }).click();
    await page.getByLabel('Motivo da baixa').selectOption('03');
    await page.getByRole('button', { name: 'Confirmar baixa' }).click();
    await expect.poll(statusShown, { timeout: 10_000 }).toBe('removida');
    const removida = await json(app.api(`/v1/negativacoes/${negativacaoId}`));
    expect(removida.baixa).toMatchObject({ motivo: '03', origem: 'api' });

    await page.getByRole('link', { name: '← Negativações' }).click();
    await page.getByLabel('Documento do devedor').fill('00001209523');
    await page.getByLabel('Status').selectOption('removida');
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Negativações' }).textContent())
      .toContain('CT-CONSOLE-1');
    expect(page.url()).toContain('status=removida');
    await b.screenshot('negativacoes');
  });

  it('uploads a CSV with 3 valid and 2 invalid rows: preview, confirm, progress, result', async () => {
    const header =
      'credor;devedor_documento;devedor_nome;devedor_data_nascimento;cep;logradouro;numero;' +
      'complemento;bairro;cidade;uf;contrato;valor;vencimento;natureza;faturas';
    const row = (doc: string, contrato: string, valor: string) =>
      `${CREDOR};${doc};CLIENTE TESTE ABCB;10/05/1980;01001-000;RUA EXEMPLO;123;;CENTRO;` +
      `SAO PAULO;SP;${contrato};${valor};10/12/2025;TI;FAT-${contrato}`;
    const csv = [
      header,
      row('000.012.095-23', 'LOTE-1', '150,75'),
      row('000.012.095-23', 'LOTE-2', '1.234,56'),
      row('123.456.789-00', 'LOTE-3', '99,90'),
      row('000.012.095-23', 'LOTE-4', '5,00'),
      row('000.012.095-23', 'LOTE-5', '10.00'),
    ].join('\n');

    await menu(page, 'Lotes').click();
    await page.getByLabel('Integração').selectOption(integracaoId);
    await page.getByLabel('Arquivo CSV ou JSON').setInputFiles({
      name: 'devedores.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    await page.getByRole('button', { name: 'Validar arquivo' }).click();

    await page.getByRole('heading', { name: /Prévia/ }).waitFor();
    expect(await page.locator('[data-contagem="total"]').textContent()).toBe('5');
    expect(await page.locator('[data-contagem="validas"]').textContent()).toBe('3');
    expect(await page.locator('[data-contagem="invalidas"]').textContent()).toBe('2');
    const invalidas = page.getByRole('region', { name: 'Linhas inválidas' });
    expect(await invalidas.locator('tr[data-linha="3"]').textContent()).toMatch(/documento/);
    expect(await invalidas.locator('tr[data-linha="4"]').textContent()).toMatch(/valor/);
    await b.screenshot('lote-previa');

    await page.getByRole('button', { name: /Confirmar e enviar 3 negativações/ }).click();
    await page.locator('#lote-progresso').waitFor();
    await page.getByRole('heading', { name: 'Concluído' }).waitFor({ timeout: 20_000 });
    expect(await page.locator('#lote-progresso').getAttribute('value')).toBe('3');
    await b.screenshot('lote-concluido');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Baixar resultado (CSV)' }).click(),
    ]);
    const result = readFileSync(await download.path(), 'utf8');
    expect(result.match(/neg_\w+/g)).toHaveLength(3);
    expect(result).toMatch(/linha/);
  });

  it('shows the Súmula 548 deadline once a linked invoice is paid, and the removal live', async () => {
    const [neg] = (await json(app.api('/v1/negativacoes?contrato=LOTE-1'))).dados;
    await waitFor(
      async () => (await json(app.api(`/v1/negativacoes/${neg.id}`))).status === 'inserida',
      'LOTE-1 inserida',
    );
    await page.evaluate((id) => {
      (globalThis as any).location.hash = `#/negativacoes/${id}`;
    }, neg.id);
    await expect.poll(statusShown).toBe('inserida');
    const paid = await app.api('/v1/pagamentos', {
      method: 'POST',
      json: { fatura: 'FAT-LOTE-1', pago_em: new Date().toISOString() },
    });
    expect(paid.status).toBeLessThan(300);
    // Nobody touches the page: it notices the removal the host system caused on its own.
    await expect.poll(statusShown, { timeout: 15_000 }).toBe('removida');
    const { pagamento } = await json(app.api(`/v1/negativacoes/${neg.id}`));
    const [a, m, d] = pagamento.prazo_baixa.split('-');
    const painel = page.getByRole('region', { name: 'Pagamento e prazo de baixa' });
    expect(await painel.textContent()).toContain(`Prazo da Súmula 548${d}/${m}/${a}`);
    expect(await painel.textContent()).toContain('baixa confirmada');
  });

  it('lists BMP proposals and shows one with its callback history', async () => {
    const bmp = await json(
      app.api('/v1/integracoes', {
        method: 'POST',
        json: {
          provedor: 'bmp',
          ambiente: 'homologacao',
          descricao: 'BMP de teste',
          credenciais: {},
          configuracoes: { recebimento: { autenticacao: 'nenhuma' } },
        },
      }),
    );
    const guid = '5f0c6a52-4f7e-4c1d-9a55-0d9f0b6f2a11';
    for (const situacao of [2, 5]) {
      const callback = await fetch(
        `${bmp.url_recebimento}?proposta=${guid}&situacao=${situacao}&identificador=OP-77`,
      );
      expect(callback.status).toBe(200);
    }
    await waitFor(async () => {
      const proposta = await json(app.api(`/v1/propostas/${guid}`));
      return proposta.historico?.length === 2 && proposta.situacao === 5;
    }, 'both BMP callbacks applied');

    await menu(page, 'Propostas BMP').click();
    await page.getByRole('link', { name: guid }).waitFor();
    await b.screenshot('propostas');
    await page.getByRole('link', { name: guid }).click();
    await page.getByRole('heading', { level: 1, name: `Proposta ${guid}` }).waitFor();
    const historico = page.getByRole('region', { name: 'Histórico de callbacks' });
    await expect.poll(() => historico.locator('tbody tr').count()).toBe(2);
    expect(await historico.textContent()).toContain('Aplicada');
    expect(await page.locator('dl.resumo').textContent()).toContain('OP-77');
    await b.screenshot('proposta');
  });

  it('shows the audit trail of inbound events and exchanges, secrets masked', async () => {
    await menu(page, 'Auditoria').click();
    await page.getByLabel('Integração').selectOption(integracaoId);
    await page.getByRole('button', { name: 'Filtrar' }).click();
    const evento = page.locator('ul.auditoria > li').first();
    await expect.poll(() => evento.textContent()).toContain('aceito');
    await evento.locator('summary').click();
    await expect.poll(() => evento.textContent()).toContain('/callbacks/serasa_experian/');
    // Serasa's Basic credentials reach the page neither in clear nor encoded.
    const basic = Buffer.from('serasa:webhook-senha-789').toString('base64');
    expect(await evento.textContent()).toContain('authorization');
    expect(await evento.textContent()).not.toContain(basic);
    await page.getByRole('button', { name: 'Trocas de consultas' }).click();
    const troca = page.locator('ul.auditoria > li').first();
    await troca.locator('summary').click();
    await expect.poll(() => troca.textContent()).toContain('/credit-services/');
    await b.screenshot('auditoria');
  });

  it('disables the integration and enables it again', async () => {
    await menu(page, 'Integrações').click();
    await page.getByRole('link', { name: 'Serasa pelo console' }).click();
    await page.getByRole('button', { name: 'Desativar' }).click();
    await page.getByRole('button', { name: 'Confirmar desativação' }).click();
    await page.getByRole('button', { name: 'Reativar' }).waitFor();
    expect((await json(app.api(`/v1/integracoes/${integracaoId}`))).situacao).toBe('desativada');
    expect((await fetch(inbound, { method: 'POST', body: '{}' })).status).toBe(404);
    await page.getByRole('button', { name: 'Reativar' }).click();
    await page.getByRole('button', { name: 'Desativar' }).waitFor();
    expect((await json(app.api(`/v1/integracoes/${integracaoId}`))).situacao).toBe('ativa');
  });

  it('logged no page error and no CSP violation', () => {
    expect(b.problems).toEqual([]);
  });
});
