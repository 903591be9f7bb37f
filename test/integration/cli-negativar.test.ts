import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSerasaHarness, type SerasaHarness } from '../support/serasa-setup.js';

const run = promisify(execFile);
const FIXTURE = fileURLToPath(
  new URL('../fixtures/lotes/tres-validas-duas-invalidas.csv', import.meta.url),
);

interface Saida {
  code: number;
  stdout: string;
  stderr: string;
}

/** `credgate negativar ...` with stdin a pipe (not a terminal); resolves with the exit code. */
async function negativar(args: string[], env: Record<string, string>): Promise<Saida> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'negativar', ...args],
      { env: { PATH: process.env.PATH, ...env } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const falha = error as { code: number; stdout: string; stderr: string };
    return { code: falha.code, stdout: falha.stdout, stderr: falha.stderr };
  }
}

describe('credgate negativar against a running credgate and the Serasa sandbox', () => {
  let h: SerasaHarness;
  const pasta = mkdtempSync(join(tmpdir(), 'credgate-cli-negativar-'));
  beforeAll(async () => {
    h = await startSerasaHarness();
  });
  afterAll(async () => {
    await h?.close();
    rmSync(pasta, { recursive: true, force: true });
  });
  const args = () => ['--arquivo', FIXTURE, '--integracao', h.integracaoId, '--intervalo-ms', '50'];
  const negativacoes = async () =>
    ((await (await h.app.api('/v1/negativacoes')).json()) as { dados: unknown[] }).dados;

  it('without --confirmar and no terminal: shows the preview, sends nothing, exits 2', async () => {
    const saida = await negativar(args(), {
      CREDGATE_API_URL: h.app.url,
      CREDGATE_API_KEY: h.app.apiKey,
    });
    expect(saida.code).toBe(2);
    expect(saida.stdout).toMatch(/^lote lot_\w+: 5 linhas, 3 validas, 2 invalidas\n/);
    expect(saida.stdout).toContain(
      'linha 2 invalida: devedor_documento: devedor.documento nao e um CPF ou CNPJ valido\n',
    );
    expect(saida.stdout).toMatch(/linha 4 invalida: devedor_nome: .+; valor: .+; vencimento: .+\n/);
    expect(saida.stderr).toMatch(/sem terminal para confirmar: use --confirmar para enviar as 3/);
    expect(await negativacoes()).toEqual([]);
  });

  it('with --confirmar: sends, shows progress until every row is transmitted, writes the result, exits 0', async () => {
    const resultado = join(pasta, 'resultado.csv');
    const saida = await negativar(
      [...args(), '--api', h.app.url, '--confirmar', '--resultado', resultado],
      { CREDGATE_API_KEY: h.app.apiKey },
    );
    expect(saida.stderr).toContain('progresso: 3/3');
    expect(saida.code).toBe(0);
    const linhas = saida.stdout.trim().split('\n');
    expect(linhas[0]).toMatch(/^lote lot_\w+: 5 linhas, 3 validas, 2 invalidas$/);
    // It waits for the transmissions, not for Serasa's webhooks: inserida/rejeitada may come later.
    expect(linhas.at(-2)).toMatch(
      /^resumo: 3 validas: 3 criadas, 3 transmitidas, [0-2] inseridas, [01] rejeitadas, 0 falhas; 2 invalidas$/,
    );
    expect(linhas.at(-1)).toBe(`resultado: ${resultado}`);
    const progresso = saida.stderr.split('\n').filter((l) => l.startsWith('progresso: '));
    expect(progresso.at(-1)).toMatch(
      /^progresso: 3\/3 \(criadas 3, inseridas [0-2], rejeitadas [01], falhas 0\)$/,
    );
    const csv = readFileSync(resultado, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFlinha;situacao;negativacao_id;status;erros');
    expect(csv).toMatch(/\r\n5;criada;neg_\w+;[a-z_]+;/);
    expect(await negativacoes()).toHaveLength(3);
  });

  it('exits 1 when no row is left to send, naming why', async () => {
    // Rows 1 and 3 of the fixture are active negativacoes now.
    const arquivo = join(pasta, 'repetidas.csv');
    const [cabecalho, um, , tres] = readFileSync(FIXTURE, 'utf8').split('\r\n');
    writeFileSync(arquivo, [cabecalho, um, tres].join('\n'));
    const saida = await negativar(
      ['--arquivo', arquivo, '--integracao', h.integracaoId, '--api', h.app.url, '--confirmar'],
      { CREDGATE_API_KEY: h.app.apiKey },
    );
    expect(saida.code).toBe(1);
    expect(saida.stdout).toMatch(/linha 1 invalida: contrato: ja existe negativacao ativa neg_/);
    expect(saida.stdout).toMatch(/linha 2 invalida: contrato: ja existe negativacao ativa neg_/);
    expect(saida.stdout).toContain('nenhuma linha valida: nada a enviar');
  });

  it('exits 2 without an API key, and 1 with the refusal when the API says no', async () => {
    const semChave = await negativar([...args(), '--api', h.app.url], {});
    expect(semChave.code).toBe(2);
    expect(semChave.stderr).toContain('CREDGATE_API_KEY');
    const recusa = await negativar(
      ['--arquivo', FIXTURE, '--integracao', 'int_inexistente', '--api', h.app.url],
      { CREDGATE_API_KEY: h.app.apiKey },
    );
    expect(recusa.code).toBe(1);
    expect(recusa.stderr).toMatch(/credgate recusou \(404 nao_encontrado\)/);
  });
});
