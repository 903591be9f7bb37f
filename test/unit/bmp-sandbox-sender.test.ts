import { createHmac, generateKeyPairSync } from 'node:crypto';
import { jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/infra/clock.js';
import { planejarEnvios } from '../../src/providers/bmp/sandbox/callback-scenarios.js';
import {
  destinoSchema,
  mascararDestino,
  mascararUrl,
} from '../../src/providers/bmp/sandbox/destination.js';
import { enviarCallback, type Sleep } from '../../src/providers/bmp/sandbox/send-callback.js';
import { iniciarReceptor, type Receptor, type Roteiro } from '../support/callback-receiver.js';
import { testBackend } from '../support/test-database.js';

const TOKEN_DA_URL = 'Tk9uZ3Vlc3NhYmxlVG9rZW4wMTIzNDU2Nzg5';
const SEGREDO = 'segredo-do-parceiro-123';

// No database: runs in the sqlite project only.
describe.runIf(testBackend() === 'sqlite')('BMP sandbox: callback sender', () => {
  let receptor: Receptor;
  /** Retry waits the sender asked for; answered at once. */
  let esperas: number[];
  const sleep: Sleep = async (ms) => {
    esperas.push(ms);
  };
  const clock = new ManualClock('2026-12-02T10:00:00.000Z');
  const destino = (extra: Record<string, unknown> = {}) =>
    destinoSchema.parse({ url: `${receptor.url}/callbacks/bmp/${TOKEN_DA_URL}`, ...extra });
  const enviar = (d: ReturnType<typeof destino>, situacao = 2, extra = {}) =>
    enviarCallback(
      d,
      { proposta: 'a1b2c3d4-0000-4000-8000-000000000001', situacao },
      {
        clock,
        sleep,
        ...extra,
      },
    );

  beforeEach(async () => {
    esperas = [];
    receptor = await iniciarReceptor();
  });
  afterEach(async () => {
    await receptor.close();
  });
  async function trocarReceptor(roteiro: Roteiro) {
    await receptor.close();
    receptor = await iniciarReceptor(roteiro);
  }

  it('sends the query, the method and a body only on 9 and 11 with POST or PUT', async () => {
    for (const metodo of ['GET', 'POST', 'PUT'] as const) {
      for (const situacao of [2, 9, 11]) await enviar(destino({ metodo }), situacao);
    }
    expect(receptor.recebidas.map((r) => [r.metodo, r.query.situacao, r.corpo])).toEqual([
      ['GET', '2', ''],
      ['GET', '9', ''],
      ['GET', '11', ''],
      ['POST', '2', ''],
      ['POST', '9', '{"descricaoOcorrencia":"09-Crédito ou Débito efetivado"}'],
      ['POST', '11', '{"descricaoOcorrencia":"AB-Conta de destino não localizada ou inválida."}'],
      ['PUT', '2', ''],
      ['PUT', '9', '{"descricaoOcorrencia":"09-Crédito ou Débito efetivado"}'],
      ['PUT', '11', '{"descricaoOcorrencia":"AB-Conta de destino não localizada ou inválida."}'],
    ]);
    const paga = receptor.recebidas[4];
    expect(paga.caminho).toBe(`/callbacks/bmp/${TOKEN_DA_URL}`);
    expect(paga.cabecalhos['content-type']).toBe('application/json');
    expect(receptor.recebidas[3].cabecalhos['content-type']).toBeUndefined();
    expect(paga.query).toEqual({ proposta: 'a1b2c3d4-0000-4000-8000-000000000001', situacao: '9' });

    await enviarCallback(
      destino({ nomes: 'ingles' }),
      { proposta: 'a1b2c3d4-0000-4000-8000-000000000002', situacao: 8, identificador: 'OP 7/1' },
      { clock, sleep },
    );
    expect(receptor.recebidas.at(-1)?.query).toEqual({
      proposal: 'a1b2c3d4-0000-4000-8000-000000000002',
      status: '8',
      identifier: 'OP 7/1',
    });
  });

  it('presents each documented authentication as its header', async () => {
    const casos: Array<[Record<string, unknown>, string, string | undefined]> = [
      [{ tipo: 'nenhuma' }, 'authorization', undefined],
      [{ tipo: 'bearer', token: SEGREDO }, 'authorization', `Bearer ${SEGREDO}`],
      [{ tipo: 'api_key', token: SEGREDO }, 'api-key', SEGREDO],
      [{ tipo: 'x_api_key', token: SEGREDO }, 'x-api-key', SEGREDO],
      [
        { tipo: 'basic', usuario: 'parceiro', senha: SEGREDO },
        'authorization',
        `Basic ${Buffer.from(`parceiro:${SEGREDO}`).toString('base64')}`,
      ],
      [{ tipo: 'hmac', token: SEGREDO }, 'authorization', `HMAC ${SEGREDO}`],
    ];
    for (const [autenticacao, cabecalho, esperado] of casos) {
      await enviar(destino({ autenticacao }));
      expect(receptor.recebidas.at(-1)?.cabecalhos[cabecalho], autenticacao.tipo as string).toBe(
        esperado,
      );
    }
    await enviar(destino({ autenticacao: { tipo: 'bearer', token: SEGREDO } }), 2, {
      autenticacaoErrada: true,
    });
    expect(receptor.recebidas.at(-1)?.cabecalhos.authorization).not.toBe(`Bearer ${SEGREDO}`);

    // assinatura_corpo: hex HMAC-SHA256 of the raw body (empty when there is none).
    const hmac = destino({
      autenticacao: { tipo: 'hmac', token: SEGREDO, modo: 'assinatura_corpo' },
    });
    for (const situacao of [9, 2]) {
      await enviar(hmac, situacao);
      const { corpo, cabecalhos } = receptor.recebidas.at(-1)!;
      const assinatura = createHmac('sha256', SEGREDO).update(corpo).digest('hex');
      expect(cabecalhos.authorization).toBe(`HMAC ${assinatura}`);
    }
  });

  it('signs a fresh JWT that jose verifies with the matching key, with exp = iat + validade_s', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = (k: typeof rsa.privateKey) => k.export({ type: 'pkcs8', format: 'pem' }) as string;
    const casos = [
      {
        autenticacao: { algoritmo: 'HS256', token: SEGREDO },
        chave: new TextEncoder().encode(SEGREDO),
      },
      {
        autenticacao: { algoritmo: 'RS256', chave_privada: pem(rsa.privateKey) },
        chave: rsa.publicKey,
      },
      {
        autenticacao: { algoritmo: 'ES256', chave_privada: pem(ec.privateKey) },
        chave: ec.publicKey,
      },
    ];
    for (const { autenticacao, chave } of casos) {
      const jwt = destino({
        autenticacao: {
          tipo: 'jwt',
          validade_s: 120,
          emissor: 'bmp',
          audiencia: 'credgate',
          ...autenticacao,
        },
      });
      await enviar(jwt);
      const token = receptor.recebidas.at(-1)!.cabecalhos.authorization!.replace(/^Bearer /, '');
      const { payload, protectedHeader } = await jwtVerify(token, chave, {
        issuer: 'bmp',
        audience: 'credgate',
        currentDate: clock.now(),
      });
      expect(protectedHeader.alg).toBe(autenticacao.algoritmo);
      expect(payload.iat).toBe(clock.now().getTime() / 1000);
      expect(payload.exp).toBe(payload.iat! + 120);

      await enviar(jwt, 2, { autenticacaoErrada: true });
      const errado = receptor.recebidas.at(-1)!.cabecalhos.authorization!.replace(/^Bearer /, '');
      await expect(jwtVerify(errado, chave, { currentDate: clock.now() })).rejects.toThrow();
    }
  });

  it('retries 3 times after 500s at the configured spacing, then stops', async () => {
    await trocarReceptor(() => 500);
    const tentativas = await enviar(destino());
    expect(tentativas.map((t) => ('status' in t ? t.status : t.erro))).toEqual([
      500, 500, 500, 500,
    ]);
    expect(tentativas.map((t) => t.tentativa)).toEqual([1, 2, 3, 4]);
    expect(esperas).toEqual([1_000, 5_000, 30_000]);
    expect(receptor.recebidas).toHaveLength(4);
    expect(tentativas[0]).toMatchObject({ metodo: 'POST', resposta: 'falha do receptor' });
    expect(tentativas[0].url).toContain('/callbacks/bmp/********?proposta=');
  });

  it('stops retrying once an attempt gets a 2xx', async () => {
    await trocarReceptor((n) => (n === 1 ? 503 : 204));
    const tentativas = await enviar(destino({ espera_retentativas_ms: [7, 8, 9] }));
    expect(tentativas.map((t) => ('status' in t ? t.status : t.erro))).toEqual([503, 204]);
    expect(esperas).toEqual([7]);
  });

  it('counts a timeout and a refused connection as failures and retries them', async () => {
    await trocarReceptor((n) => (n === 1 ? 'pendurar' : 200));
    const tentativas = await enviar(destino({ timeout_ms: 150 }));
    expect(tentativas.map((t) => ('status' in t ? t.status : t.erro))).toEqual(['timeout', 200]);
    expect(tentativas[0].duracao_ms).toBeGreaterThanOrEqual(140);

    const recusada = await enviarCallback(
      destinoSchema.parse({ url: 'http://127.0.0.1:1/cb', espera_retentativas_ms: [1] }),
      { proposta: 'a1b2c3d4-0000-4000-8000-000000000003', situacao: 2 },
      { clock, sleep },
    );
    expect(recusada.map((t) => ('erro' in t ? t.erro : t.status))).toEqual(['conexao', 'conexao']);
  });

  it('orders the sent statuses for duplicar, fora_de_ordem and regressao', async () => {
    const ordem = (desvios: Partial<Parameters<typeof planejarEnvios>[1]>) =>
      planejarEnvios([2, 6, 8, 9], {
        duplicar: false,
        fora_de_ordem: false,
        regressao: false,
        ...desvios,
      }).map((e) => e.situacao);
    expect(ordem({})).toEqual([2, 6, 8, 9]);
    expect(ordem({ fora_de_ordem: true })).toEqual([2, 6, 9, 8]);
    expect(ordem({ regressao: true })).toEqual([2, 6, 8, 9, 2]);
    expect(ordem({ duplicar: true })).toEqual([2, 2, 6, 6, 8, 8, 9, 9]);
  });

  it('masks every path segment of 16 or more characters, digits or not', () => {
    // A credgate URL token without a digit: (54/64)^43, about 1 in 1,500 of them.
    const semDigito = 'AbCdEfGhIjKlMnOpQrStUvWxYz_-aBcDeFgHiJkLmNo';
    expect(semDigito).toMatch(/^[A-Za-z_-]{43}$/);
    const url = `https://parceiro.example/callbacks/bmp/${semDigito}?proposta=p&chave=c`;
    expect(mascararUrl(url)).toBe(
      'https://parceiro.example/callbacks/bmp/********?proposta=p&chave=********',
    );
    expect(mascararDestino(destinoSchema.parse({ url })).url).not.toContain(semDigito);
    // Sixteen characters are masked, fifteen are taken for an ordinary path word.
    expect(mascararUrl(`https://p.example/${'a'.repeat(16)}/${'b'.repeat(15)}`)).toBe(
      `https://p.example/********/${'b'.repeat(15)}`,
    );
  });
});
