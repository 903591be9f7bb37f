import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/infra/clock.js';
import { RETRY_SCHEDULE_MS } from '../../src/use-cases/webhooks/retry-schedule.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';
import {
  acordar,
  emitirAlerta,
  entregas,
  esperarTentativas,
  iniciarReceptorWebhooks,
  jobsDevidos,
  registrar,
  verificar,
  type Chamada,
  type ReceptorWebhooks,
  type Resposta,
} from '../support/webhook-setup.js';

const HORA = 3_600_000;

/** The time a request was signed at, from its own header: what a host's clock would read. */
const assinadaEm = (chamada: Chamada) =>
  new Date(Number(chamada.cabecalhos['webhook-timestamp']) * 1000);

describe('outbound webhooks: signing, retries, Retry-After, 410, rotation, replay', () => {
  let clock: ManualClock;
  let app: TestApp;
  const receptores: ReceptorWebhooks[] = [];
  const receptor = async (roteiro?: (n: number) => Resposta) => {
    const r = await iniciarReceptorWebhooks(roteiro);
    receptores.push(r);
    return r;
  };

  beforeEach(async () => {
    clock = new ManualClock();
    app = await startTestApp({ clock, config: { allowPrivateWebhooks: true } });
  });
  afterEach(async () => {
    await app?.close();
    await Promise.all(receptores.splice(0).map((r) => r.close()));
  });

  it('signs every message so the reference Standard Webhooks library verifies it', async () => {
    const r = await receptor();
    const { id, segredo } = await registrar(app, r.url);
    expect(segredo).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    await emitirAlerta(app.ctx, 'credenciais_invalidas', { integracao: 'int_x' });

    const chamada = await r.esperar(1);
    const corpo = verificar(segredo, chamada, clock.now()) as Record<string, any>;
    expect(corpo.type).toBe('integracao.alerta');
    expect(corpo.timestamp).toBe(clock.now().toISOString());
    expect(corpo.data).toMatchObject({
      tipo: 'credenciais_invalidas',
      mensagem: expect.any(String),
    });
    expect(chamada.cabecalhos['webhook-id']).toMatch(/^msg_/);
    expect(chamada.cabecalhos['webhook-timestamp']).toBe(
      String(Math.floor(clock.now().getTime() / 1000)),
    );
    expect(chamada.cabecalhos['content-type']).toBe('application/json');
    // A tampered body or a wrong secret fails the reference verification.
    expect(() =>
      verificar(
        segredo,
        { ...chamada, corpo: chamada.corpo.replace('int_x', 'int_y') },
        clock.now(),
      ),
    ).toThrow(/signature/i);
    const outro = await registrar(app, r.url);
    expect(() => verificar(outro.segredo, chamada, clock.now())).toThrow(/signature/i);
    // A message replayed by an attacker long after it was signed is refused by its timestamp.
    expect(() =>
      verificar(segredo, chamada, new Date(clock.now().getTime() + 10 * 60_000)),
    ).toThrow(/too old/i);

    const [entrega] = await waitFor(async () => {
      const lista = await entregas(app, id);
      return lista[0]?.situacao === 'entregue' ? lista : null;
    }, 'the message recorded as delivered');
    expect(entrega.id).toBe(chamada.cabecalhos['webhook-id']);
    expect(entrega.tentativas).toEqual([
      expect.objectContaining({ numero: 1, status: 200, resposta: '{"ok":true}', erro: null }),
    ]);
    expect(entrega.tentativas[0].latencia_ms).toBeGreaterThanOrEqual(0);
  });

  it('retries on the schedule with jitter, always with the same webhook-id, then abandons', async () => {
    const r = await receptor(() => 500);
    const { id, segredo } = await registrar(app, r.url);
    await emitirAlerta(app.ctx);

    for (let n = 1; n <= RETRY_SCHEDULE_MS.length + 1; n++) {
      const entrega = await esperarTentativas(app, id, n);
      if (n > RETRY_SCHEDULE_MS.length) {
        expect(entrega.situacao).toBe('abandonada');
        break;
      }
      expect(entrega.situacao).toBe('falhou');
      expect(entrega.ultimo_status).toBe(500);
      const wait = Date.parse(entrega.proxima_em!) - clock.now().getTime();
      const planned = RETRY_SCHEDULE_MS[n - 1];
      expect(wait).toBeGreaterThanOrEqual(planned * 0.9);
      expect(wait).toBeLessThanOrEqual(planned * 1.1);
      clock.advance(wait - 1);
      expect(await jobsDevidos(app.ctx)).toBe(0);
      clock.advance(1);
      acordar(app.ctx);
    }

    expect(r.chamadas).toHaveLength(8);
    expect(new Set(r.chamadas.map((c) => c.cabecalhos['webhook-id'])).size).toBe(1);
    for (const chamada of r.chamadas) verificar(segredo, chamada, assinadaEm(chamada));
    const [entrega] = await entregas(app, id);
    expect(entrega.tentativas.map((t) => t.resposta)).toEqual(
      Array(8).fill('erro 500 do receptor'),
    );
    expect(await jobsDevidos(app.ctx)).toBe(0);
  });

  it('honours Retry-After on 429 (seconds) and 503 (HTTP date)', async () => {
    const r = await receptor((n) =>
      n === 1
        ? { status: 429, headers: { 'retry-after': '120' } }
        : n === 2
          ? {
              status: 503,
              headers: { 'retry-after': new Date(clock.now().getTime() + HORA).toUTCString() },
            }
          : 200,
    );
    const { id } = await registrar(app, r.url);
    await emitirAlerta(app.ctx);

    let entrega = await esperarTentativas(app, id, 1);
    expect(Date.parse(entrega.proxima_em!) - clock.now().getTime()).toBe(120_000);
    clock.advance(119_999);
    expect(await jobsDevidos(app.ctx)).toBe(0);
    clock.advance(1);
    acordar(app.ctx);

    entrega = await esperarTentativas(app, id, 2);
    expect(entrega.ultimo_status).toBe(503);
    const wait = Date.parse(entrega.proxima_em!) - clock.now().getTime();
    expect(wait).toBeGreaterThanOrEqual(HORA - 1000);
    expect(wait).toBeLessThanOrEqual(HORA);
    clock.advance(wait - 1);
    expect(await jobsDevidos(app.ctx)).toBe(0);
    clock.advance(1);
    acordar(app.ctx);

    entrega = await esperarTentativas(app, id, 3);
    expect(entrega.situacao).toBe('entregue');
    expect(new Set(r.chamadas.map((c) => c.cabecalhos['webhook-id'])).size).toBe(1);
  });

  it('disables an endpoint that answers 410, alerts, and fans nothing more out to it', async () => {
    const gone = await receptor(() => 410);
    const ok = await receptor();
    const a = await registrar(app, gone.url);
    const b = await registrar(app, ok.url, { descricao: 'observa os alertas' });
    await emitirAlerta(app.ctx, 'primeiro');

    await gone.esperar(1);
    const desativado = await waitFor(async () => {
      const view = (await (await app.api(`/v1/webhooks/${a.id}`)).json()) as Record<string, any>;
      return view.ativo === false ? view : null;
    }, 'the endpoint disabled');
    expect(desativado.desativado_motivo).toBe('endpoint_respondeu_410');
    const [entrega] = await entregas(app, a.id);
    expect(entrega.situacao).toBe('abandonada');
    const alertas = (await (await app.api('/v1/alertas?tipo=webhook_desativado')).json()) as {
      dados: Array<{ detalhes: { webhook_id: string; motivo: string } }>;
    };
    expect(alertas.dados.map((x) => x.detalhes)).toEqual([
      expect.objectContaining({ webhook_id: a.id, motivo: 'endpoint_respondeu_410' }),
    ]);
    // The other endpoint hears of it as an integracao.alerta event.
    await ok.esperar(2);
    const tipos = ok.chamadas.map((c) => (verificar(b.segredo, c, clock.now()) as any).data.tipo);
    expect(tipos.sort()).toEqual(['primeiro', 'webhook_desativado']);

    await emitirAlerta(app.ctx, 'depois');
    await ok.esperar(3);
    expect(gone.chamadas).toHaveLength(1);
    expect(await entregas(app, a.id)).toHaveLength(1);
  });

  it('disables an endpoint failing for 5 days, with an integracao.alerta event', async () => {
    const down = await receptor(() => 500);
    const ok = await receptor();
    const a = await registrar(app, down.url);
    const b = await registrar(app, ok.url);
    await emitirAlerta(app.ctx, 'antes');
    await esperarTentativas(app, a.id, 1);
    await ok.esperar(1);

    clock.advance(5 * 24 * HORA);
    await emitirAlerta(app.ctx, 'cinco_dias_depois');
    acordar(app.ctx);
    const view = await waitFor(async () => {
      const v = (await (await app.api(`/v1/webhooks/${a.id}`)).json()) as Record<string, any>;
      return v.ativo === false ? v : null;
    }, 'the endpoint disabled after 5 days of failures');
    expect(view.desativado_motivo).toBe('falhas_por_5_dias');
    const avisos = await waitFor(() => {
      const lidos = ok.chamadas.map((c) => (verificar(b.segredo, c, assinadaEm(c)) as any).data);
      return lidos.some((d) => d.tipo === 'webhook_desativado') ? lidos : null;
    }, 'the other endpoint told of the disabling');
    expect(avisos.find((d) => d.tipo === 'webhook_desativado').detalhes).toMatchObject({
      webhook_id: a.id,
      motivo: 'falhas_por_5_dias',
    });
    const pendentes = await entregas(app, a.id);
    expect(pendentes.every((e) => e.situacao === 'abandonada')).toBe(true);
  });

  it('rotates the secret: both signatures during the overlap, the old one stops after it', async () => {
    const r = await receptor();
    const { id, segredo: antigo } = await registrar(app, r.url);
    const rotated = await app.api(`/v1/webhooks/${id}/rotacionar-segredo`, { method: 'POST' });
    expect(rotated.status).toBe(200);
    const { segredo: novo, rotacao } = (await rotated.json()) as Record<string, any>;
    expect(novo).toMatch(/^whsec_/);
    expect(novo).not.toBe(antigo);
    expect(rotacao.segredo_anterior_valido_ate).toBe(
      new Date(clock.now().getTime() + 24 * HORA).toISOString(),
    );

    await emitirAlerta(app.ctx, 'durante');
    const durante = await r.esperar(1);
    expect((durante.cabecalhos['webhook-signature'] as string).split(' ')).toHaveLength(2);
    verificar(antigo, durante, clock.now());
    verificar(novo, durante, clock.now());

    clock.advance(24 * HORA + 1000);
    await emitirAlerta(app.ctx, 'depois');
    const depois = await r.esperar(2);
    expect((depois.cabecalhos['webhook-signature'] as string).split(' ')).toHaveLength(1);
    expect((verificar(novo, depois, clock.now()) as any).data.tipo).toBe('depois');
    expect(() => verificar(antigo, depois, clock.now())).toThrow(/signature/i);
    const view = (await (await app.api(`/v1/webhooks/${id}`)).json()) as Record<string, any>;
    expect(view.rotacao).toBeNull();
    expect(JSON.stringify(view)).not.toContain('whsec_');
  });

  it('replays one event, and a period that includes what happened while disabled', async () => {
    const r = await receptor();
    const { id, segredo } = await registrar(app, r.url);
    const inicio = clock.now().toISOString();
    await emitirAlerta(app.ctx, 'um');
    const primeira = await r.esperar(1);
    const eventos = (await (await app.api('/v1/eventos?tipo=integracao.alerta')).json()) as {
      dados: Array<{ id: string; dados: { tipo: string } }>;
    };
    const um = eventos.dados.find((e) => e.dados.tipo === 'um')!;

    const replay = await app.api(`/v1/eventos/${um.id}/reenviar`, { method: 'POST' });
    expect(replay.status).toBe(202);
    const segunda = await r.esperar(2);
    expect(segunda.cabecalhos['webhook-id']).toBe(primeira.cabecalhos['webhook-id']);
    expect(segunda.corpo).toBe(primeira.corpo);
    verificar(segredo, segunda, clock.now());

    expect((await app.api(`/v1/webhooks/${id}/desativar`, { method: 'POST' })).status).toBe(200);
    clock.advance(60_000);
    await emitirAlerta(app.ctx, 'dois');
    const recusado = await app.api(`/v1/webhooks/${id}/reenviar`, {
      method: 'POST',
      json: { desde: inicio, ate: clock.now().toISOString() },
    });
    expect(recusado.status).toBe(409);
    expect((await app.api(`/v1/webhooks/${id}/ativar`, { method: 'POST' })).status).toBe(200);

    const periodo = await app.api(`/v1/webhooks/${id}/reenviar`, {
      method: 'POST',
      json: { desde: inicio, ate: clock.now().toISOString() },
    });
    expect(periodo.status).toBe(202);
    expect(await periodo.json()).toMatchObject({ eventos_reenviados: 2 });
    await r.esperar(4);
    const tipos = r.chamadas
      .slice(2)
      .map((c) => (verificar(segredo, c, clock.now()) as any).data.tipo);
    expect(tipos.sort()).toEqual(['dois', 'um']);
    expect(r.chamadas.slice(2).map((c) => c.cabecalhos['webhook-id'])).toContain(
      primeira.cabecalhos['webhook-id'],
    );
    expect(await entregas(app, id)).toHaveLength(2);
  });

  it('sends an endpoint only the event types it asked for', async () => {
    const todos = await receptor();
    const consultas = await receptor();
    await registrar(app, todos.url);
    const filtrado = await registrar(app, consultas.url, { tipos: ['consulta.concluida'] });
    await emitirAlerta(app.ctx, 'filtrado');
    await todos.esperar(1);
    const lista = (await (await app.api('/v1/eventos')).json()) as { dados: Array<{ id: string }> };
    const evento = (await (await app.api(`/v1/eventos/${lista.dados[0].id}`)).json()) as {
      entregas: Array<{ webhook_id: string }>;
    };
    expect(evento.entregas.map((e) => e.webhook_id)).not.toContain(filtrado.id);
    expect(evento.entregas).toHaveLength(1);
    expect(consultas.chamadas).toHaveLength(0);
  });
});
