import { afterEach, describe, expect, it } from 'vitest';
import { createBmpSandbox } from '../../src/providers/bmp/sandbox.js';
import type { Sleep } from '../../src/providers/bmp/sandbox/send-callback.js';
import {
  startSandboxServer,
  type SandboxServer,
} from '../../src/sandboxes/start-sandbox-server.js';
import { iniciarReceptor, type Receptor, type Roteiro } from '../support/callback-receiver.js';
import { testBackend } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN_DA_URL = 'Tk9uZ3Vlc3NhYmxlVG9rZW4wMTIzNDU2Nzg5';
const SEGREDO = 'segredo-do-parceiro-123';

// No database: runs in the sqlite project only.
describe.runIf(testBackend() === 'sqlite')('BMP sandbox: control routes', () => {
  let receptor: Receptor;
  let sandbox: SandboxServer;
  /** Retry and step waits the runs asked for; answered at once unless the run was stopped. */
  let esperas: number[] = [];
  const sleep: Sleep = async (ms, signal) => {
    esperas.push(ms);
    if (signal?.aborted) throw new Error('interrompido');
  };

  afterEach(async () => {
    await sandbox.close();
    await receptor.close();
  });

  /** A receiver answering by `roteiro`, a sandbox, and a JSON client of its control routes. */
  async function iniciarSandbox(roteiro?: Roteiro) {
    esperas = [];
    receptor = await iniciarReceptor(roteiro);
    sandbox = await startSandboxServer(createBmpSandbox({ sleep }));
    const url = sandbox.url;
    return async (metodo: string, caminho: string, corpo?: unknown) => {
      const resposta = await fetch(`${url}${caminho}`, {
        method: metodo,
        headers: corpo === undefined ? {} : { 'content-type': 'application/json' },
        body: corpo === undefined ? undefined : JSON.stringify(corpo),
      });
      return { status: resposta.status, body: (await resposta.json()) as any };
    };
  }

  it("sends a run's statuses in the order duplicar, fora_de_ordem and regressao give", async () => {
    const control = await iniciarSandbox();
    await control('PUT', '/__sandbox/destino', { url: `${receptor.url}/cb` });
    const runs: Array<[Record<string, unknown>, string[]]> = [
      [{ cenario: 'pendente_pagamento', fora_de_ordem: true }, ['2', '6', '11', '8']],
      [{ duplicar: true, regressao: true }, ['2', '2', '6', '6', '8', '8', '9', '9', '2', '2']],
      [{ situacoes: [4, 77], intervalo_ms: 250 }, ['4', '77']],
    ];
    for (const [pedido, esperado] of runs) {
      receptor.recebidas.length = 0;
      const { status, body } = await control('POST', '/__sandbox/propostas', {
        ...pedido,
        aguardar: true,
      });
      expect(status).toBe(200);
      expect(receptor.recebidas.map((r) => r.query.situacao)).toEqual(esperado);
      expect(new Set(receptor.recebidas.map((r) => r.query.proposta))).toEqual(
        new Set([body.proposta]),
      );
      expect(body.proposta).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
    }
    expect(esperas).toEqual([250]);
  });

  it('shows every attempt in registros, per proposta, as the run goes', async () => {
    const control = await iniciarSandbox((n) => (n === 2 ? 500 : 200));
    await control('PUT', '/__sandbox/destino', { url: `${receptor.url}/cb/${TOKEN_DA_URL}` });
    const iniciada = await control('POST', '/__sandbox/propostas', { identificador: 'OP-1' });
    expect(iniciada).toMatchObject({
      status: 202,
      body: { identificador: 'OP-1', situacoes: [2, 6, 8, 9] },
    });
    const registros = await waitFor(async () => {
      const { body } = await control('GET', '/__sandbox/registros');
      return body.propostas[0]?.em_andamento === false ? body : undefined;
    }, 'the run to end');
    const [proposta] = registros.propostas;
    expect(proposta.proposta).toBe(iniciada.body.proposta);
    expect(
      proposta.callbacks.map((c: any) => [
        c.situacao,
        c.nome,
        c.entregue,
        c.tentativas.map((t: any) => t.status),
      ]),
    ).toEqual([
      [2, 'Aprovada', true, [200]],
      [6, 'Finalizada', true, [500, 200]],
      [8, 'Liberada', true, [200]],
      [9, 'Paga', true, [200]],
    ]);
    expect(proposta.callbacks[1].tentativas[0]).toMatchObject({
      tentativa: 1,
      metodo: 'POST',
      resposta: 'falha do receptor',
      url: expect.stringContaining(
        `/cb/********?proposta=${proposta.proposta}&situacao=6&identificador=OP-1`,
      ),
    });

    // The same GUID continues the proposal; DELETE forgets everything.
    await control('POST', '/__sandbox/propostas', {
      proposta: proposta.proposta,
      situacoes: [10],
      aguardar: true,
    });
    const depois = (await control('GET', '/__sandbox/registros')).body.propostas;
    expect(depois).toHaveLength(1);
    expect(depois[0].callbacks.map((c: any) => [c.ordem, c.situacao])).toContainEqual([5, 10]);
    expect((await control('DELETE', '/__sandbox/registros')).body.propostas).toEqual([]);
    expect((await control('GET', '/__sandbox/registros')).body.propostas).toEqual([]);
  });

  it('masks secrets in GET /__sandbox/destino and in registros', async () => {
    const control = await iniciarSandbox();
    const autenticacao = { tipo: 'basic', usuario: 'parceiro', senha: SEGREDO };
    const url = `${receptor.url}/cb/${TOKEN_DA_URL}?chave=${SEGREDO}`;
    const definido = await control('PUT', '/__sandbox/destino', {
      url,
      autenticacao,
      metodo: 'GET',
    });
    const lido = await control('GET', '/__sandbox/destino');
    for (const { body } of [definido, lido]) {
      expect(body.autenticacao).toEqual({ tipo: 'basic', usuario: 'parceiro', senha: '********' });
      expect(body.url).toBe(`${receptor.url}/cb/********?chave=********`);
    }
    await control('POST', '/__sandbox/propostas', { situacoes: [2], aguardar: true });
    await control('POST', '/__sandbox/propostas', {
      situacoes: [2],
      aguardar: true,
      autenticacao_errada: true,
    });
    const texto = JSON.stringify((await control('GET', '/__sandbox/registros')).body);
    expect(texto).not.toContain(SEGREDO);
    expect(texto).not.toContain(TOKEN_DA_URL);
    expect(texto).not.toContain(Buffer.from(`parceiro:${SEGREDO}`).toString('base64'));
    expect(texto).toContain('"authorization":"Basic ********"');
    expect(receptor.recebidas[0].cabecalhos.authorization).toContain('Basic ');
  });

  it('refuses bad control bodies naming the field', async () => {
    const control = await iniciarSandbox();
    const semDestino = await control('POST', '/__sandbox/propostas', {});
    expect(semDestino).toMatchObject({
      status: 409,
      body: { erro: { codigo: 'destino_nao_configurado' } },
    });
    expect((await control('GET', '/__sandbox/destino')).status).toBe(409);

    const url = `${receptor.url}/cb`;
    const casos: Array<[string, string, unknown, string]> = [
      ['PUT', '/__sandbox/destino', { metodo: 'POST' }, 'url'],
      ['PUT', '/__sandbox/destino', { url: 'ftp://x' }, 'url'],
      ['PUT', '/__sandbox/destino', { url, metodo: 'PATCH' }, 'metodo'],
      ['PUT', '/__sandbox/destino', { url, autenticacao: { tipo: 'digest' } }, 'autenticacao.tipo'],
      [
        'PUT',
        '/__sandbox/destino',
        { url, autenticacao: { tipo: 'bearer' } },
        'autenticacao.token',
      ],
      [
        'PUT',
        '/__sandbox/destino',
        { url, autenticacao: { tipo: 'bearer', token: 'x'.repeat(256) } },
        'autenticacao.token',
      ],
      [
        'PUT',
        '/__sandbox/destino',
        { url, autenticacao: { tipo: 'jwt', algoritmo: 'RS256', chave_privada: 'nao' } },
        'autenticacao.chave_privada',
      ],
      [
        'PUT',
        '/__sandbox/destino',
        { url, espera_retentativas_ms: [1, 2, 3, 4] },
        'espera_retentativas_ms',
      ],
      ['PUT', '/__sandbox/destino', { url, timeout_ms: 0 }, 'timeout_ms'],
      ['PUT', '/__sandbox/destino', { url, senha: 'x' }, 'senha'],
    ];
    for (const [metodo, caminho, corpo, campo] of casos) {
      const { status, body } = await control(metodo, caminho, corpo);
      expect([status, body.erro?.campo], JSON.stringify(corpo)).toEqual([400, campo]);
      expect(JSON.stringify(body)).not.toContain('x'.repeat(256));
    }

    await control('PUT', '/__sandbox/destino', { url });
    const pedidos: Array<[string, unknown, string]> = [
      ['/__sandbox/propostas', { cenario: 'padrao', situacoes: [2] }, 'situacoes'],
      ['/__sandbox/propostas', { cenario: 'outro' }, 'cenario'],
      ['/__sandbox/propostas', { situacoes: [2], fora_de_ordem: true }, 'fora_de_ordem'],
      ['/__sandbox/propostas', { proposta: 'nao-e-guid' }, 'proposta'],
      ['/__sandbox/propostas', { autenticacao_errada: true }, 'autenticacao_errada'],
      ['/__sandbox/carga', { por_segundo: 0, duracao_s: 1 }, 'por_segundo'],
      ['/__sandbox/carga', { por_segundo: 10 }, 'duracao_s'],
      [
        '/__sandbox/carga',
        { por_segundo: 10, duracao_s: 1, duplicar_fracao: 0.6 },
        'duplicar_fracao',
      ],
    ];
    for (const [caminho, corpo, campo] of pedidos) {
      const { status, body } = await control('POST', caminho, corpo);
      expect([status, body.erro?.campo], JSON.stringify(corpo)).toEqual([400, campo]);
    }
    expect(receptor.recebidas).toEqual([]);
  });

  it('sends a steady load of distinct callbacks and reports counts and percentiles', async () => {
    const control = await iniciarSandbox((n) => (n % 10 === 0 ? 500 : 200));
    await control('PUT', '/__sandbox/destino', {
      url: `${receptor.url}/cb`,
      autenticacao: { tipo: 'bearer', token: SEGREDO },
    });
    const { status, body } = await control('POST', '/__sandbox/carga', {
      por_segundo: 200,
      duracao_s: 1,
      conexoes: 4,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      enviados: 200,
      ok: 180,
      falhas: 20,
      por_status: { 200: 180, 500: 20 },
    });
    expect(body.erros).toEqual({ timeout: 0, conexao: 0 });
    expect(body.resposta_ms.p50).toBeGreaterThan(0);
    expect(body.resposta_ms.p99).toBeGreaterThanOrEqual(body.resposta_ms.p50);
    expect(body.duracao_ms).toBeGreaterThanOrEqual(990);
    expect(new Set(receptor.recebidas.map((r) => r.query.proposta)).size).toBe(200);
    expect(
      receptor.recebidas.every((r) => r.cabecalhos.authorization === `Bearer ${SEGREDO}`),
    ).toBe(true);
    expect((await control('GET', '/__sandbox/registros')).body.carga).toEqual(body);
  });

  it('repeats a share of the load byte for byte with duplicar_fracao', async () => {
    const control = await iniciarSandbox();
    await control('PUT', '/__sandbox/destino', { url: `${receptor.url}/cb` });
    const { status, body } = await control('POST', '/__sandbox/carga', {
      por_segundo: 100,
      duracao_s: 1,
      situacoes: [9, 2],
      duplicar_fracao: 0.25,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ enviados: 100, duplicados: 25, ok: 100, falhas: 0 });
    const porProposta = new Map<string, typeof receptor.recebidas>();
    for (const recebida of receptor.recebidas) {
      const guid = recebida.query.proposta;
      porProposta.set(guid, [...(porProposta.get(guid) ?? []), recebida]);
    }
    expect(porProposta.size).toBe(75);
    const copias = [...porProposta.values()].filter((recebidas) => recebidas.length === 2);
    expect(copias).toHaveLength(25);
    expect([...porProposta.values()].every((recebidas) => recebidas.length <= 2)).toBe(true);
    for (const [primeira, segunda] of copias) {
      expect([segunda.query, segunda.corpo]).toEqual([primeira.query, primeira.corpo]);
    }
    // Both statuses are copied: situacao 9 with its body, 2 without one.
    expect(new Set(copias.map(([primeira]) => primeira.query.situacao))).toEqual(
      new Set(['9', '2']),
    );
    expect(copias.some(([primeira]) => primeira.corpo.includes('descricaoOcorrencia'))).toBe(true);
  });

  it('stops runs in flight on reset and forgets the destination', async () => {
    const control = await iniciarSandbox(() => 'pendurar');
    await control('PUT', '/__sandbox/destino', { url: `${receptor.url}/cb`, timeout_ms: 60_000 });
    await control('POST', '/__sandbox/propostas', {});
    await waitFor(() => receptor.recebidas.length === 1, 'the first callback');
    expect(await control('POST', '/__sandbox/reset')).toEqual({
      status: 200,
      body: { reset: true },
    });
    expect((await control('GET', '/__sandbox/registros')).body.propostas).toEqual([]);
    expect((await control('GET', '/__sandbox/destino')).status).toBe(409);
    expect(receptor.recebidas).toHaveLength(1);
    expect((await control('GET', '/')).body).toEqual({ provider: 'bmp', status: 'ok' });
  });
});
