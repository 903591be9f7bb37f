import { Option, type Command } from 'commander';
import type { z } from 'zod';
import { systemClock } from '../../infra/clock.js';
import { CENARIOS } from '../../providers/bmp/sandbox/callback-scenarios.js';
import { JWT_ALGORITHMS } from '../../inbound/receiver-settings.js';
import { destinoSchema, TIPOS_AUTENTICACAO } from '../../providers/bmp/sandbox/destination.js';
import {
  linhaDaTentativa,
  linhaDoDestino,
  linhaDoResumo,
} from '../../providers/bmp/sandbox/describe-run.js';
import { pedidoPropostaSchema } from '../../providers/bmp/sandbox/proposta-request.js';
import { executarProposta, novaProposta } from '../../providers/bmp/sandbox/run-proposta.js';
import { entregue, sleepReal } from '../../providers/bmp/sandbox/send-callback.js';
import { lerArquivo } from '../explain-io-failures.js';

interface EnviarOpcoes {
  url: string;
  metodo: string;
  autenticacao: (typeof TIPOS_AUTENTICACAO)[number];
  tokenArquivo?: string;
  usuarioArquivo?: string;
  senhaArquivo?: string;
  algoritmo: string;
  chavePrivada?: string;
  emissor?: string;
  audiencia?: string;
  validadeS: string;
  assinarCorpo?: boolean;
  cenario?: string;
  situacoes?: string;
  proposta?: string;
  identificador?: string;
  duplicar?: boolean;
  foraDeOrdem?: boolean;
  regressao?: boolean;
  autenticacaoErrada?: boolean;
  nomes: string;
  timeoutMs: string;
  esperaMs: string;
  intervaloMs: string;
}

export function registerBmpCommands(program: Command): void {
  const bmp = program
    .command('bmp')
    .description('ensaio da homologacao BMP: envia callbacks de proposta como o BMP envia');
  bmp
    .command('enviar')
    .description(
      'envia a uma URL os callbacks de uma proposta (query proposta/situacao/identificador, ' +
        'corpo em 9 e 11, autenticacao configurada, ate 3 retentativas); sai com 0 se todos ' +
        'receberam 2xx, 1 se nao',
    )
    .requiredOption('--url <url>', 'URL de callback (a do ambiente de homologacao)')
    .addOption(
      new Option('--metodo <metodo>', 'metodo HTTP')
        .choices(['GET', 'POST', 'PUT'])
        .default('POST'),
    )
    .addOption(
      new Option('--autenticacao <tipo>', 'como o BMP se autentica')
        .choices(TIPOS_AUTENTICACAO)
        .default('nenhuma'),
    )
    // Secrets never as values on the command line, where `ps` and the shell history show them.
    .option(
      '--token-arquivo <arquivo>',
      'arquivo com o segredo de bearer, api_key, x_api_key, hmac, jwt HS256 (ou BMP_TOKEN)',
    )
    .option('--usuario-arquivo <arquivo>', 'arquivo com o usuario basic (ou BMP_USUARIO)')
    .option('--senha-arquivo <arquivo>', 'arquivo com a senha basic (ou BMP_SENHA)')
    .addOption(
      new Option('--algoritmo <alg>', 'algoritmo do JWT').choices(JWT_ALGORITHMS).default('HS256'),
    )
    .addOption(
      new Option('--chave-privada <arquivo>', 'PEM que assina o JWT RS256/ES256').env(
        'BMP_CHAVE_PRIVADA',
      ),
    )
    .option('--emissor <iss>', 'claim iss do JWT')
    .option('--audiencia <aud>', 'claim aud do JWT')
    .option('--validade-s <s>', 'exp do JWT = iat + validade', '300')
    .option('--assinar-corpo', 'hmac: HMAC-SHA256 (hex) do corpo em vez do valor fixo')
    .addOption(new Option('--cenario <cenario>', 'padrao: 2,6,8,9').choices(Object.keys(CENARIOS)))
    .option('--situacoes <lista>', 'situacoes em vez de um cenario, ex.: 2,6,8,9')
    .option('--proposta <guid>', 'GUID da proposta (um novo se omitido)')
    .option('--identificador <codigo>', 'codigoOperacao enviado como identificador')
    .option('--duplicar', 'envia cada callback duas vezes')
    .option('--fora-de-ordem', 'troca as duas ultimas situacoes')
    .option('--regressao', 'reenvia a primeira situacao depois da ultima')
    .option('--autenticacao-errada', 'usa um segredo diferente do configurado')
    .addOption(
      new Option('--nomes <nomes>', 'nomes dos parametros (ingles: proposal/status/identifier)')
        .choices(['portugues', 'ingles'])
        .default('portugues'),
    )
    .option('--timeout-ms <ms>', 'espera maxima por resposta', '10000')
    .option(
      '--espera-ms <lista>',
      'espera antes de cada retentativa (o BMP nao publica a sua)',
      '1000,5000,30000',
    )
    .option('--intervalo-ms <ms>', 'pausa entre uma situacao e a proxima', '0')
    .addHelpText(
      'after',
      '\nSegredos: BMP_TOKEN, BMP_USUARIO e BMP_SENHA (ou os arquivos de --token-arquivo,\n' +
        '--usuario-arquivo e --senha-arquivo; o arquivo prevalece), BMP_CHAVE_PRIVADA (caminho\n' +
        'do PEM). Nunca sao impressos.',
    )
    .action(async (opcoes: EnviarOpcoes) => {
      process.exitCode = await enviar(opcoes);
    });
}

async function enviar(opcoes: EnviarOpcoes): Promise<number> {
  const destino = validar(destinoSchema, {
    url: opcoes.url,
    metodo: opcoes.metodo,
    autenticacao: autenticacao(opcoes),
    nomes: opcoes.nomes,
    timeout_ms: Number(opcoes.timeoutMs),
    espera_retentativas_ms: lista(opcoes.esperaMs),
  });
  const pedido = validar(pedidoPropostaSchema, {
    cenario: opcoes.cenario,
    situacoes: opcoes.situacoes === undefined ? undefined : lista(opcoes.situacoes),
    proposta: opcoes.proposta,
    identificador: opcoes.identificador,
    duplicar: opcoes.duplicar ?? false,
    fora_de_ordem: opcoes.foraDeOrdem ?? false,
    regressao: opcoes.regressao ?? false,
    autenticacao_errada: opcoes.autenticacaoErrada ?? false,
    intervalo_ms: Number(opcoes.intervaloMs),
  });
  if (pedido.autenticacao_errada && destino.autenticacao.tipo === 'nenhuma') {
    throw new Error('--autenticacao-errada: exige --autenticacao diferente de nenhuma');
  }

  const cancelar = new AbortController();
  const interromper = () => cancelar.abort();
  process.once('SIGINT', interromper);
  const registro = novaProposta(pedido);
  const escrever = (linha: string) => process.stdout.write(`${linha}\n`);
  escrever(linhaDoDestino(destino));
  escrever(
    `proposta ${registro.proposta}${registro.identificador ? `, identificador ${registro.identificador}` : ''}`,
  );
  try {
    const callbacks = await executarProposta(destino, registro, pedido, {
      clock: systemClock,
      sleep: sleepReal,
      signal: cancelar.signal,
      aoTentar: (callback, tentativa) =>
        escrever(linhaDaTentativa(destino, callback, tentativa, entregue(tentativa))),
    });
    escrever(linhaDoResumo(callbacks));
    return callbacks.length > 0 && callbacks.every((c) => c.entregue) && !cancelar.signal.aborted
      ? 0
      : 1;
  } finally {
    process.off('SIGINT', interromper);
  }
}

/** Only the fields of the chosen method: a stray BMP_* variable is not an error. */
function autenticacao(opcoes: EnviarOpcoes): Record<string, unknown> {
  const { autenticacao: tipo } = opcoes;
  const token = () => segredo('--token-arquivo', opcoes.tokenArquivo, 'BMP_TOKEN');
  switch (tipo) {
    case 'nenhuma':
      return { tipo };
    case 'basic':
      return {
        tipo,
        usuario: segredo('--usuario-arquivo', opcoes.usuarioArquivo, 'BMP_USUARIO'),
        senha: segredo('--senha-arquivo', opcoes.senhaArquivo, 'BMP_SENHA'),
      };
    case 'hmac':
      return {
        tipo,
        token: token(),
        modo: opcoes.assinarCorpo ? 'assinatura_corpo' : 'valor_fixo',
      };
    case 'jwt':
      return {
        tipo,
        algoritmo: opcoes.algoritmo,
        ...(opcoes.algoritmo === 'HS256'
          ? { token: token() }
          : { chave_privada: lerTexto('--chave-privada', opcoes.chavePrivada) }),
        validade_s: Number(opcoes.validadeS),
        emissor: opcoes.emissor,
        audiencia: opcoes.audiencia,
      };
    default:
      return { tipo, token: token() };
  }
}

/** From the file when one is given, else from the environment variable. */
function segredo(opcao: string, arquivo: string | undefined, variavel: string): string | undefined {
  if (arquivo === undefined) return process.env[variavel];
  // `echo segredo > arquivo` ends it with a line break that is not part of the secret.
  return lerTexto(opcao, arquivo)?.replace(/\r?\n$/, '');
}

function lerTexto(opcao: string, arquivo: string | undefined): string | undefined {
  return arquivo === undefined ? undefined : lerArquivo(opcao, arquivo).toString('utf8');
}

function lista(texto: string): number[] {
  return texto
    .split(',')
    .map((parte) => parte.trim())
    .filter((parte) => parte !== '')
    .map(Number);
}

/** Schema field → the option that sets it, so an error names what the user typed. */
const OPCAO_DO_CAMPO: Record<string, string> = {
  tipo: '--autenticacao',
  token: 'BMP_TOKEN ou --token-arquivo',
  usuario: 'BMP_USUARIO ou --usuario-arquivo',
  senha: 'BMP_SENHA ou --senha-arquivo',
  modo: '--assinar-corpo',
  chave_privada: '--chave-privada',
  espera_retentativas_ms: '--espera-ms',
};

/** The parsed input, or an error naming the option; the message never repeats a value. */
function validar<T>(schema: z.ZodType<T>, entrada: unknown): T {
  const resultado = schema.safeParse(entrada);
  if (resultado.success) return resultado.data;
  const issue = resultado.error.issues[0];
  const campos = issue.code === 'unrecognized_keys' ? issue.keys : issue.path.map(String);
  const campo = [...campos].reverse().find((parte) => !/^\d+$/.test(parte)) ?? 'url';
  const opcao = OPCAO_DO_CAMPO[campo] ?? `--${campo.replaceAll('_', '-')}`;
  throw new Error(`${opcao}: ${issue.message}`);
}
