import { createHmac, generateKeyPairSync } from 'node:crypto';
import { exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/infra/clock.js';
import {
  receiverSettingsSchema,
  requiredReceiverCredentials,
  weakReceiverCredential,
  type ReceiverCredentials,
} from '../../src/inbound/receiver-settings.js';
import { verifyReceiverAuth } from '../../src/inbound/verify-receiver-auth.js';

const schema = receiverSettingsSchema(
  ['nenhuma', 'basic', 'bearer', 'api_key', 'jwt', 'hmac'],
  ['GET', 'POST'],
);
const settings = (value: unknown) => schema.parse(value);
const clock = new ManualClock('2026-01-05T12:00:00.000Z');
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

function verify(
  value: unknown,
  credentials: ReceiverCredentials,
  headers: Record<string, string>,
  body: Buffer | null = null,
) {
  return verifyReceiverAuth(settings(value), credentials, { headers, body }, clock);
}

const refused = (motivo: string) => ({ ok: false, motivo });

describe('verifyReceiverAuth: static secrets', () => {
  it('accepts anything when the scheme is nenhuma (the URL token is the secret)', async () => {
    expect(await verify({ autenticacao: 'nenhuma' }, {}, {})).toEqual({ ok: true });
  });

  it('checks Bearer tokens, case-insensitive scheme', async () => {
    const s = { autenticacao: 'bearer' };
    const creds = { token: 'abc' };
    expect(await verify(s, creds, { authorization: 'bearer abc' })).toEqual({ ok: true });
    expect(await verify(s, creds, { authorization: 'Bearer abd' })).toEqual(
      refused('credencial_incorreta'),
    );
    expect(await verify(s, creds, { authorization: 'Token abc' })).toEqual(
      refused('esquema_incorreto'),
    );
    expect(await verify(s, creds, { authorization: 'abc' })).toEqual(refused('esquema_incorreto'));
    expect(await verify(s, creds, {})).toEqual(refused('ausente'));
    expect(await verify(s, {}, { authorization: 'Bearer ' })).toEqual(
      refused('credencial_incorreta'),
    );
  });

  it('checks Basic user and password, passwords may contain colons', async () => {
    const s = { autenticacao: 'basic' };
    const header = (text: string) => ({
      authorization: `Basic ${Buffer.from(text).toString('base64')}`,
    });
    const creds = { usuario: 'serasa', senha: 'a:b:c' };
    expect(await verify(s, creds, header('serasa:a:b:c'))).toEqual({ ok: true });
    expect(await verify(s, creds, header('serasa:a:b'))).toEqual(refused('credencial_incorreta'));
    expect(await verify(s, creds, header('outro:a:b:c'))).toEqual(refused('credencial_incorreta'));
    expect(await verify(s, creds, header('sem-dois-pontos'))).toEqual(refused('malformada'));
    expect(await verify(s, creds, { authorization: 'Bearer x' })).toEqual(
      refused('esquema_incorreto'),
    );
    expect(await verify(s, creds, {})).toEqual(refused('ausente'));
  });

  it('reads API keys from the configured header: BMP API-Key and X-API-Key (default)', async () => {
    const apiKey = { autenticacao: 'api_key', cabecalho: 'API-Key' };
    expect(await verify(apiKey, { token: 'k1' }, { 'api-key': 'k1' })).toEqual({ ok: true });
    expect(await verify(apiKey, { token: 'k1' }, { 'x-api-key': 'k1' })).toEqual(
      refused('ausente'),
    );
    const xApiKey = { autenticacao: 'api_key' };
    expect(await verify(xApiKey, { token: 'k1' }, { 'x-api-key': 'k1' })).toEqual({ ok: true });
    expect(await verify(xApiKey, { token: 'k1' }, { 'x-api-key': 'k2' })).toEqual(
      refused('credencial_incorreta'),
    );
  });

  it('limits receiver settings to valid header names and addresses', () => {
    expect(() => settings({ cabecalho: 'bad header' })).toThrow();
    expect(() => settings({ ips_permitidos: ['999.1.1.1'] })).toThrow();
    expect(settings({ ips_permitidos: ['10.0.0.1', '::1'] }).ips_permitidos).toHaveLength(2);
  });
});

describe('verifyReceiverAuth: HMAC', () => {
  const creds = { token: '5d41402abc4b19d911017c592' };

  it('compares a fixed value by default, as BMP documents it', async () => {
    const s = { autenticacao: 'hmac' };
    expect(await verify(s, creds, { authorization: 'HMAC 5d41402abc4b19d911017c592' })).toEqual({
      ok: true,
    });
    expect(await verify(s, creds, { authorization: 'HMAC 5d41402abc4b19d911017c593' })).toEqual(
      refused('credencial_incorreta'),
    );
    expect(await verify(s, creds, { authorization: 'Bearer 5d41402abc4b19d911017c592' })).toEqual(
      refused('esquema_incorreto'),
    );
    expect(await verify(s, creds, {})).toEqual(refused('ausente'));
  });

  it('checks the hex HMAC-SHA256 of the raw body in assinatura_corpo mode', async () => {
    const s = { autenticacao: 'hmac', hmac: { modo: 'assinatura_corpo' }, metodos: ['POST'] };
    const body = Buffer.from('{"descricaoOcorrencia":"paga"}');
    const signature = createHmac('sha256', creds.token).update(body).digest('hex');
    expect(await verify(s, creds, { authorization: `HMAC ${signature}` }, body)).toEqual({
      ok: true,
    });
    expect(
      await verify(s, creds, { authorization: `HMAC ${signature.toUpperCase()}` }, body),
    ).toEqual({ ok: true });
    expect(
      await verify(s, creds, { authorization: `HMAC ${signature}` }, Buffer.from('{}')),
    ).toEqual(refused('assinatura_invalida'));
    // The fixed value is not a valid signature in this mode.
    expect(await verify(s, creds, { authorization: `HMAC ${creds.token}` }, body)).toEqual(
      refused('assinatura_invalida'),
    );
    const empty = createHmac('sha256', creds.token).digest('hex');
    expect(await verify(s, creds, { authorization: `HMAC ${empty}` }, null)).toEqual({ ok: true });
  });
});

describe('verifyReceiverAuth: JWT', () => {
  const secret = 'segredo-jwt-compartilhado-com-a-bmp-0123456789';
  const hs256 = { autenticacao: 'jwt' };
  let rsa: { privateKey: CryptoKey; pem: string };
  let ec: { privateKey: CryptoKey; pem: string };
  let otherEc: { privateKey: CryptoKey; pem: string };

  async function keyPair(alg: 'RS256' | 'ES256') {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    return { privateKey, pem: await exportSPKI(publicKey) };
  }

  beforeAll(async () => {
    [rsa, ec, otherEc] = await Promise.all([keyPair('RS256'), keyPair('ES256'), keyPair('ES256')]);
  });

  function token(
    alg: string,
    key: CryptoKey | Uint8Array,
    claims: { exp?: number; nbf?: number; iss?: string; aud?: string } = {},
  ) {
    const now = clock.now();
    const jwt = new SignJWT({ proposta: 'x' })
      .setProtectedHeader({ alg, typ: 'JWT' })
      .setIssuedAt(seconds(now));
    if (claims.exp !== 0) jwt.setExpirationTime(claims.exp ?? seconds(now) + 300);
    if (claims.nbf !== undefined) jwt.setNotBefore(claims.nbf);
    if (claims.iss) jwt.setIssuer(claims.iss);
    if (claims.aud) jwt.setAudience(claims.aud);
    return jwt.sign(key);
  }
  const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });
  const hsKey = new TextEncoder().encode(secret);

  it('accepts a valid HS256 token signed with the shared secret (the default algorithm)', async () => {
    expect(await verify(hs256, { token: secret }, bearer(await token('HS256', hsKey)))).toEqual({
      ok: true,
    });
  });

  it('accepts valid RS256 and ES256 tokens against the configured public key', async () => {
    const rs = { autenticacao: 'jwt', jwt: { algoritmo: 'RS256', chave_publica: rsa.pem } };
    const es = { autenticacao: 'jwt', jwt: { algoritmo: 'ES256', chave_publica: ec.pem } };
    expect(await verify(rs, {}, bearer(await token('RS256', rsa.privateKey)))).toEqual({
      ok: true,
    });
    expect(await verify(es, {}, bearer(await token('ES256', ec.privateKey)))).toEqual({
      ok: true,
    });
    // Twice: the second call is served by the cached key.
    expect(await verify(es, {}, bearer(await token('ES256', ec.privateKey)))).toEqual({
      ok: true,
    });
  });

  it('refuses expired tokens on the injected clock, with 30 s of tolerance', async () => {
    const jwt = await token('HS256', hsKey, { exp: seconds(clock.now()) + 60 });
    const start = clock.now();
    try {
      clock.advance(60_000 + 29_000);
      expect(await verify(hs256, { token: secret }, bearer(jwt))).toEqual({ ok: true });
      clock.advance(2_000);
      expect(await verify(hs256, { token: secret }, bearer(jwt))).toEqual(refused('expirada'));
    } finally {
      clock.set(start);
    }
  });

  it('refuses a token that is not valid yet (nbf beyond the tolerance)', async () => {
    const now = seconds(clock.now());
    const early = await token('HS256', hsKey, { nbf: now + 120 });
    expect(await verify(hs256, { token: secret }, bearer(early))).toEqual(
      refused('ainda_nao_valida'),
    );
    const slightlyEarly = await token('HS256', hsKey, { nbf: now + 20 });
    expect(await verify(hs256, { token: secret }, bearer(slightlyEarly))).toEqual({ ok: true });
  });

  it('requires exp unless exige_exp is false', async () => {
    const eternal = await token('HS256', hsKey, { exp: 0 });
    expect(await verify(hs256, { token: secret }, bearer(eternal))).toEqual(
      refused('claim_invalida'),
    );
    expect(
      await verify(
        { autenticacao: 'jwt', jwt: { exige_exp: false } },
        { token: secret },
        {
          authorization: `Bearer ${eternal}`,
        },
      ),
    ).toEqual({ ok: true });
  });

  it('checks the configured issuer and audience', async () => {
    const s = { autenticacao: 'jwt', jwt: { emissor: 'bmp', audiencia: 'credgate' } };
    const good = await token('HS256', hsKey, { iss: 'bmp', aud: 'credgate' });
    const wrongIssuer = await token('HS256', hsKey, { iss: 'outro', aud: 'credgate' });
    const noAudience = await token('HS256', hsKey, { iss: 'bmp' });
    expect(await verify(s, { token: secret }, bearer(good))).toEqual({ ok: true });
    expect(await verify(s, { token: secret }, bearer(wrongIssuer))).toEqual(
      refused('claim_invalida'),
    );
    expect(await verify(s, { token: secret }, bearer(noAudience))).toEqual(
      refused('claim_invalida'),
    );
  });

  it('refuses a wrong key, a tampered payload, alg none, another algorithm and garbage', async () => {
    const es = { autenticacao: 'jwt', jwt: { algoritmo: 'ES256', chave_publica: ec.pem } };
    expect(await verify(es, {}, bearer(await token('ES256', otherEc.privateKey)))).toEqual(
      refused('assinatura_invalida'),
    );
    const other = new TextEncoder().encode('outro-segredo');
    expect(await verify(hs256, { token: secret }, bearer(await token('HS256', other)))).toEqual(
      refused('assinatura_invalida'),
    );

    const [header, , signature] = (await token('HS256', hsKey)).split('.');
    const forged = Buffer.from(
      JSON.stringify({ proposta: 'y', exp: seconds(clock.now()) + 300 }),
    ).toString('base64url');
    expect(
      await verify(hs256, { token: secret }, bearer(`${header}.${forged}.${signature}`)),
    ).toEqual(refused('assinatura_invalida'));

    const unsigned = new UnsecuredJWT({ proposta: 'x' })
      .setExpirationTime(seconds(clock.now()) + 300)
      .encode();
    expect(await verify(hs256, { token: secret }, bearer(unsigned))).toEqual(
      refused('algoritmo_nao_permitido'),
    );
    expect(await verify(es, {}, bearer(unsigned))).toEqual(refused('algoritmo_nao_permitido'));
    // An HS256 token against an ES256 configuration (key confusion) is refused by algorithm.
    expect(await verify(es, {}, bearer(await token('HS256', hsKey)))).toEqual(
      refused('algoritmo_nao_permitido'),
    );

    expect(await verify(hs256, { token: secret }, bearer('nao.e.jwt'))).toEqual(
      refused('malformada'),
    );
    expect(await verify(hs256, { token: secret }, bearer('lixo'))).toEqual(refused('malformada'));
    expect(await verify(hs256, { token: secret }, {})).toEqual(refused('ausente'));
    expect(
      await verify(
        hs256,
        { token: secret },
        { authorization: `HMAC ${await token('HS256', hsKey)}` },
      ),
    ).toEqual(refused('esquema_incorreto'));
    expect(await verify(hs256, {}, bearer(await token('HS256', hsKey)))).toEqual(
      refused('credencial_incorreta'),
    );
  });
});

describe('receiver settings for jwt and hmac', () => {
  const issues = (value: unknown) => {
    const result = schema.safeParse(value);
    return result.success
      ? []
      : result.error.issues.map((issue) => ({
          path: issue.path.join('.'),
          message: issue.message,
        }));
  };

  it('requires a readable SPKI public key of the right type for RS256 and ES256', async () => {
    const { pem: rsaPem } = await generateKeyPair('RS256', { extractable: true }).then(
      async ({ publicKey }) => ({ pem: await exportSPKI(publicKey) }),
    );
    const { pem: ecPem } = await generateKeyPair('ES256', { extractable: true }).then(
      async ({ publicKey }) => ({ pem: await exportSPKI(publicKey) }),
    );
    const jwt = (value: unknown) => ({ autenticacao: 'jwt', jwt: value });
    expect(issues(jwt({ algoritmo: 'RS256', chave_publica: rsaPem }))).toEqual([]);
    expect(issues(jwt({ algoritmo: 'ES256', chave_publica: ecPem }))).toEqual([]);
    expect(issues(jwt({ algoritmo: 'RS256' }))).toEqual([
      { path: 'jwt.chave_publica', message: 'obrigatoria quando jwt.algoritmo = RS256' },
    ]);
    expect(issues(jwt({ algoritmo: 'ES256', chave_publica: rsaPem }))).toEqual([
      { path: 'jwt.chave_publica', message: 'ES256 exige uma chave EC P-256' },
    ]);
    expect(issues(jwt({ algoritmo: 'RS256', chave_publica: ecPem }))).toMatchObject([
      { path: 'jwt.chave_publica' },
    ]);
    const garbled = rsaPem.replace(/[A-Za-z]{10}/, 'xxxxxxxxxx');
    expect(issues(jwt({ algoritmo: 'RS256', chave_publica: garbled }))).toMatchObject([
      { path: 'jwt.chave_publica' },
    ]);
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    expect(issues(jwt({ algoritmo: 'RS256', chave_publica: weak }))).toEqual([
      { path: 'jwt.chave_publica', message: 'RS256 exige uma chave RSA de ao menos 2048 bits' },
    ]);
    // A private key pasted by mistake is refused, not turned into its public half and stored.
    const privatePem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(issues(jwt({ algoritmo: 'ES256', chave_publica: privatePem }))).toEqual([
      {
        path: 'jwt.chave_publica',
        message: 'deve ser uma chave publica PEM (-----BEGIN PUBLIC KEY-----)',
      },
    ]);
    expect(issues(jwt({ algoritmo: 'HS256', chave_publica: ecPem }))).toMatchObject([
      { path: 'jwt.chave_publica' },
    ]);
    expect(issues(jwt({ algoritmo: 'PS256' }))).toMatchObject([{ path: 'jwt.algoritmo' }]);
  });

  it('defaults hmac to valor_fixo and refuses unknown modes', () => {
    expect(settings({ autenticacao: 'hmac', hmac: {} }).hmac).toEqual({ modo: 'valor_fixo' });
    expect(issues({ autenticacao: 'hmac', hmac: { modo: 'outro' } })).toMatchObject([
      { path: 'hmac.modo' },
    ]);
  });

  it('names the secrets each scheme needs', () => {
    expect(requiredReceiverCredentials(settings({ autenticacao: 'jwt' }))).toEqual(['token']);
    expect(
      requiredReceiverCredentials(
        settings({ autenticacao: 'hmac', hmac: { modo: 'assinatura_corpo' }, metodos: ['POST'] }),
      ),
    ).toEqual(['token']);
    expect(requiredReceiverCredentials(settings({ autenticacao: 'basic' }))).toEqual([
      'usuario',
      'senha',
    ]);
    expect(requiredReceiverCredentials(settings({ autenticacao: 'nenhuma' }))).toEqual([]);
    expect(requiredReceiverCredentials(undefined)).toEqual([]);
  });

  it('refuses a jwt object unless autenticacao = jwt, so a pasted private key is never kept', () => {
    const privatePem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const jwt = { algoritmo: 'ES256', chave_publica: privatePem };
    expect(issues({ autenticacao: 'bearer', jwt })[0]).toEqual({
      path: 'jwt',
      message: 'so e aceito com autenticacao = jwt',
    });
    // Validated wherever it appears, not only under autenticacao = jwt.
    expect(issues({ autenticacao: 'bearer', jwt })).toContainEqual(
      expect.objectContaining({ path: 'jwt.chave_publica' }),
    );
    // Even a harmless one: settings that do not apply are refused, not stored.
    expect(issues({ autenticacao: 'nenhuma', jwt: {} })).toEqual([
      { path: 'jwt', message: 'so e aceito com autenticacao = jwt' },
    ]);
  });

  it('refuses a private key block after the public one, and stores only the SPKI block', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const spki = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const sec1 = privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    const jwt = (chave_publica: string) => ({
      autenticacao: 'jwt',
      jwt: { algoritmo: 'ES256', chave_publica },
    });
    for (const both of [`${spki}${pkcs8}`, `${spki}\n${sec1}`]) {
      expect(issues(jwt(both))).toEqual([
        {
          path: 'jwt.chave_publica',
          message: 'contem uma chave privada; informe somente a chave publica',
        },
      ]);
    }
    // What is stored is the re-exported key, whatever surrounded it.
    const pasted = `  ${spki.replaceAll('\n', '\r\n')}\r\nchave da BMP, homologacao\r\n`;
    expect(settings(jwt(pasted)).jwt?.chave_publica).toBe(spki);
  });

  it('refuses an hmac object unless autenticacao = hmac', () => {
    expect(issues({ autenticacao: 'bearer', hmac: { modo: 'valor_fixo' } })).toEqual([
      { path: 'hmac', message: 'so e aceito com autenticacao = hmac' },
    ]);
    expect(issues({ autenticacao: 'hmac', hmac: { modo: 'valor_fixo' } })).toEqual([]);
  });

  it('refuses assinatura_corpo while GET is allowed: a GET has no body to sign', () => {
    const corpo = { autenticacao: 'hmac', hmac: { modo: 'assinatura_corpo' } };
    for (const metodos of [undefined, ['GET'], ['POST', 'GET']]) {
      const found = issues({ ...corpo, metodos });
      expect(found).toHaveLength(1);
      expect(found[0].path).toBe('hmac.modo');
      expect(found[0].message).toContain('o corpo de um GET e vazio');
    }
    expect(issues({ ...corpo, metodos: ['POST'] })).toEqual([]);
    expect(issues({ autenticacao: 'hmac', metodos: ['GET'] })).toEqual([]);
  });

  it('requires 32 characters of an HS256 secret (RFC 7518 3.2), and only of that one', () => {
    const hs256 = settings({ autenticacao: 'jwt' });
    expect(weakReceiverCredential(hs256, { token: 'x'.repeat(31) })).toMatchObject({
      campo: 'token',
      mensagem: expect.stringContaining('32'),
    });
    expect(weakReceiverCredential(hs256, { token: 'x'.repeat(32) })).toBeUndefined();
    expect(weakReceiverCredential(hs256, {})).toBeUndefined();
    expect(weakReceiverCredential(settings({ autenticacao: 'bearer' }), { token: 'x' })).toBe(
      undefined,
    );
  });
});
