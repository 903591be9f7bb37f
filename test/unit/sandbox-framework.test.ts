import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { bmpSandbox } from '../../src/providers/bmp/sandbox.js';
import type { SandboxDefinition } from '../../src/providers/contract.js';
import { serasaBureauSandbox } from '../../src/providers/serasa-bureau/sandbox.js';
import { serasaExperianSandbox } from '../../src/providers/serasa-experian/sandbox.js';
import { tecnospeedSandbox } from '../../src/providers/tecnospeed/sandbox.js';
import { installFaultInjection, type FaultSettings } from '../../src/sandboxes/fault-injection.js';
import { defaultFaults, sandboxPlugin } from '../../src/sandboxes/sandbox-plugin.js';
import {
  startSandboxServer,
  type SandboxServer,
  type SandboxServerOptions,
} from '../../src/sandboxes/start-sandbox-server.js';

const ecoSandbox: SandboxDefinition = {
  provider: 'teste',
  description: 'Sandbox de teste: responde ao eco',
  magicInputs: { '00000000000': 'sempre responde ok' },
  routes: async (app) => {
    app.get('/eco', async () => ({ ok: true }));
  },
};

describe('sandbox framework', () => {
  const servers: SandboxServer[] = [];
  const apps: FastifyInstance[] = [];

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  async function start(
    options: SandboxServerOptions = {},
    definition = ecoSandbox,
  ): Promise<SandboxServer> {
    const server = await startSandboxServer(definition, options);
    servers.push(server);
    return server;
  }

  function putFaults(server: SandboxServer, body: unknown): Promise<Response> {
    return fetch(`${server.url}/__sandbox/falhas`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  it('answers the definition routes when no fault is set', async () => {
    const server = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.faults).toEqual(defaultFaults());

    const response = await fetch(`${server.url}/eco`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('answers errorStatus with the injected-fault body when errorRate is 1', async () => {
    const server = await start({ faults: { errorRate: 1, errorStatus: 502 } });

    const response = await fetch(`${server.url}/eco`);
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ sandbox: 'falha injetada', status: 502 });

    // The control routes are never faulted.
    const info = await fetch(`${server.url}/__sandbox`);
    expect(info.status).toBe(200);
  });

  it('defaults the injected error status to 503', async () => {
    const server = await start({ faults: { errorRate: 1 } });
    const response = await fetch(`${server.url}/eco`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ sandbox: 'falha injetada', status: 503 });
  });

  it('delays the answer by latencyMs', async () => {
    const server = await start({ faults: { latencyMs: 150 } });

    const startedAt = performance.now();
    const response = await fetch(`${server.url}/eco`);
    const elapsed = performance.now() - startedAt;

    expect(response.status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(150);
  });

  it('hangs requests when timeoutRate is 1, and still closes promptly', async () => {
    const server = await start({ faults: { timeoutRate: 1 } });

    const request = fetch(`${server.url}/eco`, { signal: AbortSignal.timeout(300) });
    await expect(request).rejects.toMatchObject({ name: 'TimeoutError' });

    const closingAt = performance.now();
    await servers.pop()!.close();
    expect(performance.now() - closingAt).toBeLessThan(1000);
  });

  it('closes promptly while a hung request is still waiting for its answer', async () => {
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const app = Fastify();
    app.addHook('onRequest', async () => arrived());
    await app.register(sandboxPlugin(ecoSandbox, defaultFaults({ timeoutRate: 1 })), {
      prefix: '/sandbox/teste',
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;

    const request = fetch(`http://127.0.0.1:${port}/sandbox/teste/eco`).then(
      () => 'answered',
      () => 'failed',
    );
    await arrival;

    const closingAt = performance.now();
    await app.close();
    expect(performance.now() - closingAt).toBeLessThan(1000);
    expect(await request).toBe('failed');
  });

  it('changes the faults live through PUT /__sandbox/falhas and validates them', async () => {
    const server = await start();

    const update = await putFaults(server, { errorRate: 1, errorStatus: 500 });
    expect(update.status).toBe(200);
    expect(await update.json()).toEqual({ ...defaultFaults(), errorRate: 1, errorStatus: 500 });
    expect(server.faults.errorRate).toBe(1);
    expect((await fetch(`${server.url}/eco`)).status).toBe(500);

    const refused = await putFaults(server, { errorRate: 2 });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { erro: { codigo: string; campo: string } };
    expect(body.erro).toMatchObject({ codigo: 'campo_invalido', campo: 'errorRate' });
    expect(server.faults.errorRate).toBe(1);

    for (const [invalid, campo] of [
      [{ latencyMs: -1 }, 'latencyMs'],
      [{ errorStatus: 200 }, 'errorStatus'],
      [{ timeoutRate: 'muito' }, 'timeoutRate'],
    ] as const) {
      const response = await putFaults(server, invalid);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { erro: { campo: string } }).erro.campo).toBe(campo);
    }

    const cleared = await putFaults(server, { errorRate: 0 });
    expect(cleared.status).toBe(200);
    expect((await fetch(`${server.url}/eco`)).status).toBe(200);
  });

  it('refuses unknown fields and malformed JSON on PUT /__sandbox/falhas', async () => {
    const server = await start();

    const unknown = await putFaults(server, { erroRate: 1 });
    expect(unknown.status).toBe(400);
    const unknownBody = (await unknown.json()) as { erro: { codigo: string; mensagem: string } };
    expect(unknownBody.erro.codigo).toBe('campo_invalido');
    expect(unknownBody.erro.mensagem).toContain('erroRate');

    const malformed = await fetch(`${server.url}/__sandbox/falhas`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{ nao e json',
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { erro: { codigo: string } }).erro.codigo).toBe(
      'corpo_invalido',
    );
  });

  it('describes the sandbox on GET /__sandbox', async () => {
    const server = await start({ faults: { latencyMs: 5 } });

    const response = await fetch(`${server.url}/__sandbox`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      provider: 'teste',
      description: ecoSandbox.description,
      magicInputs: ecoSandbox.magicInputs,
      faults: defaultFaults({ latencyMs: 5 }),
    });
  });

  it('lives under a prefix when mounted inside another server', async () => {
    const app = Fastify();
    apps.push(app);
    const faults = defaultFaults();
    app.get('/fora', async () => ({ fora: true }));
    await app.register(sandboxPlugin(ecoSandbox, faults), { prefix: '/sandbox/teste' });

    const eco = await app.inject({ method: 'GET', url: '/sandbox/teste/eco' });
    expect(eco.statusCode).toBe(200);
    expect(eco.json()).toEqual({ ok: true });
    expect((await app.inject({ method: 'GET', url: '/eco' })).statusCode).toBe(404);

    const info = await app.inject({ method: 'GET', url: '/sandbox/teste/__sandbox' });
    expect(info.json()).toMatchObject({ provider: 'teste' });

    const update = await app.inject({
      method: 'PUT',
      url: '/sandbox/teste/__sandbox/falhas',
      payload: { errorRate: 1 },
    });
    expect(update.statusCode).toBe(200);
    expect(faults.errorRate).toBe(1);
    expect((await app.inject({ method: 'GET', url: '/sandbox/teste/eco' })).statusCode).toBe(503);

    // The faults stay inside the sandbox's own context.
    expect((await app.inject({ method: 'GET', url: '/fora' })).statusCode).toBe(200);
  });

  it('draws the error decision from the injected random source', async () => {
    async function statusWith(errorRate: number): Promise<number> {
      const app = Fastify();
      apps.push(app);
      const faults: FaultSettings = defaultFaults({ errorRate });
      installFaultInjection(app, faults, () => 0.5);
      app.get('/eco', async () => ({ ok: true }));
      return (await app.inject({ method: 'GET', url: '/eco' })).statusCode;
    }

    expect(await statusWith(0.4)).toBe(200);
    expect(await statusWith(0.6)).toBe(503);
  });

  it.each([
    ['serasa_experian', serasaExperianSandbox],
    ['tecnospeed', tecnospeedSandbox],
    ['serasa_bureau', serasaBureauSandbox],
    ['bmp', bmpSandbox],
  ] as const)('starts the %s sandbox and answers its GET /', async (provider, definition) => {
    expect(definition.provider).toBe(provider);
    expect(definition.description.length).toBeGreaterThan(0);
    const server = await start({}, definition);

    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ provider, status: 'ok' });

    const info = await fetch(`${server.url}/__sandbox`);
    expect(await info.json()).toMatchObject({ provider, magicInputs: {} });
  });
});
