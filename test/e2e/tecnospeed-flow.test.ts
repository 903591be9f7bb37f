import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/infra/clock.js';
import { createTecnospeedSandbox } from '../../src/providers/tecnospeed/sandbox.js';
import {
  startSandboxServer,
  type SandboxServer,
} from '../../src/sandboxes/start-sandbox-server.js';
import { extractPdfText } from '../support/pdf-text.js';
import { novaNegativacao } from '../support/serasa-setup.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

interface NegativacaoView {
  id: string;
  status: string;
  erro: { mensagem?: string } | null;
  historico: Array<{ tipo: string }>;
}

interface ConsultaView {
  id: string;
  situacao: string;
  resumo: { nome: string | null } | null;
  links: { relatorio_html: string; relatorio_pdf: string } | null;
}

// Tecnospeed through the same provider-agnostic API as Serasa: consultas and negativacoes are
// POSTs that return a protocolo, then polling. One manual clock drives credgate's schedule and
// the sandbox's (PROCESSANDO 2 s, ENVIADO 10 s, BAIXA_ENVIADA 5 s).
describe('Tecnospeed end to end through the HTTP API (sandbox, manual clock)', () => {
  const clock = new ManualClock('2026-06-01T12:00:00.000Z');
  let sandbox: SandboxServer;
  let t: TestApp;
  let integracaoId: string;

  beforeAll(async () => {
    sandbox = await startSandboxServer(createTecnospeedSandbox({ clock }));
    t = await startTestApp({ clock });
    const created = await t.api('/v1/integracoes', {
      method: 'POST',
      json: {
        provedor: 'tecnospeed',
        ambiente: 'homologacao',
        descricao: 'Tecnospeed (sandbox)',
        // The sandbox's demo company: registered and active, so no onboarding step here.
        credenciais: {
          cnpj_sh: '11222333000181',
          token_sh: 'token-software-house',
          cnpj_usuario: '11222333000181',
          login: 'demo',
          senha: 'demo-senha',
        },
        configuracoes: { url_base: sandbox.url },
      },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    integracaoId = ((await created.json()) as { id: string }).id;
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  /** Every job due by the manual clock has run (and nothing is running). */
  const settle = () =>
    waitFor(async () => {
      const jobs = await t.ctx.database.db
        .selectFrom('jobs')
        .select(['state', 'run_at'])
        .where('state', 'in', ['available', 'retryable', 'running'])
        .execute();
      const now = clock.now().toISOString();
      return jobs.every((job) => job.state !== 'running' && job.run_at > now);
    }, 'due jobs to run');
  /** The next poll, transmission or reconciliation credgate has scheduled. */
  const nextRunAt = async () =>
    (
      await t.ctx.database.db
        .selectFrom('jobs')
        .select('run_at')
        .where('state', 'in', ['available', 'retryable'])
        .where('kind', 'in', [
          'acompanhar-negativacao',
          'acompanhar-consulta',
          'transmitir-negativacao',
          'reconciliar-transmissao',
        ])
        .orderBy('run_at')
        .limit(1)
        .executeTakeFirst()
    )?.run_at;
  /** Moves both clocks from one scheduled poll to the next until `done` holds. */
  const tickUntil = async (done: () => Promise<boolean>, what: string) => {
    for (let i = 0; i < 100; i++) {
      await settle();
      if (await done()) return;
      const next = await nextRunAt();
      if (!next) throw new Error(`${what}: nothing left scheduled`);
      if (next > clock.now().toISOString()) clock.set(next);
      t.ctx.wake.notify();
    }
    throw new Error(`${what}: not reached after 100 polls`);
  };
  const negativacao = async (id: string) =>
    (await (await t.api(`/v1/negativacoes/${id}`)).json()) as NegativacaoView;
  const untilStatus = (id: string, status: string) =>
    tickUntil(async () => (await negativacao(id)).status === status, `status ${status}`);
  const negativar = async (overrides: Record<string, unknown> = {}) => {
    const response = await t.api('/v1/negativacoes', {
      method: 'POST',
      json: novaNegativacao(integracaoId, { vencimento: '2026-01-10', ...overrides }),
    });
    expect(response.status, await response.clone().text()).toBe(202);
    return ((await response.json()) as { id: string }).id;
  };

  it('queries a CPF asynchronously; the report reads as HTML and PDF', async () => {
    const response = await t.api('/v1/consultas', {
      method: 'POST',
      json: {
        integracao_id: integracaoId,
        documento: '000.012.095-23',
        produto: 'CREDNET_TOP_PF',
        uf: 'SP',
      },
    });
    expect(response.status, await response.clone().text()).toBe(202);
    const { id } = (await response.json()) as ConsultaView;
    const read = async () => (await (await t.api(`/v1/consultas/${id}`)).json()) as ConsultaView;
    await tickUntil(async () => (await read()).situacao !== 'processando', 'the report');
    const consulta = await read();
    expect(consulta.situacao).toBe('concluida');
    expect(consulta.resumo?.nome).toBeTruthy();
    const html = await t.api(consulta.links!.relatorio_html);
    expect(html.status).toBe(200);
    expect(await html.text()).toContain(consulta.resumo!.nome!);
    const pdf = await t.api(consulta.links!.relatorio_pdf);
    expect(pdf.status).toBe(200);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(await extractPdfText(bytes)).toContain(consulta.resumo!.nome!);
  });

  it('negativa (PROCESSANDO, ENVIADO, ACEITA) and removes on payment (BAIXA_ENVIADA, BAIXADA)', async () => {
    const id = await negativar({ faturas: ['FAT-TS-1'] });
    await untilStatus(id, 'inserida');
    const pagamento = await t.api('/v1/pagamentos', {
      method: 'POST',
      json: { fatura: 'FAT-TS-1', pago_em: clock.now().toISOString() },
    });
    expect(pagamento.status).toBe(201);
    await untilStatus(id, 'removida');
    const tipos = (await negativacao(id)).historico.map((e) => e.tipo);
    for (const tipo of [
      'inclusao_transmitida',
      'enviada_ao_bureau',
      'inclusao_confirmada',
      'baixa_transmitida',
      'baixa_enviada_ao_bureau',
      'baixa_confirmada',
    ]) {
      expect(
        tipos.filter((t) => t === tipo),
        tipo,
      ).toHaveLength(1);
    }
    expect(tipos).toContain('historico_do_provedor');
    const registros = (await (await fetch(`${sandbox.url}/__sandbox/registros`)).json()) as {
      chamadas: Array<{ metodo: string; caminho: string }>;
    };
    const posts = registros.chamadas.filter(
      (c) => c.metodo === 'POST' && c.caminho.endsWith('/negativacao'),
    );
    expect(posts).toHaveLength(1);
  });

  it('shows the motivo when the debt waits for correction, and when it is rejected', async () => {
    const correcao = await negativar({ contrato: 'CORRECAO-1' });
    const rejeitada = await negativar({ contrato: 'REJEITADA-1' });
    await untilStatus(correcao, 'aguardando_correcao');
    await untilStatus(rejeitada, 'rejeitada');
    expect((await negativacao(correcao)).erro?.mensagem).toMatch(/CEP/);
    expect((await negativacao(rejeitada)).erro?.mensagem).toMatch(/Receita Federal/);
  });

  it('adopts, without sending again, an inclusion whose answer was lost', async () => {
    const control = (body: unknown) =>
      fetch(`${sandbox.url}/__sandbox/config`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await control({ perder_resposta_negativacao: 1 })).status).toBe(200);
    const id = await negativar({ contrato: 'PERDIDA-1' });
    await untilStatus(id, 'inserida');
    const tipos = (await negativacao(id)).historico.map((e) => e.tipo);
    expect(tipos).toEqual(
      expect.arrayContaining(['transmissao_incerta', 'transmissao_reconciliada']),
    );
    expect(tipos).not.toContain('reenvio_apos_reconciliacao');
    const registros = (await (await fetch(`${sandbox.url}/__sandbox/registros`)).json()) as {
      chamadas: Array<{
        metodo: string;
        caminho: string;
        corpo?: { divida?: { nossoNumero?: string } };
      }>;
    };
    const inclusoes = registros.chamadas.filter(
      (c) => c.metodo === 'POST' && c.caminho.endsWith('/negativacao'),
    );
    expect(inclusoes.filter((c) => JSON.stringify(c).includes('PERDIDA-1'))).toHaveLength(1);
  });

  it('onboards a new company: refused until SCC Check activates it, then served', async () => {
    const created = await t.api('/v1/integracoes', {
      method: 'POST',
      json: {
        provedor: 'tecnospeed',
        ambiente: 'homologacao',
        descricao: 'empresa nova',
        credenciais: {
          cnpj_sh: '11222333000181',
          token_sh: 'token-software-house',
          cnpj_usuario: '11444777000161',
          login: 'login-scc',
          senha: 'senha-scc',
        },
        configuracoes: { url_base: sandbox.url },
      },
    });
    expect(created.status).toBe(201);
    const nova = (await created.json()) as { id: string; cadastro: { estado: string } };
    expect(nova.cadastro.estado).toBe('nao_verificado');
    const consultar = () =>
      t.api('/v1/consultas', {
        method: 'POST',
        json: { integracao_id: nova.id, documento: '00001209523', produto: 'CONSULTA_2_PF' },
      });
    const refused = await consultar();
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      erro: { codigo: 'cadastro_pendente', campo: 'integracao_id' },
    });

    const invalid = await t.api(`/v1/integracoes/${nova.id}/cadastro`, {
      method: 'POST',
      json: { cnpj: '11444777000161' },
    });
    expect(invalid.status).toBe(400);
    const problema = (await invalid.json()) as { erro: { campo: string } };
    expect(problema.erro.campo).toMatch(/^empresa\./);
    const empresa = {
      cnpj: '11.444.777/0001-61',
      razao_social: 'EMPRESA NOVA LTDA',
      nome_fantasia: 'NOVA',
      representante: { nome: 'MARIA SOUZA', cpf: '529.982.247-25' },
      telefone: '(44) 3333-4444',
      email: 'financeiro@nova.example',
      endereco: {
        logradouro: 'RUA DAS FLORES',
        numero: '100',
        bairro: 'CENTRO',
        cep: '87000-000',
        cidade: 'MARINGA',
        uf: 'PR',
      },
      responsavel_contrato: {
        nome: 'JOAO SILVA',
        telefone: '44999998888',
        email: 'joao@nova.example',
      },
    };
    const registered = await t.api(`/v1/integracoes/${nova.id}/cadastro`, {
      method: 'POST',
      json: empresa,
    });
    expect(registered.status, await registered.clone().text()).toBe(201);
    const estado = ((await registered.json()) as { estado: string }).estado;
    expect(['cadastrado', 'aguardando_contrato']).toContain(estado);
    expect((await consultar()).status).toBe(409);

    const ativar = await fetch(`${sandbox.url}/__sandbox/cadastros/11444777000161/ativar`, {
      method: 'POST',
    });
    expect(ativar.status).toBe(200);
    const checked = await t.api(`/v1/integracoes/${nova.id}/cadastro`);
    expect(((await checked.json()) as { estado: string }).estado).toBe('ativo');
    const view = (await (await t.api(`/v1/integracoes/${nova.id}`)).json()) as {
      cadastro: { estado: string; verificado_em: string };
    };
    expect(view.cadastro.estado).toBe('ativo');
    expect((await consultar()).status).toBe(202);
  });

  it('wrong SCC Check credentials raise a credentials alert; the transmission waits, bounded by retries', async () => {
    const created = await t.api('/v1/integracoes', {
      method: 'POST',
      json: {
        provedor: 'tecnospeed',
        ambiente: 'homologacao',
        descricao: 'senha errada',
        credenciais: {
          cnpj_sh: '11222333000181',
          token_sh: 'token-software-house',
          cnpj_usuario: '11222333000181',
          login: 'demo',
          senha: 'invalido-senha',
        },
        configuracoes: { url_base: sandbox.url },
      },
    });
    const { id: integracao } = (await created.json()) as { id: string };
    const response = await t.api('/v1/negativacoes', {
      method: 'POST',
      json: novaNegativacao(integracao, { vencimento: '2026-01-10' }),
    });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    const alertas = async () =>
      (
        (await (await t.api(`/v1/alertas?negativacao_id=${id}`)).json()) as {
          dados: Array<{ tipo: string }>;
        }
      ).dados.map((a) => a.tipo);
    await waitFor(async () => (await alertas()).includes('credenciais_invalidas'), 'the alert');
    const view = await negativacao(id);
    expect(view.status).toBe('aguardando');
    expect(view.historico.map((e) => e.tipo)).toContain('falha_de_transmissao');
    const [job] = await t.ctx.database.db
      .selectFrom('jobs')
      .select(['state', 'attempt', 'max_attempts', 'run_at'])
      .where('kind', '=', 'transmitir-negativacao')
      .where('payload', 'like', `%${id}%`)
      .execute();
    // Retried later with backoff, a bounded number of times, not in a loop.
    expect(job).toMatchObject({ state: 'retryable', attempt: 1 });
    expect(job.run_at > clock.now().toISOString()).toBe(true);
    expect(job.max_attempts).toBeLessThan(100);
  });
});
