import { execFile } from 'node:child_process';
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
