import type { Command } from 'commander';
import type { AppContext } from '../../app-context.js';
import { createContext, startServer, startWorkers } from '../../create-app.js';
import { loadConfig } from '../../infra/config/load-config.js';
import { ensureDemoApiKey } from '../ensure-demo-api-key.js';

interface RunOptions {
  host?: string;
  port?: string;
}

/** `start` (everything), `serve` (HTTP only) and `worker` (jobs only). */
export function registerRunCommands(program: Command): void {
  program
    .command('start')
    .description('servidor HTTP + workers (+ sandboxes e integracoes de demonstracao no modo demo)')
    .option('--host <host>', 'endereco de escuta (CREDGATE_HTTP_HOST)')
    .option('--port <port>', 'porta (CREDGATE_HTTP_PORT)')
    .action((options: RunOptions) => run(options, { http: true, workers: true }));
  program
    .command('serve')
    .description('somente o servidor HTTP (API, /docs, URLs de recebimento); rode workers a parte')
    .option('--host <host>', 'endereco de escuta (CREDGATE_HTTP_HOST)')
    .option('--port <port>', 'porta (CREDGATE_HTTP_PORT)')
    .action((options: RunOptions) => run(options, { http: true, workers: false }));
  program
    .command('worker')
    .description('somente os workers da fila de jobs (quantos processos quiser, no PostgreSQL)')
    .action(() => run({}, { http: false, workers: true }));
}

async function run(options: RunOptions, parts: { http: boolean; workers: boolean }): Promise<void> {
  const http: Record<string, unknown> = {};
  if (options.host) http.host = options.host;
  if (options.port) http.port = options.port;
  const config = loadConfig({ overrides: { http } });
  const ctx = await createContext({ config });

  const server = parts.http ? await startServer(ctx) : undefined;
  const workers = parts.workers ? await startWorkers(ctx) : undefined;
  if (server) await announce(ctx, server.url);
  if (workers) ctx.logger.info({ worker: workers.id }, 'workers started');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.logger.info({ signal }, 'shutting down');
    await server?.app.close();
    await workers?.stop();
    await ctx.pdf.close();
    await ctx.database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

async function announce(ctx: AppContext, url: string): Promise<void> {
  const lines = [
    '',
    `credgate ouvindo em ${url}  (modo ${ctx.config.mode}, banco ${ctx.database.dialect})`,
    `  API:          ${url}/v1`,
    `  Documentacao: ${url}/docs`,
    `  Saude:        ${url}/health  ${url}/ready  ${url}/metrics`,
  ];
  if (ctx.config.mode === 'demo') {
    const key = await ensureDemoApiKey(ctx);
    lines.push(
      `  Sandboxes:    ${url}/sandbox/<provedor>`,
      `  Chave de API: ${key}`,
      `  Experimente:  curl -H "Authorization: Bearer ${key}" ${url}/v1/integracoes`,
    );
  }
  process.stdout.write(lines.join('\n') + '\n\n');
}
