import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

// A corpus of malformed and hostile requests against every route the OpenAPI document lists (so a
// new route is covered the day it is added): none may get a 5xx, none may store anything, and the
// process must stay healthy. Callbacks and the slow-sender timeout are covered separately below.

interface Attempt {
  label: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** A mutation must be refused (4xx); a read may answer 200 with nothing leaked. */
  mutation: boolean;
}

const HOSTILE_IDS = [
  "' OR '1'='1",
  '../../etc/passwd',
  '<script>alert(1)</script>',
  'x'.repeat(3000),
  '%00',
  '🙂🙂',
];
const HOSTILE_QUERIES = [
  'limite=-1',
  'limite=abc',
  'limite=100000000000000000000',
  'apos=%3Cscript%3E',
  "documento='%20OR%201=1--",
  'status=%00',
  'criada_desde=not-a-date',
  'situacao[]=a&situacao[]=b',
];
const BAD_JSON_BODIES: Array<[string, string]> = [
  ['broken JSON', '{"integracao_id": '],
  ['array', '[]'],
  ['string', '"texto"'],
  ['null', 'null'],
  ['number', '42'],
  ['deep nesting', `${'['.repeat(5000)}${']'.repeat(5000)}`],
  ['__proto__', '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}'],
  [
    'wrong types',
    JSON.stringify({
      integracao_id: 12,
      documento: ['x'],
      credor: { a: 1 },
      devedor: 'nome',
      valor_centavos: '10',
      url: 5,
      provedor: null,
    }),
  ],
  [
    'injection strings',
    JSON.stringify({
      integracao_id: "int_x' OR 1=1--",
      documento: '000.000.000-00',
      produto: '<img src=x onerror=alert(1)>',
      credor: '00000000000000',
      contrato: "'; DROP TABLE negativacoes; --",
      provedor: 'serasa_experian',
      ambiente: 'homologacao',
      descricao: '<script>x</script>',
      credenciais: {},
    }),
  ],
  [
    'invalid CPF/CNPJ',
    JSON.stringify({ documento: '123.456.789-00', credor: '11.111.111/1111-11' }),
  ],
];

const TABLES = ['integracoes', 'negativacoes', 'consultas', 'api_keys', 'propostas'] as const;

describe('hostile input against every public route', () => {
  let t: TestApp;
  let attempts: Attempt[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      workers: false,
      config: { http: { port: 0, bodyLimitBytes: 65_536, requestTimeoutMs: 1000 } },
    });
    const spec = (await (await fetch(`${t.url}/docs/json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    attempts = corpus(spec.paths);
  });
  afterAll(async () => t?.close());

  const counts = async () =>
    Object.fromEntries(
      await Promise.all(
        TABLES.map(async (table) => {
          const row = await t.ctx.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow();
          return [table, Number(row.n)] as const;
        }),
      ),
    );

  it('answers at least 200 hostile requests with a 4xx (or a harmless read), never a 5xx, storing nothing', async () => {
    expect(attempts.length).toBeGreaterThanOrEqual(200);
    const before = await counts();
    const failures: string[] = [];
    for (const attempt of attempts) {
      const headers = { ...attempt.headers };
      if (headers.authorization === 'KEY') headers.authorization = `Bearer ${t.apiKey}`;
      const response = await fetch(t.url + attempt.path, {
        method: attempt.method,
        headers,
        body: attempt.body,
      });
      const text = await response.text();
      const ok = attempt.mutation
        ? response.status >= 400 && response.status < 500
        : response.status < 500;
      if (!ok) failures.push(`${attempt.label}: ${response.status} ${text.slice(0, 120)}`);
      if (response.status >= 400 && response.headers.get('content-type')?.includes('json')) {
        // Errors keep their shape and never echo a stack.
        expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
      }
    }
    expect(failures).toEqual([]);
    expect(await counts()).toEqual(before);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
    expect((await t.api('/v1/integracoes')).status).toBe(200);
  });

  it('refuses forged callback tokens: kept for audit as rejeitado, never processed', async () => {
    const since = new Date().toISOString();
    for (const provedor of ['serasa_experian', 'bmp', 'tecnospeed', 'nao_existe']) {
      for (const token of ['x', 'a'.repeat(64), "' OR 1=1--", '../../admin']) {
        const response = await fetch(
          `${t.url}/callbacks/${provedor}/${encodeURIComponent(token)}`,
          { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"uuid":"x"}' },
        );
        expect(response.status, `${provedor} ${token}`).toBe(404);
      }
    }
    const stored = await t.ctx.database.db
      .selectFrom('eventos_entrada')
      .select(['situacao'])
      .where('recebido_em', '>=', since)
      .execute();
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((row) => row.situacao === 'rejeitado')).toBe(true);
    const jobs = await t.ctx.database.db
      .selectFrom('jobs')
      .select('id')
      .where('created_at', '>=', since)
      .execute();
    expect(jobs).toEqual([]);
  });

  it('closes a slow sender (slow-loris body) with 408 instead of holding the connection', async () => {
    const { hostname, port } = new URL(t.url);
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => {
        socket.write(
          'POST /v1/negativacoes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
            `Authorization: Bearer ${t.apiKey}\r\nContent-Length: 1000\r\n\r\n{"a":`,
        );
      });
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
      // A byte now and then keeps a naive server waiting forever.
      const drip = setInterval(() => socket.write(' '), 200);
      socket.on('close', () => clearInterval(drip));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

/** The corpus, built from the OpenAPI paths: auth, ids, queries and bodies per route. */
function corpus(paths: Record<string, Record<string, unknown>>): Attempt[] {
  const attempts: Attempt[] = [];
  const auth = (key: string) => ({ authorization: `Bearer ${key}` });
  for (const [template, operations] of Object.entries(paths)) {
    if (!template.startsWith('/v1/')) continue;
    for (const method of Object.keys(operations).map((m) => m.toUpperCase())) {
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) continue;
      const mutation = method !== 'GET';
      const hasParams = template.includes('{');
      const fill = (value: string) => template.replace(/\{[^}]+\}/g, encodeURIComponent(value));
      const path = fill('id_inexistente');
      const label = `${method} ${template}`;
      attempts.push({ label: `${label} without key`, method, path, mutation: true });
      attempts.push({
        label: `${label} forged key`,
        method,
        path,
        headers: auth('cg_forjada_0123456789abcdef'),
        mutation: true,
      });
      // Resolved by the caller's key below (the test's own).
      const withKey = (extra: Record<string, string> = {}) => ({ ...extra, authorization: 'KEY' });
      if (hasParams) {
        for (const id of HOSTILE_IDS) {
          attempts.push({
            label: `${label} id ${id.slice(0, 20)}`,
            method,
            path: fill(id),
            headers: withKey(),
            mutation,
          });
        }
      }
      if (method === 'GET' && !hasParams) {
        for (const query of HOSTILE_QUERIES) {
          attempts.push({
            label: `${label}?${query}`,
            method,
            path: `${path}?${query}`,
            headers: withKey(),
            mutation: false,
          });
        }
      }
      if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
        const json = withKey({ 'content-type': 'application/json' });
        for (const [name, body] of BAD_JSON_BODIES) {
          attempts.push({
            label: `${label} ${name}`,
            method,
            path,
            headers: json,
            body,
            mutation: true,
          });
        }
        attempts.push({
          label: `${label} oversized body`,
          method,
          path,
          headers: json,
          body: JSON.stringify({ descricao: 'x'.repeat(200_000) }),
          mutation: true,
        });
        attempts.push({
          label: `${label} wrong content type`,
          method,
          path,
          headers: withKey({ 'content-type': 'application/xml' }),
          body: '<a>1</a>',
          mutation: true,
        });
      }
    }
  }
  return attempts;
}
