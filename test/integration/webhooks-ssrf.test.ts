import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids.js';
import { blockedRange, type Resolver } from '../../src/infra/webhooks/guard-address.js';
import { sendWebhook } from '../../src/infra/webhooks/send-webhook.js';
import { generateSecret } from '../../src/infra/webhooks/sign-webhook.js';
import { checkWebhookUrl } from '../../src/use-cases/webhooks/check-webhook-url.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackend } from '../support/test-database.js';
import {
  emitirAlerta,
  entregas,
  esperarTentativas,
  iniciarReceptorWebhooks,
  registrar,
  type ReceptorWebhooks,
} from '../support/webhook-setup.js';

const resolver =
  (answers: Record<string, string[]>): Resolver =>
  async (hostname) => {
    const found = answers[hostname];
    if (!found) throw new Error(`ENOTFOUND ${hostname}`);
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe.runIf(testBackend() === 'sqlite')('SSRF guard (no database)', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'privado'],
    ['172.16.0.1', 'privado'],
    ['172.31.255.255', 'privado'],
    ['192.168.10.1', 'privado'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['169.254.1.1', 'link_local'],
    ['169.254.169.254', 'metadados'],
    ['0.0.0.0', 'nao_roteavel'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'reservado'],
    ['::1', 'loopback'],
    ['::', 'nao_roteavel'],
    ['fc00::1', 'privado'],
    ['fd12:3456::1', 'privado'],
    ['fe80::1', 'link_local'],
    ['fd00:ec2::254', 'metadados'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a00:1', 'privado'],
    ['64:ff9b::a9fe:a9fe', 'metadados'],
    ['::7f00:1', 'loopback'],
    ['8.8.8.8', null],
    ['172.32.0.1', null],
    ['100.128.0.1', null],
    ['2001:4860:4860::8888', null],
    ['64:ff9b::808:808', null],
  ])('%s is %s', (address, range) => {
    expect(blockedRange(address)).toBe(range);
  });

  const semPrivados = { config: { allowPrivateWebhooks: false } } as never;

  it('refuses a host any of whose addresses is internal, naming url', async () => {
    const dns = resolver({
      'publico.example': ['93.184.216.34'],
      'misto.example': ['93.184.216.34', '10.0.0.5'],
    });
    await expect(checkWebhookUrl(semPrivados, 'https://publico.example/h', dns)).resolves.toBe(
      'https://publico.example/h',
    );
    await expect(
      checkWebhookUrl(semPrivados, 'https://misto.example/h', dns),
    ).rejects.toMatchObject({
      status: 400,
      codigo: 'url_nao_permitida',
      campo: 'url',
      message: expect.stringContaining('10.0.0.5'),
    });
    await expect(
      checkWebhookUrl(semPrivados, 'https://sumiu.example/h', dns),
    ).rejects.toMatchObject({
      status: 400,
      codigo: 'url_nao_resolvida',
      campo: 'url',
    });
  });

  describe('at delivery time', () => {
    let receptor: ReceptorWebhooks;
    beforeAll(async () => {
      receptor = await iniciarReceptorWebhooks();
    });
    afterAll(async () => receptor?.close());

    const enviar = (host: string, allowPrivate: boolean, dns: Resolver) =>
      sendWebhook({
        url: `http://${host}:${receptor.port}/webhooks`,
        headers: { 'webhook-id': 'msg_teste' },
        body: '{}',
        allowPrivate,
        timeoutMs: 5000,
        resolve: dns,
      });

    it('connects to the address it checked, never asking DNS again', async () => {
      // .invalid never resolves through DNS: reaching the receiver proves the pinned address.
      const answer = await enviar(
        'receptor.invalid',
        true,
        resolver({ 'receptor.invalid': ['127.0.0.1'] }),
      );
      expect(answer).toMatchObject({ tipo: 'resposta', status: 200 });
      expect(receptor.chamadas.at(-1)!.cabecalhos.host).toBe(`receptor.invalid:${receptor.port}`);
    });

    it('refuses a name that now resolves to an internal address (DNS rebinding)', async () => {
      const antes = receptor.chamadas.length;
      const answer = await enviar(
        'rebind.example',
        false,
        resolver({ 'rebind.example': ['127.0.0.1'] }),
      );
      expect(answer).toMatchObject({
        tipo: 'falha',
        erro: expect.stringMatching(/^endereco_bloqueado: .*loopback/),
      });
      expect(receptor.chamadas).toHaveLength(antes);
    });
  });
});

describe('SSRF refusal through the API', () => {
  let strict: TestApp;
  let receptor: ReceptorWebhooks;
  beforeAll(async () => {
    strict = await startTestApp({ config: { allowPrivateWebhooks: false } });
    receptor = await iniciarReceptorWebhooks();
  });
  afterAll(async () => {
    await strict?.close();
    await receptor?.close();
  });

  it.each([
    ['https://127.0.0.1/hooks', 'url_nao_permitida'],
    ['https://localhost/hooks', 'url_nao_permitida'],
    ['https://10.0.0.1/hooks', 'url_nao_permitida'],
    ['https://172.20.1.1/hooks', 'url_nao_permitida'],
    ['https://192.168.0.10/hooks', 'url_nao_permitida'],
    ['https://100.64.1.1/hooks', 'url_nao_permitida'],
    ['https://169.254.169.254/latest/meta-data', 'url_nao_permitida'],
    ['https://[::1]/hooks', 'url_nao_permitida'],
    ['https://[fd00:ec2::254]/hooks', 'url_nao_permitida'],
    ['https://[::ffff:127.0.0.1]/hooks', 'url_nao_permitida'],
    ['https://0.0.0.0/hooks', 'url_nao_permitida'],
    ['https://2130706433/hooks', 'url_nao_permitida'],
    ['http://93.184.216.34/hooks', 'url_insegura'],
  ])('refuses %s with 400 naming url', async (url, codigo) => {
    const response = await strict.api('/v1/webhooks', { method: 'POST', json: { url } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { erro: unknown }).erro).toMatchObject({
      codigo,
      campo: 'url',
    });
    expect(await strict.ctx.database.db.selectFrom('webhooks').select('id').execute()).toEqual([]);
  });

  it('checks again before each delivery: an endpoint now pointing inside is not called', async () => {
    // An endpoint whose host resolved to a public address when it was registered.
    const now = strict.ctx.clock.now().toISOString();
    const id = newId('webhook');
    await strict.ctx.database.db
      .insertInto('webhooks')
      .values({
        id,
        url: receptor.url,
        descricao: '',
        tipos: '[]',
        segredo_cifrado: strict.ctx.secretBox.seal(generateSecret()),
        segredo_anterior_cifrado: null,
        segredo_anterior_ate: null,
        ativo: 1,
        desativado_motivo: null,
        desativado_em: null,
        falhando_desde: null,
        excluido_em: null,
        criado_em: now,
        atualizado_em: now,
      })
      .execute();
    await emitirAlerta(strict.ctx);
    const entrega = await esperarTentativas(strict, id, 1);
    expect(entrega.situacao).toBe('falhou');
    expect(entrega.tentativas[0]).toMatchObject({
      status: null,
      erro: expect.stringMatching(/^endereco_bloqueado: 127\.0\.0\.1 e um endereco loopback/),
    });
    expect(receptor.chamadas).toHaveLength(0);
  });

  describe('with CREDGATE_ALLOW_PRIVATE_WEBHOOKS=true', () => {
    let open: TestApp;
    beforeAll(async () => {
      open = await startTestApp({ config: { allowPrivateWebhooks: true } });
    });
    afterAll(async () => open?.close());

    it('accepts local endpoints (tests, demo) and delivers to them', async () => {
      await registrar(open, `http://localhost:${receptor.port}/webhooks`);
      const { id } = await registrar(open, receptor.url);
      await emitirAlerta(open.ctx);
      await receptor.esperar(2);
      const [entrega] = await entregas(open, id);
      expect(entrega.tipo).toBe('integracao.alerta');
    });
  });
});
