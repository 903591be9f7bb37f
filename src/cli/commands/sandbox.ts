import type { Command } from 'commander';
import { buildRegistry } from '../../providers/registry.js';
import { startSandboxServer } from '../../sandboxes/start-sandbox-server.js';

interface SandboxOptions {
  host: string;
  port: string;
  latencyMs: string;
  errorRate: string;
  timeoutRate: string;
}

export function registerSandboxCommand(program: Command): void {
  const providers = buildRegistry();
  const names = [...providers.values()].filter((p) => p.sandbox).map((p) => p.id);
  program
    .command('sandbox <provedor>')
    .description(`roda o sandbox de um provedor como servidor HTTP proprio (${names.join(', ')})`)
    .option('--host <host>', 'endereco de escuta', '127.0.0.1')
    .option('--port <port>', 'porta (0 = qualquer livre)', '0')
    .option('--latency-ms <ms>', 'latencia adicionada a cada resposta', '0')
    .option('--error-rate <0..1>', 'fracao de respostas 503 injetadas', '0')
    .option('--timeout-rate <0..1>', 'fracao de requisicoes que nunca respondem', '0')
    .action(async (provedor: string, options: SandboxOptions) => {
      const sandbox = providers.get(provedor)?.sandbox;
      if (!sandbox)
        throw new Error(`provedor sem sandbox: ${provedor} (use um de: ${names.join(', ')})`);
      const server = await startSandboxServer(sandbox, {
        host: options.host,
        port: parseNumber('--port', options.port),
        faults: {
          latencyMs: parseNumber('--latency-ms', options.latencyMs),
          errorRate: parseNumber('--error-rate', options.errorRate),
          timeoutRate: parseNumber('--timeout-rate', options.timeoutRate),
        },
      });
      process.stdout.write(
        `sandbox ${provedor} em ${server.url} (controle: ${server.url}/__sandbox)\n`,
      );
      const stop = () => void server.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

function parseNumber(flag: string, value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new Error(`${flag} deve ser um numero >= 0`);
  return number;
}
