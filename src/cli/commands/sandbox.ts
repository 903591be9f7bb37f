import type { Command } from 'commander';
import { buildRegistry } from '../../providers/registry.js';
import { startSandboxServer } from '../../sandboxes/start-sandbox-server.js';
import { lerArquivo } from '../explain-io-failures.js';

interface SandboxOptions {
  host: string;
  port: string;
  latencyMs: string;
  errorRate: string;
  timeoutRate: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsCaCliente?: string;
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
    .option('--tls-cert <pem>', 'certificado do servidor: serve HTTPS (com --tls-key)')
    .option('--tls-key <pem>', 'chave privada do certificado do servidor')
    .option(
      '--tls-ca-cliente <pem>',
      'exige certificado de cliente assinado por esta CA (host-to-host da Serasa Bureau)',
    )
    .action(async (nome: string, options: SandboxOptions) => {
      // `serasa-bureau` as in the docs, `serasa_bureau` as the provider id.
      const provedor = nome.replaceAll('-', '_');
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
        tls: tlsOptions(options),
      });
      process.stdout.write(
        `sandbox ${provedor} em ${server.url} (controle: ${server.url}/__sandbox)\n`,
      );
      const stop = () => void server.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

function tlsOptions(options: SandboxOptions) {
  if (!options.tlsCert && !options.tlsKey) {
    if (options.tlsCaCliente) throw new Error('--tls-ca-cliente pede --tls-cert e --tls-key');
    return undefined;
  }
  if (!options.tlsCert || !options.tlsKey) throw new Error('HTTPS pede --tls-cert e --tls-key');
  const read = (flag: string, file: string) => lerArquivo(flag, file).toString('utf8');
  return {
    cert: read('--tls-cert', options.tlsCert),
    key: read('--tls-key', options.tlsKey),
    ca: options.tlsCaCliente && read('--tls-ca-cliente', options.tlsCaCliente),
  };
}

function parseNumber(flag: string, value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new Error(`${flag} deve ser um numero >= 0`);
  return number;
}
