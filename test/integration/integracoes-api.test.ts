import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

const serasaInput = {
  provedor: 'serasa_experian',
  ambiente: 'homologacao',
  descricao: 'Serasa matriz',
  credenciais: {
    login_consulta: 'client-consulta',
    senha_consulta: 'segredo-consulta-123',
    login_pefin: 'client-pefin',
    senha_pefin: 'segredo-pefin-456',
  },
};

describe('/v1/integracoes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ workers: false });
  });
  afterAll(async () => t.close());

  it('creates an integration, masks its credentials and shows its full inbound URL', async () => {
    const response = await t.api('/v1/integracoes', { method: 'POST', json: serasaInput });
    expect(response.status).toBe(201);
    const created = (await response.json()) as Record<string, any>;
    expect(created.id).toMatch(/^int_/);
    expect(created.situacao).toBe('ativa');
    expect(created.credenciais.senha_consulta).toBe('********');
    expect(JSON.stringify(created)).not.toContain('segredo-consulta-123');
    const url = new URL(created.url_recebimento as string);
    expect(url.origin).toBe(t.url);
    const [, root, provider, token] = url.pathname.split('/');
    expect([root, provider]).toEqual(['callbacks', 'serasa_experian']);
    // 32 random bytes, base64url: 43 characters, 256 bits.
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const fetched = (await (await t.api(`/v1/integracoes/${created.id}`)).json()) as Record<
      string,
      any
    >;
    expect(fetched).toEqual(created);
  });

  it('validates credentials with the provider schema and names the field', async () => {
    const { senha_pefin: _omitted, ...partial } = serasaInput.credenciais;
    const response = await t.api('/v1/integracoes', {
      method: 'POST',
      json: { ...serasaInput, credenciais: partial },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { erro: { codigo: string; campo: string } };
    expect(body.erro.codigo).toBe('campo_invalido');
    expect(body.erro.campo).toBe('credenciais.senha_pefin');
  });

  it('refuses an unknown provider, a bad environment and a receiver scheme without its secret', async () => {
    const unknown = await t.api('/v1/integracoes', {
      method: 'POST',
      json: { ...serasaInput, provedor: 'spc' },
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as any).erro.campo).toBe('provedor');

    const env = await t.api('/v1/integracoes', {
      method: 'POST',
      json: { ...serasaInput, ambiente: 'teste' },
    });
    expect(env.status).toBe(400);
    expect(((await env.json()) as any).erro.campo).toBe('ambiente');

    const noToken = await t.api('/v1/integracoes', {
      method: 'POST',
      json: {
        provedor: 'bmp',
        ambiente: 'producao',
        descricao: 'BMP',
        credenciais: {},
        configuracoes: { recebimento: { autenticacao: 'bearer' } },
      },
    });
    expect(noToken.status).toBe(400);
    expect(((await noToken.json()) as any).erro.campo).toBe('credenciais.recebimento.token');

    const tooLong = await t.api('/v1/integracoes', {
      method: 'POST',
      json: {
        provedor: 'bmp',
        ambiente: 'producao',
        descricao: 'BMP',
        credenciais: { recebimento: { token: 'x'.repeat(256) } },
      },
    });
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as any).erro.campo).toBe('credenciais.recebimento.token');
    const count = await t.ctx.database.db
      .selectFrom('integracoes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('updates only the credential fields sent and keeps the others', async () => {
    const created = (await (
      await t.api('/v1/integracoes', { method: 'POST', json: serasaInput })
    ).json()) as any;
    const response = await t.api(`/v1/integracoes/${created.id}`, {
      method: 'PATCH',
      json: { descricao: 'Serasa filial', credenciais: { senha_pefin: 'nova-senha-pefin' } },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).descricao).toBe('Serasa filial');
    const row = await t.ctx.database.db
      .selectFrom('integracoes')
      .select('credenciais_cifradas')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    const stored = t.ctx.secretBox.openJson<Record<string, string>>(row.credenciais_cifradas);
    expect(stored.senha_pefin).toBe('nova-senha-pefin');
    expect(stored.senha_consulta).toBe('segredo-consulta-123');
  });

  it('disables and re-enables an integration', async () => {
    const created = (await (
      await t.api('/v1/integracoes', { method: 'POST', json: serasaInput })
    ).json()) as any;
    const disabled = (await (
      await t.api(`/v1/integracoes/${created.id}/desativar`, { method: 'POST' })
    ).json()) as any;
    expect(disabled.situacao).toBe('desativada');
    const listed = (await (await t.api('/v1/integracoes?situacao=desativada')).json()) as any;
    expect(listed.dados.map((i: any) => i.id)).toEqual([created.id]);
    const enabled = (await (
      await t.api(`/v1/integracoes/${created.id}/ativar`, { method: 'POST' })
    ).json()) as any;
    expect(enabled.situacao).toBe('ativa');
    expect((await t.api('/v1/integracoes/int_inexistente')).status).toBe(404);
  });

  it('paginates with a cursor, newest first, without gaps or repeats', async () => {
    const all = (await (await t.api('/v1/integracoes?limite=200')).json()) as any;
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await (
        await t.api(`/v1/integracoes?limite=2${cursor ? `&apos=${cursor}` : ''}`)
      ).json()) as any;
      expect(page.dados.length).toBeLessThanOrEqual(2);
      ids.push(...page.dados.map((i: any) => i.id));
      cursor = page.proximo;
    } while (cursor);
    expect(ids).toEqual(all.dados.map((i: any) => i.id));
    expect([...ids].sort().reverse()).toEqual(ids);
    expect(ids.length).toBeGreaterThanOrEqual(3);
  });

  it('describes every provider and its credential schema', async () => {
    const body = (await (await t.api('/v1/provedores')).json()) as any;
    const ids = body.dados.map((p: any) => p.id);
    expect(ids).toEqual(
      expect.arrayContaining(['serasa_experian', 'tecnospeed', 'serasa_bureau', 'bmp']),
    );
    const serasa = body.dados.find((p: any) => p.id === 'serasa_experian');
    expect(serasa.credenciais.required).toEqual(
      expect.arrayContaining(['login_consulta', 'senha_consulta', 'login_pefin', 'senha_pefin']),
    );
  });
});
