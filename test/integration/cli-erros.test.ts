import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.js';
import { testBackend } from '../support/test-database.js';

const run = promisify(execFile);

/** `credgate ...`; resolves with the exit code and both outputs. */
async function credgate(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { env: { PATH: process.env.PATH, ...env } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const falha = error as { code: number; stdout: string; stderr: string };
    return { code: falha.code, stdout: falha.stdout, stderr: falha.stderr };
  }
}

// No database: runs in the sqlite project only.
describe.runIf(testBackend() === 'sqlite')(
  'credgate: a missing file or an API that is down',
  () => {
    const pasta = mkdtempSync(join(tmpdir(), 'credgate-cli-erros-'));
    afterAll(() => rmSync(pasta, { recursive: true, force: true }));
    const env = { CREDGATE_API_KEY: 'cg_qualquer' };

    it('names the missing file and the option, in Portuguese, exit 1', async () => {
      const nao = join(pasta, 'nao.csv');
      const [negativar, pasta_, importar] = await Promise.all([
        credgate(['negativar', '--arquivo', nao, '--integracao', 'int_x'], env),
        credgate(['negativar', '--arquivo', pasta, '--integracao', 'int_x'], env),
        credgate(['serasa-bureau', 'importar', '--https', nao, '--login', nao]),
      ]);
      expect(negativar).toMatchObject({
        code: 1,
        stderr: `credgate: --arquivo: arquivo nao encontrado: ${nao}\n`,
      });
      expect(pasta_).toMatchObject({
        code: 1,
        stderr: `credgate: --arquivo: ${pasta} e uma pasta, nao um arquivo\n`,
      });
      expect(importar).toMatchObject({
        code: 1,
        stderr: `credgate: --https: arquivo nao encontrado: ${nao}\n`,
      });
    });

    it('says where it could not connect, why, and what to do, exit 1', async () => {
      const csv = join(pasta, 'lote.csv');
      writeFileSync(csv, 'devedor_documento\n');
      const propriedades = join(pasta, 'https.properties');
      writeFileSync(
        propriedades,
        'user.url=sitenethomologa.serasa.com.br\nuser.root=/Homologa/consultahttps\n',
      );
      const login = join(pasta, 'serasapf.properties');
      writeFileSync(login, 'serasa.login=186487\nserasa.password=11003344\n');
      const api = `http://127.0.0.1:${await freePort()}`;
      const [negativar, importar, semDns, invalida] = await Promise.all([
        credgate(['negativar', '--arquivo', csv, '--integracao', 'int_x', '--api', api], env),
        credgate(
          ['serasa-bureau', 'importar', '--https', propriedades, '--login', login, '--api', api],
          env,
        ),
        credgate(
          [
            'negativar',
            '--arquivo',
            csv,
            '--integracao',
            'int_x',
            '--api',
            'http://nao-existe.invalid',
          ],
          env,
        ),
        credgate(
          ['negativar', '--arquivo', csv, '--integracao', 'int_x', '--api', 'localhost'],
          env,
        ),
      ]);
      const recusada =
        `credgate: nao foi possivel conectar a ${api} (conexao recusada); ` +
        'o credgate esta rodando? use --api <url>\n';
      expect(negativar).toMatchObject({ code: 1, stderr: recusada });
      expect(importar.code).toBe(1);
      expect(importar.stderr).toContain(recusada);
      expect(semDns.code).toBe(1);
      expect(semDns.stderr).toMatch(
        /^credgate: nao foi possivel conectar a http:\/\/nao-existe\.invalid \(endereco nao (encontrado|resolvido \(DNS\))\); /,
      );
      expect(invalida).toMatchObject({
        code: 1,
        stderr: 'credgate: --api: url invalida: localhost (ex.: http://127.0.0.1:3000)\n',
      });
    });
  },
);
