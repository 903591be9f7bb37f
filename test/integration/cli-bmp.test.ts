import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { iniciarReceptor, type Receptor } from '../support/callback-receiver.js';
import { testBackend } from '../support/test-database.js';

const run = promisify(execFile);
const TOKEN = 'token-do-parceiro-fora-do-historico';

interface Saida {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `credgate bmp enviar ...`; resolves with the exit code instead of throwing on 1. */
async function enviar(args: string[], env: Record<string, string> = {}): Promise<Saida> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'bmp', 'enviar', ...args],
      { env: { PATH: process.env.PATH, ...env } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const falha = error as { code: number; stdout: string; stderr: string };
    return { code: falha.code, stdout: falha.stdout, stderr: falha.stderr };
  }
}

// No database: runs in the sqlite project only.
describe.runIf(testBackend() === 'sqlite')('credgate bmp enviar', () => {
  let receptor: Receptor | undefined;
  afterEach(async () => {
    await receptor?.close();
    receptor = undefined;
  });
  const pasta = mkdtempSync(join(tmpdir(), 'credgate-cli-bmp-'));
  afterAll(() => rmSync(pasta, { recursive: true, force: true }));
  /** A secret in a file, as `echo segredo > arquivo` leaves it (trailing line break). */
  const arquivo = (nome: string, conteudo: string) => {
    const caminho = join(pasta, nome);
    writeFileSync(caminho, `${conteudo}\n`, { mode: 0o600 });
    return caminho;
  };

  it('delivers a scenario with the auth from the environment and exits 0', async () => {
    receptor = await iniciarReceptor((n) => (n === 2 ? 500 : 200));
    const saida = await enviar(
      [
        '--url',
        `${receptor.url}/callbacks/bmp/AbCdEf0123456789XyZ`,
        '--autenticacao',
        'bearer',
        '--identificador',
        'OP-42',
        '--espera-ms',
        '5,5,5',
      ],
      { BMP_TOKEN: TOKEN },
    );
    expect(saida.stderr).toBe('');
    expect(saida.code).toBe(0);
    const linhas = saida.stdout.trim().split('\n');
    expect(linhas[0]).toBe(
      `destino: POST ${receptor.url}/callbacks/bmp/******** (autenticacao bearer, nomes ` +
        'portugues, timeout 10000 ms, esperas 5/5/5 ms)',
    );
    const proposta = receptor.recebidas[0].query.proposta;
    expect(linhas[1]).toBe(`proposta ${proposta}, identificador OP-42`);
    expect(linhas.slice(2, -1)).toEqual([
      expect.stringMatching(/^situacao 2 Aprovada, tentativa 1\/4: 200 em \d+ ms$/),
      expect.stringMatching(
        /^situacao 6 Finalizada, tentativa 1\/4: 500 em \d+ ms "falha do receptor", nova tentativa em 5 ms$/,
      ),
      expect.stringMatching(/^situacao 6 Finalizada, tentativa 2\/4: 200 em \d+ ms$/),
      expect.stringMatching(/^situacao 8 Liberada, tentativa 1\/4: 200 em \d+ ms$/),
      expect.stringMatching(/^situacao 9 Paga, tentativa 1\/4: 200 em \d+ ms$/),
    ]);
    expect(linhas.at(-1)).toBe('resumo: 4 de 4 callbacks com 2xx em 5 tentativas: ok');
    expect(saida.stdout).not.toContain(TOKEN);
    expect(receptor.recebidas.map((r) => r.query.situacao)).toEqual(['2', '6', '6', '8', '9']);
    expect(receptor.recebidas.every((r) => r.cabecalhos.authorization === `Bearer ${TOKEN}`)).toBe(
      true,
    );
    expect(receptor.recebidas[0].query.identificador).toBe('OP-42');
  });

  it('exits 1 when a callback never gets a 2xx, after 3 retries', async () => {
    receptor = await iniciarReceptor(() => 503);
    const saida = await enviar([
      '--url',
      `${receptor.url}/cb`,
      '--metodo',
      'GET',
      '--situacoes',
      '11',
      '--nomes',
      'ingles',
      '--espera-ms',
      '1,1,1',
    ]);
    expect(saida.code).toBe(1);
    const tentativas = saida.stdout.split('\n').filter((l) => l.includes('tentativa '));
    expect(tentativas).toHaveLength(4);
    expect(tentativas[3]).toMatch(/tentativa 4\/4: 503 em \d+ ms "falha do receptor", desistiu$/);
    expect(saida.stdout).toContain(
      'resumo: 0 de 1 callbacks com 2xx em 4 tentativas; sem 2xx: situacao 11 Pendente Pagamento',
    );
    expect(receptor.recebidas[0]).toMatchObject({ metodo: 'GET', corpo: '' });
    expect(Object.keys(receptor.recebidas[0].query)).toEqual(['proposal', 'status']);
  });

  it('reads secrets from files, which win over the environment', async () => {
    receptor = await iniciarReceptor();
    const url = `${receptor.url}/cb`;
    const [bearer, basic] = await Promise.all([
      enviar(
        [
          '--url',
          url,
          '--autenticacao',
          'bearer',
          '--token-arquivo',
          arquivo('token', TOKEN),
          '--situacoes',
          '2',
        ],
        { BMP_TOKEN: 'do-ambiente' },
      ),
      enviar([
        '--url',
        url,
        '--autenticacao',
        'basic',
        '--usuario-arquivo',
        arquivo('usuario', 'parceiro'),
        '--senha-arquivo',
        arquivo('senha', 's3nh4 com espaco'),
        '--situacoes',
        '2',
      ]),
    ]);
    expect([bearer.code, bearer.stderr, basic.code, basic.stderr]).toEqual([0, '', 0, '']);
    const presented = receptor.recebidas.map((r) => r.cabecalhos.authorization).sort();
    expect(presented).toEqual(
      [
        `Basic ${Buffer.from('parceiro:s3nh4 com espaco').toString('base64')}`,
        `Bearer ${TOKEN}`,
      ].sort(),
    );
    expect(bearer.stdout + basic.stdout).not.toContain(TOKEN);
  });

  it('takes no secret values on the command line, where ps and the history show them', async () => {
    const url = 'http://127.0.0.1:1/cb';
    const recusados = await Promise.all(
      ['--token', '--usuario', '--senha'].map((opcao) =>
        enviar(['--url', url, '--autenticacao', 'basic', opcao, 'segredo-na-linha']),
      ),
    );
    for (const [i, opcao] of ['--token', '--usuario', '--senha'].entries()) {
      expect(recusados[i].code, opcao).not.toBe(0);
      expect(recusados[i].stderr).toContain(`unknown option '${opcao}'`);
      expect(recusados[i].stdout).toBe('');
    }
  });

  it('refuses a bad option naming it, without echoing secrets', async () => {
    const longo = 'x'.repeat(300);
    const url = 'http://127.0.0.1:1/cb';
    // Processes at once: each CLI start costs seconds on a busy machine.
    const [semToken, comprido, semArquivo, esperas] = await Promise.all([
      enviar(['--url', url, '--autenticacao', 'bearer']),
      enviar(['--url', url, '--autenticacao', 'api_key', '--token-arquivo', arquivo('l', longo)]),
      enviar(['--url', url, '--autenticacao', 'bearer', '--token-arquivo', join(pasta, 'nao')]),
      enviar(['--url', url, '--espera-ms', '1,2,3,4']),
    ]);
    expect(semToken).toMatchObject({ code: 1, stdout: '' });
    expect(semToken.stderr).toContain('BMP_TOKEN ou --token-arquivo: ');
    expect(comprido.code).toBe(1);
    expect(comprido.stderr).toContain(
      'BMP_TOKEN ou --token-arquivo: deve ter no maximo 255 caracteres',
    );
    expect(comprido.stderr).not.toContain(longo);
    expect(semArquivo.code).toBe(1);
    expect(semArquivo.stderr).toContain('--token-arquivo: arquivo nao encontrado: ');
    expect(esperas.code).toBe(1);
    expect(esperas.stderr).toContain('--espera-ms: o BMP faz no maximo 3 retentativas');
  });

  it('documents the command and still serves `credgate sandbox bmp`', async () => {
    const { stdout } = await run(process.execPath, [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'bmp',
      'enviar',
      '--help',
    ]);
    expect(stdout).toContain('Usage: credgate bmp enviar');
    expect(stdout).toContain('BMP_TOKEN');
    expect(stdout).toContain('--token-arquivo <arquivo>');
    expect(stdout).not.toContain('--token <');

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'sandbox', 'bmp'],
      {
        env: { PATH: process.env.PATH },
      },
    );
    const saiu = new Promise((resolve) => child.once('exit', resolve));
    try {
      const primeira = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`sandbox saiu com ${code}`)));
      });
      const url = /em (http:\/\/\S+) /.exec(primeira)?.[1];
      expect(await (await fetch(`${url}/`)).json()).toEqual({
        provider: 'bmp',
        status: 'ok',
      });
      const info = (await (await fetch(`${url}/__sandbox`)).json()) as any;
      expect(info.magicInputs.cenarios).toBe(
        'padrao: 2 -> 6 -> 8 -> 9; pendente_pagamento: 2 -> 6 -> 8 -> 11',
      );
    } finally {
      child.kill('SIGTERM');
      await saiu;
    }
  });
});
