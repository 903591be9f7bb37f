import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { testBackend } from '../support/test-database.js';

const run = promisify(execFile);

describe.runIf(testBackend() === 'sqlite')('credgate CLI', () => {
  it.each([
    ['start', 'servidor HTTP + workers'],
    ['serve', 'somente o servidor HTTP'],
    ['worker', 'somente os workers'],
    ['migrate', 'aplica as migracoes'],
    ['sandbox', 'sandbox de um provedor'],
    ['api-key', 'chaves de API'],
  ])('documents `%s` in --help', async (command, text) => {
    const { stdout } = await run(process.execPath, [
      '--import',
      'tsx',
      'src/cli/main.ts',
      command,
      '--help',
    ]);
    expect(stdout).toContain(`Usage: credgate ${command}`);
    expect(stdout).toContain(text);
  });

  it('migrates a new database once, then reports it current', async () => {
    const env = {
      PATH: process.env.PATH,
      CREDGATE_DATA_DIR: mkdtempSync(join(tmpdir(), 'credgate-cli-')),
    };
    const migrate = () =>
      run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'migrate'], { env });
    expect((await migrate()).stdout).toContain('migracoes aplicadas: 001-create-foundation');
    expect((await migrate()).stdout).toContain('banco ja atualizado');
    rmSync(env.CREDGATE_DATA_DIR, { recursive: true, force: true });
  });

  it('creates, lists and revokes API keys, showing a key only once', async () => {
    const env = {
      PATH: process.env.PATH,
      CREDGATE_DATA_DIR: mkdtempSync(join(tmpdir(), 'credgate-cli-')),
    };
    const cli = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'api-key', ...args], { env });
    const created = await cli('create', '--name', 'erp-producao');
    const key = created.stdout.trim();
    expect(key).toMatch(/^cg_[A-Za-z0-9_-]{43}$/);
    const id = /chave (key_\S+) criada/.exec(created.stderr)?.[1];
    expect(id).toBeDefined();
    const listed = (await cli('list')).stdout;
    expect(listed).toContain('erp-producao');
    expect(listed).toContain(key.slice(0, 10));
    expect(listed).not.toContain(key);
    expect((await cli('revoke', id!)).stdout).toContain('revogada');
    expect((await cli('list')).stdout).toContain('revogada');
  });

  it('fails with exit code 2 and the setting name on bad configuration', async () => {
    const failure = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'migrate'], {
      env: { PATH: process.env.PATH, CREDGATE_QUEUE_CONCURRENCY: 'muitos' },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain(
      'queue.concurrency (CREDGATE_QUEUE_CONCURRENCY)',
    );
  });
});
