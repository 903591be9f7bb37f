import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackend } from '../support/test-database.js';

// How /console is served, without a browser: the page's policy, which files leave the server,
// and what the login screen may learn before it has a key.

const json = async (response: Promise<Response>): Promise<any> => (await response).json();

describe.runIf(testBackend() === 'sqlite')('console routes', () => {
  let demo: TestApp;
  let producao: TestApp;

  beforeAll(async () => {
    [demo, producao] = await Promise.all([
      startTestApp({ mode: 'demo', workers: false }),
      startTestApp({ workers: false }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([demo?.close(), producao?.close()]);
  });

  it('serves the page under a CSP whose only inline script is the hashed import map', async () => {
    const response = await fetch(`${producao.url}/console/`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const csp = response.headers.get('content-security-policy')!;
    const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(html)![1];
    const hash = createHash('sha256').update(importMap).digest('base64');
    expect(csp).toContain(`script-src 'self' 'sha256-${hash}';`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    // Every other script is an external module from this origin.
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    for (const [, attributes, body] of scripts) {
      if (attributes.includes('importmap')) continue;
      expect(attributes).toMatch(/src="\/console\//);
      expect(body.trim()).toBe('');
    }
    const redirect = await fetch(`${producao.url}/console`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/console/');
  });

  it('serves the modules and the vendored Preact and htm as JavaScript', async () => {
    for (const path of [
      'app.js',
      'lib/api.js',
      'vendor/preact.mjs',
      'vendor/hooks.mjs',
      'vendor/htm.mjs',
    ]) {
      const response = await fetch(`${producao.url}/console/${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(/^text\/javascript/);
    }
    const hooks = await (await fetch(`${producao.url}/console/vendor/hooks.mjs`)).text();
    expect(hooks).toContain('from"preact"');
    const css = await fetch(`${producao.url}/console/console.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('serves nothing outside the console folder', async () => {
    for (const path of [
      '../package.json',
      '%2e%2e/package.json',
      '..%2f..%2fpackage.json',
      'vendor/../../package.json',
      'vendor/preact',
      'nao-existe.js',
    ]) {
      const response = await fetch(`${producao.url}/console/${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toContain('"dependencies"');
    }
  });

  it('tells the login screen the mode and, in demo mode only, where the key file is', async () => {
    const modoDemo = await json(fetch(`${demo.url}/console/ambiente.json`));
    expect(modoDemo.modo).toBe('demo');
    expect(modoDemo.arquivo_chave_demo).toMatch(/demo-api-key$/);
    expect(JSON.stringify(modoDemo)).not.toMatch(/cg_/);
    const modoProducao = await json(fetch(`${producao.url}/console/ambiente.json`));
    expect(modoProducao).toEqual({ modo: 'production', arquivo_chave_demo: null });
  });
});

// A read filter the integration screen uses; it touches the database, so it runs on both.
describe('GET /v1/alertas?integracao_id', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ workers: false });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lists only the alerts of that integration, newest first', async () => {
    const alerta = (id: string, integracao: string) => ({
      id,
      tipo: 'teste',
      integracao_id: integracao,
      negativacao_id: null,
      mensagem: `alerta de ${integracao}`,
      detalhes: '{}',
      criado_em: new Date().toISOString(),
    });
    await app.ctx.database.db
      .insertInto('alertas')
      .values([
        alerta('alerta_1', 'int_a'),
        alerta('alerta_2', 'int_b'),
        alerta('alerta_3', 'int_a'),
      ])
      .execute();
    const lista = await json(app.api('/v1/alertas?integracao_id=int_a'));
    expect(lista.dados.map((x: { id: string }) => x.id)).toEqual(['alerta_3', 'alerta_1']);
    const todos = await json(app.api('/v1/alertas'));
    expect(todos.dados).toHaveLength(3);
  });
});
