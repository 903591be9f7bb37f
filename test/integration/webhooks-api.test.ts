import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/infra/clock.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { emitirAlerta, registrar } from '../support/webhook-setup.js';

const erroDe = async (response: Response) =>
  ((await response.json()) as { erro: { codigo: string; campo?: string; mensagem: string } }).erro;

describe('the /v1/webhooks resource', () => {
  let app: TestApp;
  const clock = new ManualClock();
  beforeAll(async () => {
    app = await startTestApp({ clock, workers: false, config: { allowPrivateWebhooks: true } });
  });
  afterAll(async () => app?.close());

  it('creates, reads, lists, changes and deletes an endpoint; the secret is shown once', async () => {
    const { id, segredo } = await registrar(app, 'http://127.0.0.1:9/hooks', {
      descricao: 'ERP',
      tipos: ['negativacao.status_alterado', 'consulta.concluida'],
    });
    expect(id).toMatch(/^whk_/);
    const lido = (await (await app.api(`/v1/webhooks/${id}`)).json()) as Record<string, unknown>;
    expect(lido).toMatchObject({
      id,
      url: 'http://127.0.0.1:9/hooks',
      descricao: 'ERP',
      tipos: ['negativacao.status_alterado', 'consulta.concluida'],
      ativo: true,
      rotacao: null,
    });
    expect(JSON.stringify(lido)).not.toContain(segredo);
    const lista = (await (await app.api('/v1/webhooks')).json()) as {
      dados: Array<{ id: string }>;
    };
    expect(lista.dados.map((w) => w.id)).toContain(id);

    const patched = await app.api(`/v1/webhooks/${id}`, {
      method: 'PATCH',
      json: { tipos: [], url: 'http://localhost:9/outro' },
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ tipos: [], url: 'http://localhost:9/outro' });

    expect((await app.api(`/v1/webhooks/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await app.api(`/v1/webhooks/${id}`)).status).toBe(404);
    const row = await app.ctx.database.db
      .selectFrom('webhooks')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ ativo: 0, desativado_motivo: 'excluido', segredo_cifrado: '' });
  });

  it('keeps secrets encrypted at rest, even in the Idempotency-Key store', async () => {
    const headers = { 'idempotency-key': 'cadastro-webhook-1' };
    const json = { url: 'http://127.0.0.1:9/idem' };
    const first = await app.api('/v1/webhooks', { method: 'POST', json, headers });
    expect(first.status).toBe(201);
    const { id, segredo } = (await first.json()) as { id: string; segredo: string };
    expect(segredo).toMatch(/^whsec_/);

    const again = await app.api('/v1/webhooks', { method: 'POST', json, headers });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toMatchObject({ id, segredo: null });

    const rotated = await app.api(`/v1/webhooks/${id}/rotacionar-segredo`, {
      method: 'POST',
      json: { manter_anterior_por_horas: 0 },
      headers: { 'idempotency-key': 'rotacao-1' },
    });
    const { segredo: novo, rotacao } = (await rotated.json()) as Record<string, any>;
    expect(novo).toMatch(/^whsec_/);
    expect(rotacao).toBeNull();

    const { db } = app.ctx.database;
    const stored = JSON.stringify([
      await db.selectFrom('webhooks').selectAll().execute(),
      await db.selectFrom('idempotency_keys').selectAll().execute(),
    ]);
    expect(stored).not.toContain(segredo.slice(6));
    expect(stored).not.toContain(novo.slice(6));
    expect(app.logLines.join('\n')).not.toContain(segredo.slice(6));
  });

  it('accepts a secret of the host, and refuses malformed input naming the field', async () => {
    const proprio = `whsec_${Buffer.alloc(24, 7).toString('base64')}`;
    expect((await registrar(app, 'http://127.0.0.1:9/p', { segredo: proprio })).segredo).toBe(
      proprio,
    );

    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ url: 'http://127.0.0.1:9/', segredo: 'whsec_curto' }, 'segredo_invalido', 'segredo'],
      [
        { url: 'http://127.0.0.1:9/', segredo: `whsec_${Buffer.alloc(65).toString('base64')}` },
        'segredo_invalido',
        'segredo',
      ],
      [
        { url: 'http://127.0.0.1:9/', tipos: ['negativacao.inventado'] },
        'campo_invalido',
        'tipos.0',
      ],
      [{ url: 'ftp://127.0.0.1/' }, 'url_invalida', 'url'],
      [{ url: 'nao e url' }, 'url_invalida', 'url'],
      [{ url: 'http://user:senha@127.0.0.1/' }, 'url_invalida', 'url'],
    ];
    for (const [json, codigo, campo] of cases) {
      const response = await app.api('/v1/webhooks', { method: 'POST', json });
      expect(response.status, JSON.stringify(json)).toBe(400);
      expect(await erroDe(response)).toMatchObject({ codigo, campo });
    }
  });

  it('lists events newest first with a cursor and filters, and reads one', async () => {
    await emitirAlerta(app.ctx, 'a');
    clock.advance(60_000);
    const meio = clock.now().toISOString();
    await emitirAlerta(app.ctx, 'b');
    await emitirAlerta(app.ctx, 'c');
    const page1 = (await (await app.api('/v1/eventos?limite=2&tipo=integracao.alerta')).json()) as {
      dados: Array<{ id: string; tipo: string; dados: { tipo: string } }>;
      proximo: string;
    };
    expect(page1.dados.map((e) => e.dados.tipo)).toEqual(['c', 'b']);
    const page2 = (await (
      await app.api(`/v1/eventos?limite=2&tipo=integracao.alerta&apos=${page1.proximo}`)
    ).json()) as typeof page1;
    expect(page2.dados.map((e) => e.dados.tipo)).toEqual(['a']);
    expect(page2.proximo).toBeNull();
    const desde = (await (await app.api(`/v1/eventos?desde=${meio}`)).json()) as typeof page1;
    expect(desde.dados.map((e) => e.dados.tipo)).toEqual(['c', 'b']);
    const um = await app.api(`/v1/eventos/${page1.dados[0].id}`);
    expect(await um.json()).toMatchObject({ id: page1.dados[0].id, tipo: 'integracao.alerta' });
    expect((await app.api('/v1/eventos/evt_nao_existe')).status).toBe(404);
    expect((await app.api('/v1/eventos?tipo=inventado')).status).toBe(400);
  });
});
