import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/infra/clock.js';
import { LIMITE_EXCEDIDO_CPF } from '../../src/providers/serasa-experian/sandbox/magic.js';
import {
  novaNegativacao,
  startSerasaHarness,
  type SerasaHarness,
} from '../support/serasa-setup.js';
import type { ErroApi } from '../support/test-app.js';

// Refusals of malformed or impossible input: the right 4xx naming the field, nothing stored and
// nothing sent to the provider. Time is a manual clock, so "the future" is the app's, not the host's.
describe('request validation: each refusal names the field', () => {
  const clock = new ManualClock('2026-03-02T12:00:00.000Z');
  let h: SerasaHarness;
  let produtoPf: string;

  beforeAll(async () => {
    h = await startSerasaHarness({
      clock,
      workers: false,
      config: { allowPrivateWebhooks: true },
    });
    const catalogo = (await (
      await h.app.api(`/v1/integracoes/${h.integracaoId}/produtos`)
    ).json()) as { produtos: Array<{ codigo: string; tipo_documento: string; situacao: string }> };
    produtoPf = catalogo.produtos.find(
      (p) => p.tipo_documento === 'cpf' && p.situacao !== 'nao_contratado',
    )!.codigo;
  });
  afterAll(async () => {
    await h?.close();
  });

  const count = async (table: 'consultas' | 'negativacoes' | 'pagamentos') => {
    const row = await h.app.ctx.database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const post = async (path: string, json: unknown) => {
    const response = await h.app.api(path, { method: 'POST', json });
    return { status: response.status, erro: ((await response.json()) as { erro: ErroApi }).erro };
  };
  const consulta = (overrides: Record<string, unknown> = {}) => ({
    integracao_id: h.integracaoId,
    documento: '000.012.095-23',
    produto: produtoPf,
    ...overrides,
  });

  it('refuses a consulta with an unknown UF with 422 naming uf, before calling the provider', async () => {
    const before = await count('consultas');
    const { status, erro } = await post('/v1/consultas', consulta({ uf: 'ZZ' }));
    expect(status).toBe(422);
    expect(erro).toMatchObject({ codigo: 'uf_invalida', campo: 'uf' });
    // The row is written before the provider is called: none means no call either.
    expect(await count('consultas')).toBe(before);
  });

  it('tells when to try again when the provider is rate-limiting the consulta', async () => {
    const response = await h.app.api('/v1/consultas', {
      method: 'POST',
      json: consulta({ documento: LIMITE_EXCEDIDO_CPF }),
    });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { erro: ErroApi }).erro.codigo).toBe(
      'provedor_indisponivel',
    );
    // The sandbox's 429 names no wait, so the default applies.
    expect(response.headers.get('retry-after')).toBe('10');
  });

  it('refuses a pagamento dated in the future, allowing a few minutes of clock skew', async () => {
    const { id } = await h.negativar();
    const before = await count('pagamentos');
    for (const pago_em of ['2099-01-01T00:00:00Z', '2026-03-02T12:10:00Z']) {
      const { status, erro } = await post('/v1/pagamentos', { negativacao_id: id, pago_em });
      expect(status, pago_em).toBe(422);
      expect(erro).toMatchObject({ codigo: 'pagamento_no_futuro', campo: 'pago_em' });
    }
    expect(await count('pagamentos')).toBe(before);
    const skewed = await h.app.api('/v1/pagamentos', {
      method: 'POST',
      json: { negativacao_id: id, pago_em: '2026-03-02T12:04:00Z' },
    });
    expect(skewed.status).toBe(201);
  });

  it('refuses a birth date in the future as invalid, not as a minor', async () => {
    const devedor = { ...novaNegativacao(h.integracaoId).devedor, data_nascimento: '2099-01-01' };
    const { status, erro } = await post(
      '/v1/negativacoes',
      novaNegativacao(h.integracaoId, { devedor }),
    );
    expect(status).toBe(422);
    expect(erro).toMatchObject({
      codigo: 'data_nascimento_invalida',
      campo: 'devedor.data_nascimento',
    });
  });

  it('says street and number together are over the limit when the number makes it so', async () => {
    const base = novaNegativacao(h.integracaoId);
    const comEndereco = (endereco: Record<string, unknown>) =>
      novaNegativacao(h.integracaoId, {
        devedor: { ...base.devedor, endereco: { ...base.devedor.endereco, ...endereco } },
      });
    const juntos = await post(
      '/v1/negativacoes',
      comEndereco({ logradouro: 'R'.repeat(68), numero: '1234' }),
    );
    expect(juntos.status).toBe(422);
    expect(juntos.erro.campo).toBe('devedor.endereco.logradouro');
    expect(juntos.erro.mensagem).toContain(
      'devedor.endereco.logradouro e devedor.endereco.numero juntos tem 74 caracteres',
    );
    expect(juntos.erro.mensagem).toContain('o maximo do provedor e 70');
    const so = await post(
      '/v1/negativacoes',
      comEndereco({ logradouro: 'R'.repeat(71), numero: null }),
    );
    expect(so.erro.mensagem).toBe(
      'devedor.endereco.logradouro tem 71 caracteres; o maximo do provedor e 70',
    );
  });

  it('says a missing credential is required, as an empty one does', async () => {
    const credenciais = {
      login_consulta: 'c',
      senha_consulta: 's',
      login_pefin: 'p',
      recebimento: { usuario: 'serasa', senha: 'webhook-senha-789' },
    };
    const integracao = {
      provedor: 'serasa_experian',
      ambiente: 'homologacao',
      descricao: 'sem senha',
      configuracoes: { recebimento: { autenticacao: 'basic' } },
    };
    for (const enviadas of [credenciais, { ...credenciais, senha_pefin: '' }]) {
      const { status, erro } = await post('/v1/integracoes', {
        ...integracao,
        credenciais: enviadas,
      });
      expect(status).toBe(400);
      expect(erro).toMatchObject({
        campo: 'credenciais.senha_pefin',
        mensagem: 'credenciais.senha_pefin: obrigatorio',
      });
    }
    const errado = await post('/v1/integracoes', {
      ...integracao,
      credenciais: { ...credenciais, senha_pefin: 42 },
    });
    expect(errado.erro.mensagem).toBe('credenciais.senha_pefin: deve ser um texto');
  });

  it('names the body field of an unknown reference in its 404', async () => {
    const cases: Array<[string, unknown, string, string]> = [
      [
        '/v1/negativacoes',
        novaNegativacao('int_nao'),
        'integracao_id',
        'integracao int_nao nao encontrada',
      ],
      ['/v1/consultas', consulta({ integracao_id: 'int_nao' }), 'integracao_id', 'integracao'],
      [
        '/v1/pagamentos',
        { negativacao_id: 'neg_nao', pago_em: '2026-03-01T10:00:00Z' },
        'negativacao_id',
        'negativacao neg_nao nao encontrada',
      ],
    ];
    for (const [path, body, campo, mensagem] of cases) {
      const { status, erro } = await post(path, body);
      expect(status, path).toBe(404);
      expect(erro).toMatchObject({ codigo: 'nao_encontrado', campo });
      expect(erro.mensagem).toContain(mensagem);
    }
  });

  it('writes "nao encontrado" for a masculine noun and names no field for a path id', async () => {
    const lote = await h.app.api('/v1/negativacoes/lotes/lot_nao');
    expect(lote.status).toBe(404);
    const erro = ((await lote.json()) as { erro: ErroApi }).erro;
    expect(erro).toEqual({ codigo: 'nao_encontrado', mensagem: 'lote lot_nao nao encontrado' });
    const webhook = await h.app.api('/v1/webhooks/whk_nao');
    expect(((await webhook.json()) as { erro: ErroApi }).erro.mensagem).toBe(
      'webhook whk_nao nao encontrado',
    );
  });

  it('refuses a malformed cursor with 400 naming apos on every list', async () => {
    const created = await h.app.api('/v1/webhooks', {
      method: 'POST',
      json: { url: 'http://127.0.0.1:9/hook' },
    });
    const webhookId = ((await created.json()) as { id: string }).id;
    const lists = [
      '/v1/negativacoes',
      '/v1/consultas',
      '/v1/integracoes',
      '/v1/propostas',
      '/v1/eventos',
      '/v1/alertas',
      '/v1/eventos-entrada',
      '/v1/webhooks',
      `/v1/webhooks/${webhookId}/entregas`,
      '/v1/jobs',
    ];
    for (const list of lists) {
      // Garbage, and an id of no list (a valid ulid with an unknown prefix).
      for (const apos of ['lixo', 'xyz_01kbjq3m8e0000000000000000']) {
        const response = await h.app.api(`${list}?apos=${apos}`);
        expect(response.status, `${list}?apos=${apos}`).toBe(400);
        expect(((await response.json()) as { erro: ErroApi }).erro).toMatchObject({
          codigo: 'cursor_invalido',
          campo: 'apos',
        });
      }
      expect((await h.app.api(`${list}?apos=`)).status, list).toBe(200);
    }
  });

  it('still pages with the cursor a list gave', async () => {
    await h.negativar();
    await h.negativar();
    const first = (await (await h.app.api('/v1/negativacoes?limite=1')).json()) as {
      dados: Array<{ id: string }>;
      proximo: string;
    };
    const second = await h.app.api(`/v1/negativacoes?limite=1&apos=${first.proximo}`);
    expect(second.status).toBe(200);
    const page = (await second.json()) as { dados: Array<{ id: string }> };
    expect(page.dados).toHaveLength(1);
    expect(page.dados[0].id < first.dados[0].id).toBe(true);
  });

  it('refuses to move an integration to another provider, pointing to a new integration', async () => {
    const patch = (json: unknown) =>
      h.app.api(`/v1/integracoes/${h.integracaoId}`, { method: 'PATCH', json });
    const moved = await patch({ provedor: 'bmp', descricao: 'nao deve mudar' });
    expect(moved.status).toBe(422);
    const erro = ((await moved.json()) as { erro: ErroApi }).erro;
    expect(erro).toMatchObject({ codigo: 'provedor_imutavel', campo: 'provedor' });
    expect(erro.mensagem).toContain('cadastre uma nova integracao');
    const stored = (await (await h.app.api(`/v1/integracoes/${h.integracaoId}`)).json()) as {
      provedor: string;
      descricao: string;
    };
    expect(stored.provedor).toBe('serasa_experian');
    expect(stored.descricao).not.toBe('nao deve mudar');
    const same = await patch({ provedor: 'serasa_experian' });
    expect(same.status).toBe(200);
  });
});
