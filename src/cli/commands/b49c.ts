import { Option, type Command } from 'commander';
import {
  DEFAULT_LAYOUT_DIR,
  decodeResponse,
  defaultLayouts,
  encodeRequest,
  LayoutError,
  loadLayouts,
  toFlatMap,
  toStructured,
  type LayoutSet,
} from '../../providers/serasa-bureau/b49c/index.js';
import { gravarArquivo, lerArquivo } from '../explain-io-failures.js';

interface EncodeOpcoes {
  entrada: string;
  saida?: string;
  layouts?: string;
}

interface DecodeOpcoes {
  formato: 'mapa' | 'json';
  base: '0' | '1';
  layouts?: string;
}

export function registerB49cCommands(program: Command): void {
  const b49c = program
    .command('b49c')
    .description('motor de layout B49C da Serasa (string de dados): monta pedidos e le respostas')
    .addHelpText(
      'after',
      `\nLayouts XML: ${DEFAULT_LAYOUT_DIR} (ou --layouts <pasta>). Um LayoutError\n` +
        '(valor que nao cabe, campo desconhecido, layout invalido) sai com 2 e nomeia o campo.',
    );
  b49c
    .command('encode')
    .description(
      'monta o pedido (cabecalho B49C, registros opcionais ligados por FL_HABILITA_*, T999) em ' +
        'ISO-8859-1, sem logon e senha',
    )
    .requiredOption(
      '--entrada <arquivo>',
      'JSON com o mapa de entrada, ex.: {"B49C_NUM_DOC": "00000000191", "FL_HABILITA_P002": 1}',
    )
    .option('--saida <arquivo>', 'grava o pedido no arquivo em vez da saida padrao')
    .option('--layouts <pasta>', 'pasta com os layouts XML e entrada.xml')
    .action((opcoes: EncodeOpcoes) => {
      process.exitCode = comLayoutError(() => encode(opcoes));
    });
  b49c
    .command('decode')
    .description('le uma resposta (cabecalho de 400 bytes, registros de 115, T999) e a imprime')
    .argument('<resposta>', 'arquivo com a resposta como recebida, ou - para a entrada padrao')
    .addOption(
      new Option('--formato <formato>', 'mapa: chaves do Intellector; json: valores tipados')
        .choices(['mapa', 'json'])
        .default('json'),
    )
    .addOption(
      new Option('--base <n>', 'primeiro sufixo _n dos registros repetidos no mapa')
        .choices(['0', '1'])
        .default('1'),
    )
    .option('--layouts <pasta>', 'pasta com os layouts XML')
    .action((resposta: string, opcoes: DecodeOpcoes) => {
      process.exitCode = comLayoutError(() => decode(resposta, opcoes));
    });
}

function encode(opcoes: EncodeOpcoes): void {
  const texto = lerArquivo('--entrada', opcoes.entrada).toString('utf8');
  let entrada: unknown;
  try {
    entrada = JSON.parse(texto);
  } catch {
    throw new Error(`--entrada: ${opcoes.entrada} nao e JSON valido`);
  }
  const pedido = encodeRequest(entrada as Record<string, unknown>, layoutsDe(opcoes.layouts));
  if (opcoes.saida === undefined) process.stdout.write(pedido);
  else gravarArquivo('--saida', opcoes.saida, pedido);
}

function decode(arquivo: string, opcoes: DecodeOpcoes): void {
  const layouts = layoutsDe(opcoes.layouts);
  const resposta = decodeResponse(lerArquivo('<resposta>', arquivo), layouts);
  const saida =
    opcoes.formato === 'mapa'
      ? toFlatMap(resposta, { base: opcoes.base === '0' ? 0 : 1, layouts })
      : toStructured(resposta);
  process.stdout.write(`${JSON.stringify(saida, null, 2)}\n`);
}

function layoutsDe(pasta: string | undefined): LayoutSet {
  return pasta === undefined ? defaultLayouts() : loadLayouts(pasta);
}

/** 0, or 2 with the LayoutError on stderr; any other error goes on to the CLI's handler (1). */
function comLayoutError(run: () => void): number {
  try {
    run();
    return 0;
  } catch (error) {
    if (!(error instanceof LayoutError)) throw error;
    process.stderr.write(`credgate b49c: ${error.message}\n`);
    return 2;
  }
}
