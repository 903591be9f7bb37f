import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { serasaExperianSandbox } from '../../src/providers/serasa-experian/sandbox.js';
import { startSandboxServer } from '../../src/sandboxes/start-sandbox-server.js';
import { useSerasaSandbox } from '../support/serasa-sandbox-harness.js';
import { waitFor } from '../support/wait-for.js';

describe('Serasa Experian sandbox: webhook delivery', () => {
  const h = useSerasaSandbox();
  const { control, registros, token, divida, incluir, excluir, hooksFor, hookOf, hookUrl } = h;

  it('delivers every webhook of a DUP contract five times, and `copias` duplicates globally', async () => {
    const dup = (await incluir('DUP-1')).body.transactionId;
    await waitFor(() => hooksFor(dup).length === 5, 'five copies');
    expect(new Set(hooksFor(dup).map((h) => JSON.stringify(h.body))).size).toBe(1);
    await control('PUT', '/config', { copias: 2 });
    const twice = (await incluir('CT-5')).body.transactionId;
    await waitFor(() => hooksFor(twice).length === 2, 'two copies');
    const r = await registros();
    expect(
      r.entregas
        .filter((e: any) => e.uuid === dup)
        .map((e: any) => e.copia)
        .sort(),
    ).toEqual([1, 2, 3, 4, 5]);
  });

  it('retries a failed delivery on the scaled schedule until the receiver answers 2xx', async () => {
    await control('PUT', '/config', { escala_tempo: 0.0005 });
    h.answers = [500, 503, 500];
    const uuid = (await incluir('CT-6')).body.transactionId;
    await waitFor(() => hooksFor(uuid).length === 4, 'four attempts', 5000);
    // Offsets 0, 1, 5 and 15 min scaled by 0.0005: gaps of 30, 120 and 300 ms.
    const at = hooksFor(uuid).map((h) => h.at);
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(25);
    expect(at[2] - at[1]).toBeGreaterThanOrEqual(110);
    expect(at[3] - at[2]).toBeGreaterThanOrEqual(290);
    const entregas = (await registros()).entregas.filter((e: any) => e.uuid === uuid);
    expect(entregas.map((e: any) => [e.tentativa, e.status_http])).toEqual([
      [1, 500],
      [2, 503],
      [3, 500],
      [4, 200],
    ]);
  });

  it('survives a receiver that is down and delivers to a URL registered before the next retry', async () => {
    await control('PUT', '/config', { escala_tempo: 0.0005 });
    const dead = Fastify();
    await dead.listen({ host: '127.0.0.1', port: 0 });
    const deadUrl = `http://127.0.0.1:${(dead.server.address() as AddressInfo).port}/hook`;
    await dead.close();
    await control('PUT', '/webhook', { url: deadUrl });
    const uuid = (await incluir('CT-7')).body.transactionId;
    await waitFor(
      async () => (await registros()).entregas.some((e: any) => e.erro),
      'a failed attempt',
    );
    await control('PUT', '/webhook', { url: hookUrl() });
    await hookOf(uuid);
    expect((await registros()).entregas[0]).toMatchObject({
      uuid,
      tentativa: 1,
      erro: expect.any(String),
    });
  });

  it('holds webhooks and releases them in the requested order; reenviar sends a duplicate', async () => {
    await control('PUT', '/config', { reter_webhooks: true });
    // The exclusion of A is processed after its inclusion, but delivered before it.
    const a = (await incluir('CT-A')).body.transactionId;
    const b = (await incluir('CT-B')).body.transactionId;
    const c = (await excluir('CT-A')).body.transactionId;
    expect((await registros()).retidos).toEqual([a, b, c]);
    expect(h.received).toHaveLength(0);

    const released = await control('POST', '/webhooks/liberar', { uuids: [c, a] });
    expect(released.body).toEqual({ liberados: [c, a], retidos: [b] });
    await waitFor(() => h.received.length === 2, 'c and a');
    expect(h.received.map((r) => r.body.uuid)).toEqual([c, a]);
    expect(h.received[0].body).toMatchObject({ contractNumber: 'CT-A', error: null });
    await control('POST', '/webhooks/liberar', {});
    await waitFor(() => h.received.length === 3, 'b');
    expect((await registros()).retidos).toEqual([]);

    expect((await control('POST', '/webhooks/reenviar', { uuid: a })).body).toEqual({
      reenviado: a,
    });
    await waitFor(() => hooksFor(a).length === 2, 'the resent a');
    expect(hooksFor(a)[1].body).toEqual(hooksFor(a)[0].body);
    expect((await control('POST', '/webhooks/reenviar', { uuid: 'nenhum' })).status).toBe(404);
  });

  it('sends the configured auth and routes by login client_id, with the default for others', async () => {
    await control('PUT', '/webhook', {
      url: hookUrl(),
      autenticacao: { tipo: 'basic', usuario: 'serasa', senha: 'p@ss:1' },
    });
    await control('PUT', '/webhook', {
      url: hookUrl('outro'),
      autenticacao: { tipo: 'bearer', token: 'tk-123' },
      client_id: 'outro',
    });
    const basic = await hookOf((await incluir('CT-8')).body.transactionId);
    expect(basic.path).toBe('hook');
    expect(basic.authorization).toBe(`Basic ${Buffer.from('serasa:p@ss:1').toString('base64')}`);
    h.bearer = await token('outro');
    const routed = await hookOf((await incluir('CT-9')).body.transactionId);
    expect(routed).toMatchObject({ path: 'outro', authorization: 'Bearer tk-123' });
  });

  it('only negativates the homologation test mass in strict mode, and honours atraso_webhook_ms', async () => {
    await control('PUT', '/config', { massa_teste_estrita: true, atraso_webhook_ms: 150 });
    const startedAt = performance.now();
    const outside = (
      await incluir('CT-10', { debtor: { ...divida('x').debtor, documentNumber: '39053344705' } })
    ).body.transactionId;
    const refused = await hookOf(outside);
    expect(refused.at - startedAt).toBeGreaterThanOrEqual(140);
    expect(refused.body.error).toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('MASSA DE TESTE'),
    });
    expect((await hookOf((await incluir('CT-11')).body.transactionId)).body.error).toBeNull();
  });

  it('does not process requests hit by an injected fault, and closes with retries pending', async () => {
    h.bearer = await token();
    h.sandbox.faults.errorRate = 1;
    expect((await incluir('CT-12')).status).toBe(503);
    h.sandbox.faults.errorRate = 0;
    expect((await registros()).inclusoes).toEqual([]);

    h.answers = [500];
    await hookOf((await incluir('CT-13')).body.transactionId);
    const closingAt = performance.now();
    await h.sandbox.close();
    expect(performance.now() - closingAt).toBeLessThan(1000);
    h.sandbox = await startSandboxServer(serasaExperianSandbox);
  });
});
