import type { Command } from 'commander';
import {
  importIntellectorProperties,
  PropertiesError,
} from '../../providers/serasa-bureau/import-properties.js';
import { chamarApi, lerArquivo } from '../explain-io-failures.js';

interface ImportarOpcoes {
  https: string;
  login: string;
  keystore?: string;
  keystoreSenhaArquivo?: string;
  api?: string;
  descricao?: string;
}

export function registerSerasaBureauCommands(program: Command): void {
  const grupo = program
    .command('serasa-bureau')
    .description('Serasa Bureau (string B49C host-to-host)');
  grupo
    .command('importar')
    .description(
      'cria uma integracao serasa_bureau a partir dos arquivos do plugin Intellector (seed 002)',
    )
    .requiredOption('--https <arquivo>', 'https.properties (user.url, user.root, user.cert)')
    .requiredOption('--login <arquivo>', 'serasapf.properties (serasa.login, serasa.password...)')
    .option('--keystore <arquivo>', 'o JKS de user.cert (certificado do cliente e confianca)')
    .option(
      '--keystore-senha-arquivo <arquivo>',
      'arquivo com a senha do JKS (ou SERASA_KEYSTORE_SENHA); a de user.jks e cifrada pelo Intellector',
    )
    .option('--descricao <texto>', 'descricao da integracao')
    .option(
      '--api <url>',
      'credgate onde criar a integracao (chave em CREDGATE_API_KEY); sem ela, imprime o JSON do POST /v1/integracoes',
    )
    .addHelpText(
      'after',
      '\nSem --api o JSON impresso contem logon, senha e o keystore: redirecione para um arquivo\n' +
        'protegido ou direto para o POST, nunca para um log.',
    )
    .action(async (opcoes: ImportarOpcoes) => {
      const code = await importar(opcoes);
      if (code !== 0) process.exitCode = code;
    });
}

async function importar(opcoes: ImportarOpcoes): Promise<number> {
  const senha =
    opcoes.keystoreSenhaArquivo !== undefined
      ? ler('--keystore-senha-arquivo', opcoes.keystoreSenhaArquivo).replace(/\r?\n$/, '')
      : process.env.SERASA_KEYSTORE_SENHA;
  if (opcoes.keystore && senha === undefined) {
    process.stderr.write(
      '--keystore pede a senha: SERASA_KEYSTORE_SENHA ou --keystore-senha-arquivo\n',
    );
    return 2;
  }
  let importada;
  try {
    importada = importIntellectorProperties({
      https: ler('--https', opcoes.https),
      login: ler('--login', opcoes.login),
      keystore: opcoes.keystore
        ? { conteudo: lerArquivo('--keystore', opcoes.keystore), senha: senha! }
        : undefined,
    });
  } catch (error) {
    if (!(error instanceof PropertiesError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  const { avisos, ...integracao } = importada;
  if (opcoes.descricao) integracao.descricao = opcoes.descricao;
  for (const aviso of avisos) process.stderr.write(`aviso: ${aviso}\n`);
  if (!opcoes.api) {
    process.stdout.write(`${JSON.stringify(integracao, null, 2)}\n`);
    return 0;
  }
  const chave = process.env.CREDGATE_API_KEY;
  if (!chave) {
    process.stderr.write('--api pede a chave de API em CREDGATE_API_KEY\n');
    return 2;
  }
  const response = await chamarApi(opcoes.api, '/v1/integracoes', {
    method: 'POST',
    headers: { authorization: `Bearer ${chave}`, 'content-type': 'application/json' },
    body: JSON.stringify(integracao),
  });
  // Anything but credgate (a proxy, a wrong --api) may answer with something other than JSON.
  const body = (await response.json().catch(() => ({}))) as {
    id?: string;
    erro?: { mensagem?: string };
  };
  if (response.status !== 201) {
    process.stderr.write(`credgate recusou (${response.status}): ${body.erro?.mensagem ?? ''}\n`);
    return 1;
  }
  process.stdout.write(`${body.id}\n`);
  process.stderr.write(`integracao ${body.id} criada (${integracao.ambiente})\n`);
  return 0;
}

function ler(opcao: string, arquivo: string): string {
  return lerArquivo(opcao, arquivo).toString('latin1');
}
