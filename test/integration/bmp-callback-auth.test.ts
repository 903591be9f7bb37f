import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/infra/clock.js';
import { bmp } from '../../src/providers/bmp/index.js';
import { createBmpSandbox } from '../../src/providers/bmp/sandbox.js';
import { startSandboxServer } from '../../src/sandboxes/start-sandbox-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

// BMP's callback table (seed 003, research B.7): six ways to present a partner-chosen key of up
// to 255 characters. Each is configured on a `bmp` integration and called as BMP does:
// `GET <url_recebimento>?proposta=<guid>&situacao=2`.

const clock = new ManualClock('2026-03-10T14:00:00.000Z');
const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);

/** The longest key BMP accepts, so every accepted case also proves the limit is inclusive. */
const key255 = (seed: string) => seed.repeat(Math.ceil(255 / seed.length)).slice(0, 255);
const TOKEN = key255('bmp-chave-');
const USER = key255('usuario-');
const PASSWORD = key255('s3nh4:');
/** TOKEN with its last character changed: right header and scheme, wrong value. */
const WRONG_TOKEN = `${TOKEN.slice(0, -1)}x`;

interface Method {
  name: string;
  recebimento: Record<string, unknown>;
  credenciais: Record<string, string>;
  /** The secret field a 256-character value must be refused on. */
  field: 'token' | 'usuario' | 'senha';
  good: () => Promise<Record<string, string>>;
  /** A wrong value where the right one would go: same header, same scheme. */
  bad: () => Promise<Record<string, string>>;
  /** The right value presented the wrong way, refused with `motivo`. */
  otherWay?: { headers: Record<string, string>; motivo: string };
}

function hs256(secret: string, exp = nowSeconds() + 300) {
  return new SignJWT({ sub: 'bmp' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(nowSeconds())
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(secret));
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

const METHODS: Method[] = [
  {
    name: 'Bearer token',
    recebimento: { autenticacao: 'bearer' },
    credenciais: { token: TOKEN },
    field: 'token',
    good: async () => ({ authorization: `Bearer ${TOKEN}` }),
    bad: async () => ({ authorization: `Bearer ${WRONG_TOKEN}` }),
  },
  {
    name: 'API-Key',
    recebimento: { autenticacao: 'api_key', cabecalho: 'API-Key' },
    credenciais: { token: TOKEN },
    field: 'token',
    good: async () => ({ 'API-Key': TOKEN }),
    bad: async () => ({ 'API-Key': WRONG_TOKEN }),
    // The right key under the other header is not this configuration.
    otherWay: { headers: { 'X-API-Key': TOKEN }, motivo: 'ausente' },
  },
  {
    name: 'Basic',
    recebimento: { autenticacao: 'basic' },
    credenciais: { usuario: USER, senha: PASSWORD },
    field: 'senha',
    good: async () => ({ authorization: basic(USER, PASSWORD) }),
    bad: async () => ({ authorization: basic(USER, `${PASSWORD.slice(0, -1)}x`) }),
  },
  {
    name: 'X-API-Key',
    recebimento: { autenticacao: 'api_key' },
    credenciais: { token: TOKEN },
    field: 'token',
    good: async () => ({ 'X-API-Key': TOKEN }),
    bad: async () => ({ 'X-API-Key': 'outra-chave' }),
  },
  {
    name: 'JWT (HS256)',
    recebimento: { autenticacao: 'jwt' },
    credenciais: { token: TOKEN },
    field: 'token',
    good: async () => ({ authorization: `Bearer ${await hs256(TOKEN)}` }),
    bad: async () => ({ authorization: `Bearer ${await hs256(TOKEN, nowSeconds() - 3600)}` }),
  },
  {
    name: 'HMAC',
    recebimento: { autenticacao: 'hmac' },
    credenciais: { token: TOKEN },
    field: 'token',
    good: async () => ({ authorization: `HMAC ${TOKEN}` }),
    bad: async () => ({ authorization: `HMAC ${WRONG_TOKEN}` }),
    otherWay: { headers: { authorization: `Bearer ${TOKEN}` }, motivo: 'esquema_incorreto' },
  },
];

describe('BMP callback authentication, the six documented methods', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ clock });
  });
  afterAll(async () => t?.close());

  async function createBmp(recebimento: unknown, credenciais: unknown) {
    return t.api('/v1/integracoes', {
      method: 'POST',
      json: {
        provedor: 'bmp',
        ambiente: 'homologacao',
        descricao: 'BMP callbacks',
        credenciais: { recebimento: credenciais },
        configuracoes: { recebimento },
      },
    });
  }

  async function created(recebimento: unknown, credenciais: unknown) {
    const response = await createBmp(recebimento, credenciais);
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as { id: string; url_recebimento: string };
  }

  const guids: string[] = [];
  /** A callback for a new proposal; its GUID is `guids.at(-1)`. */
  const callback = (url: string, headers: Record<string, string>) => {
    guids.push(randomUUID());
    return fetch(`${url}?proposta=${guids.at(-1)}&situacao=2`, { headers });
  };
  const propostaStatus = async (guid: string) => (await t.api(`/v1/propostas/${guid}`)).status;

  const eventsOf = (integracaoId: string) =>
    t.ctx.database.db
      .selectFrom('eventos_entrada')
      .selectAll()
      .where('integracao_id', '=', integracaoId)
      .orderBy('id')
      .execute();

  for (const method of METHODS) {
    it(`${method.name}: right credentials 200 aceito, wrong 401 nao_autenticado`, async () => {
      const integracao = await created(method.recebimento, method.credenciais);
      const goodHeaders = await method.good();

      const accepted = await callback(integracao.url_recebimento, goodHeaders);
      expect(accepted.status).toBe(200);
      const { id } = (await accepted.json()) as { id: string };
      const applied = guids.at(-1)!;

      const refused = await callback(integracao.url_recebimento, await method.bad());
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { erro: { codigo: string } }).erro.codigo).toBe(
        'nao_autenticado',
      );
      const missing = await callback(integracao.url_recebimento, {});
      expect(missing.status).toBe(401);
      const [refusedGuid, missingGuid] = guids.slice(-2);

      // Applied: the accepted callback created its proposal; the refused ones created nothing.
      await waitFor(async () => (await propostaStatus(applied)) === 200, 'the proposal applied');
      expect(await propostaStatus(refusedGuid)).toBe(404);
      expect(await propostaStatus(missingGuid)).toBe(404);

      const [ok, wrong, absent] = await eventsOf(integracao.id);
      expect(ok.id).toBe(id);
      expect(ok.veredito).toBe('aceito');
      expect(ok.situacao).toBe('processado');
      expect(wrong.veredito).toBe('nao_autenticado');
      expect(wrong.situacao).toBe('rejeitado');
      // A wrong value in the right place: refused on its value, not on its shape.
      expect(JSON.parse(wrong.resultado!).motivo).toMatch(/^(credencial_incorreta|expirada)$/);
      expect(absent).toMatchObject({ veredito: 'nao_autenticado', situacao: 'rejeitado' });
      expect(JSON.parse(absent.resultado!)).toEqual({ motivo: 'ausente' });

      if (method.otherWay) {
        const other = await callback(integracao.url_recebimento, method.otherWay.headers);
        expect(other.status).toBe(401);
        const last = (await eventsOf(integracao.id)).at(-1)!;
        expect(JSON.parse(last.resultado!)).toEqual({ motivo: method.otherWay.motivo });
      }

      // The presented secret (a key, a JWT, an HMAC value) is masked in the stored row and
      // never reaches the log.
      for (const event of [ok, wrong]) {
        const headers = JSON.parse(event.cabecalhos) as Record<string, unknown>;
        for (const name of Object.keys(goodHeaders)) {
          if (headers[name.toLowerCase()] !== undefined) {
            expect(headers[name.toLowerCase()]).toBe('[mascarado]');
          }
        }
      }
      const secrets = [...Object.values(goodHeaders), TOKEN, USER, PASSWORD];
      const stored = (await eventsOf(integracao.id)).map((e) => JSON.stringify(e)).join('\n');
      const logs = t.logLines.join('\n');
      for (const secret of secrets) {
        expect(stored).not.toContain(secret);
        expect(logs).not.toContain(secret);
      }
    });

    it(`${method.name}: a 256-character key is refused with 400 naming the field`, async () => {
      const credenciais = { ...method.credenciais, [method.field]: `${TOKEN}x` };
      const response = await createBmp(method.recebimento, credenciais);
      expect(response.status).toBe(400);
      const { erro } = (await response.json()) as { erro: { campo: string; mensagem: string } };
      expect(erro.campo).toBe(`credenciais.recebimento.${method.field}`);
      expect(erro.mensagem).toContain('255');
      expect(JSON.stringify(erro)).not.toContain(TOKEN);
    });
  }

  it('a method the integration did not choose gets 405, recorded and not applied', async () => {
    const integracao = await created(
      { autenticacao: 'bearer', metodos: ['GET'] },
      { token: TOKEN },
    );
    const guid = randomUUID();
    const response = await fetch(`${integracao.url_recebimento}?proposta=${guid}&situacao=2`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(405);
    const [event] = await eventsOf(integracao.id);
    expect(event).toMatchObject({
      metodo: 'POST',
      veredito: 'metodo_nao_permitido',
      situacao: 'rejeitado',
      referencia: guid,
    });
    expect(await propostaStatus(guid)).toBe(404);
  });

  it('Basic: a 256-character user is refused as well', async () => {
    const response = await createBmp(
      { autenticacao: 'basic' },
      { usuario: `${USER}x`, senha: PASSWORD },
    );
    expect(response.status).toBe(400);
    const { erro } = (await response.json()) as { erro: { campo: string } };
    expect(erro.campo).toBe('credenciais.recebimento.usuario');
  });

  it('updating an integration to a 256-character key is refused the same way', async () => {
    const integracao = await created({ autenticacao: 'hmac' }, { token: TOKEN });
    const response = await t.api(`/v1/integracoes/${integracao.id}`, {
      method: 'PATCH',
      json: { credenciais: { recebimento: { token: `${TOKEN}x` } } },
    });
    expect(response.status).toBe(400);
    const { erro } = (await response.json()) as { erro: { campo: string } };
    expect(erro.campo).toBe('credenciais.recebimento.token');
  });

  it('JWT ES256 verifies against the configured public key; expiry follows the injected clock', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const integracao = await created(
      {
        autenticacao: 'jwt',
        jwt: { algoritmo: 'ES256', chave_publica: await exportSPKI(publicKey), emissor: 'bmp' },
      },
      {},
    );
    const jwt = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer('bmp')
      .setExpirationTime(nowSeconds() + 60)
      .sign(privateKey);
    const headers = { authorization: `Bearer ${jwt}` };
    expect((await callback(integracao.url_recebimento, headers)).status).toBe(200);

    const start = clock.now();
    try {
      clock.advance(120_000);
      expect((await callback(integracao.url_recebimento, headers)).status).toBe(401);
    } finally {
      clock.set(start);
    }
    const [, expired] = await eventsOf(integracao.id);
    expect(JSON.parse(expired.resultado!)).toEqual({ motivo: 'expirada' });
  });

  it('refuses JWT configurations that could never verify, naming the field', async () => {
    const missingKey = await createBmp({ autenticacao: 'jwt', jwt: { algoritmo: 'RS256' } }, {});
    expect(missingKey.status).toBe(400);
    expect(((await missingKey.json()) as { erro: { campo: string } }).erro.campo).toBe(
      'configuracoes.recebimento.jwt.chave_publica',
    );

    const badPem = await createBmp(
      {
        autenticacao: 'jwt',
        jwt: { algoritmo: 'RS256', chave_publica: '-----BEGIN PUBLIC KEY-----\nAAAA\n' },
      },
      {},
    );
    expect(badPem.status).toBe(400);
    expect(((await badPem.json()) as { erro: { campo: string } }).erro.campo).toBe(
      'configuracoes.recebimento.jwt.chave_publica',
    );

    const noSecret = await createBmp({ autenticacao: 'jwt' }, {});
    expect(noSecret.status).toBe(400);
    expect(((await noSecret.json()) as { erro: { campo: string } }).erro.campo).toBe(
      'credenciais.recebimento.token',
    );
  });

  it('HMAC assinatura_corpo checks the signature of a POST body', async () => {
    const integracao = await created(
      { autenticacao: 'hmac', hmac: { modo: 'assinatura_corpo' }, metodos: ['POST'] },
      { token: TOKEN },
    );
    const body = JSON.stringify({ descricaoOcorrencia: 'Proposta paga' });
    const signature = createHmac('sha256', TOKEN).update(body).digest('hex');
    // One signature serves every proposal: the query string (proposta, situacao) is not signed.
    // That is the documented limit of assinatura_corpo (the issue asked for an HMAC of the raw
    // body; the setting's description says the query is not covered), not an oversight here.
    const post = (authorization: string) =>
      fetch(`${integracao.url_recebimento}?proposta=${randomUUID()}&situacao=9`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body,
      });
    expect((await post(`HMAC ${signature}`)).status).toBe(200);
    expect((await post(`HMAC ${TOKEN}`)).status).toBe(401);
    const [, refused] = await eventsOf(integracao.id);
    expect(JSON.parse(refused.resultado!)).toEqual({ motivo: 'assinatura_invalida' });
  });

  it('refuses HMAC assinatura_corpo while GET is allowed, naming hmac.modo', async () => {
    for (const metodos of [undefined, ['GET', 'POST']]) {
      const response = await createBmp(
        { autenticacao: 'hmac', hmac: { modo: 'assinatura_corpo' }, metodos },
        { token: TOKEN },
      );
      expect(response.status).toBe(400);
      const { erro } = (await response.json()) as { erro: { campo: string; mensagem: string } };
      expect(erro.campo).toBe('configuracoes.recebimento.hmac.modo');
      expect(erro.mensagem).toContain('o corpo de um GET e vazio');
    }
  });

  it('refuses jwt and hmac settings under another autenticacao; a private key is never stored', async () => {
    const integracoes = async () =>
      (await t.ctx.database.db.selectFrom('integracoes').select('id').execute()).length;
    const before = await integracoes();
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const spki = publicKey.export({ type: 'spki', format: 'pem' }).toString();

    const cases: Array<[Record<string, unknown>, string]> = [
      [
        { autenticacao: 'bearer', jwt: { algoritmo: 'ES256', chave_publica: privatePem } },
        'configuracoes.recebimento.jwt',
      ],
      [{ autenticacao: 'bearer', hmac: { modo: 'valor_fixo' } }, 'configuracoes.recebimento.hmac'],
      [
        { autenticacao: 'jwt', jwt: { algoritmo: 'ES256', chave_publica: `${spki}${privatePem}` } },
        'configuracoes.recebimento.jwt.chave_publica',
      ],
    ];
    for (const [recebimento, campo] of cases) {
      const response = await createBmp(recebimento, { token: TOKEN });
      expect(response.status).toBe(400);
      const body = await response.text();
      expect((JSON.parse(body) as { erro: { campo: string } }).erro.campo).toBe(campo);
      expect(body).not.toContain('PRIVATE');
    }
    expect(await integracoes()).toBe(before);

    // What is kept and returned is the re-exported SPKI block, whatever surrounded it.
    const integracao = await created(
      { autenticacao: 'jwt', jwt: { algoritmo: 'ES256', chave_publica: `${spki}comentario\n` } },
      {},
    );
    const view = (await (await t.api(`/v1/integracoes/${integracao.id}`)).json()) as {
      configuracoes: { recebimento: { jwt: { chave_publica: string } } };
    };
    expect(view.configuracoes.recebimento.jwt.chave_publica).toBe(spki);
  });

  it('refuses an HS256 secret shorter than 32 characters (RFC 7518 3.2)', async () => {
    const short = await createBmp({ autenticacao: 'jwt' }, { token: 'x'.repeat(31) });
    expect(short.status).toBe(400);
    const { erro } = (await short.json()) as { erro: { campo: string; mensagem: string } };
    expect(erro.campo).toBe('credenciais.recebimento.token');
    expect(erro.mensagem).toContain('32');
    // The same length is fine where the secret is not an HMAC key.
    expect((await createBmp({ autenticacao: 'bearer' }, { token: 'x'.repeat(31) })).status).toBe(
      201,
    );
    const integracao = await created({ autenticacao: 'jwt' }, { token: 'x'.repeat(32) });
    const update = await t.api(`/v1/integracoes/${integracao.id}`, {
      method: 'PATCH',
      json: { credenciais: { recebimento: { token: 'x'.repeat(31) } } },
    });
    expect(update.status).toBe(400);
  });

  it('masks a custom API-key header on a disabled integration too, which answers as an unknown token', async () => {
    const integracao = await created(
      { autenticacao: 'api_key', cabecalho: 'Chave' },
      { token: TOKEN },
    );
    const disabled = await t.api(`/v1/integracoes/${integracao.id}/desativar`, { method: 'POST' });
    expect(disabled.status).toBe(200);
    const response = await callback(integracao.url_recebimento, { Chave: TOKEN });
    expect(response.status).toBe(404);
    // The caller cannot tell a disabled integration from an unknown token; the event can.
    const unknown = await callback(integracao.url_recebimento.replace(/[^/]+$/, 'x'.repeat(43)), {
      Chave: TOKEN,
    });
    expect(unknown.status).toBe(404);
    expect(await response.json()).toEqual(await unknown.json());
    const [event] = await eventsOf(integracao.id);
    expect(event.veredito).toBe('integracao_desativada');
    expect((JSON.parse(event.cabecalhos) as Record<string, unknown>).chave).toBe('[mascarado]');
    expect(JSON.stringify(event)).not.toContain(TOKEN);
  });

  it('the demo integration gets a random bearer secret per start, the one its sandbox presents', async () => {
    const sandbox = await startSandboxServer(createBmpSandbox());
    try {
      const [first, second] = [
        bmp.demoIntegration!(sandbox.url),
        bmp.demoIntegration!(sandbox.url),
      ];
      const secretOf = (demo: typeof first) =>
        (demo.credenciais as { recebimento: { token: string } }).recebimento.token;
      expect(secretOf(first)).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(secretOf(second)).not.toBe(secretOf(first));

      const { recebimento } = first.configuracoes as { recebimento: unknown };
      const integracao = await created(recebimento, { token: secretOf(first) });
      await first.registerInbound!(integracao.url_recebimento);
      const run = await fetch(`${sandbox.url}/__sandbox/propostas`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ situacoes: [2], aguardar: true }),
      });
      expect(run.status).toBe(200);
      const [event] = await eventsOf(integracao.id);
      expect(event.veredito).toBe('aceito');
    } finally {
      await sandbox.close();
    }
  });
});
