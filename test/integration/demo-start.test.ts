import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testBackend } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

/**
 * What `npm start` does for a new user: `credgate start` with no configuration runs in demo
 * mode on SQLite under the data dir, mounts the sandboxes, seeds one integration per provider
 * and prints the URLs and an API key.
 */
describe.runIf(testBackend() === 'sqlite')('credgate start (demo mode)', () => {
  it('serves /health, /docs and the demo integrations with the printed key', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'credgate-demo-'));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'start', '--port', '0'],
      {
        env: { PATH: process.env.PATH, CREDGATE_DATA_DIR: dataDir, CREDGATE_LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    try {
      const printed = await new Promise<{ url: string; key: string }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner in 20 s:\n${output}`)), 20_000);
        child.stdout.on('data', () => {
          const url = /credgate ouvindo em (\S+)/.exec(output)?.[1];
          const key = /Chave de API: (\S+)/.exec(output)?.[1];
          if (url && key) {
            clearTimeout(timer);
            resolve({ url, key });
          }
        });
      });
      expect(output).toContain(`${printed.url}/docs`);
      expect(await (await fetch(`${printed.url}/health`)).json()).toEqual({ status: 'ok' });
      expect((await fetch(`${printed.url}/docs`)).status).toBe(200);
      const list = await fetch(`${printed.url}/v1/integracoes`, {
        headers: { authorization: `Bearer ${printed.key}` },
      });
      expect(list.status).toBe(200);
      const body = (await list.json()) as {
        dados: Array<{ provedor: string; demo: boolean; configuracoes: any }>;
      };
      expect(body.dados.map((i) => i.provedor).sort()).toEqual([
        'bmp',
        'serasa_bureau',
        'serasa_experian',
        'tecnospeed',
      ]);
      expect(body.dados.every((i) => i.demo)).toBe(true);
      // The seeded integrations point at the sandboxes mounted on the same server.
      const serasa = body.dados.find((i) => i.provedor === 'serasa_experian')!;
      expect(serasa.configuracoes.url_consulta).toBe(`${printed.url}/sandbox/serasa_experian`);
      const sandbox = await fetch(`${serasa.configuracoes.url_consulta}/__sandbox`);
      expect(((await sandbox.json()) as { provider: string }).provider).toBe('serasa_experian');
      // The BMP sandbox already knows where and how to call the demo integration.
      const run = await fetch(`${printed.url}/sandbox/bmp/__sandbox/propostas`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ cenario: 'padrao', aguardar: true }),
      });
      expect(run.status, await run.clone().text()).toBe(200);
      const { proposta } = (await run.json()) as { proposta: string };
      const applied = await waitFor(async () => {
        const view = await fetch(`${printed.url}/v1/propostas/${proposta}`, {
          headers: { authorization: `Bearer ${printed.key}` },
        });
        const body = (await view.json()) as { situacao?: number };
        return body.situacao === 9 ? body : null;
      }, 'the demo BMP proposal to reach 9 Paga');
      expect(applied.situacao).toBe(9);
      // SQLite file and a private master key under the data dir.
      expect(statSync(join(dataDir, 'credgate.db')).size).toBeGreaterThan(0);
      expect(statSync(join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
