import { createInterface } from 'node:readline/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { chamarApi, gravarArquivo, lerArquivo } from '../explain-io-failures.js';

interface Opcoes {
  arquivo: string;
  integracao: string;
  api: string;
  confirmar?: boolean;
  resultado?: string;
  intervaloMs: string;
  esperaMaxS: string;
}

interface Erro {
  campo: string | null;
  mensagem: string;
}

interface Lote {
  id: string;
  total: number;
  validas: number;
  invalidas: number;
  progresso: Record<
    'criadas' | 'transmitidas' | 'inseridas' | 'rejeitadas' | 'falhas' | 'pendentes',
    number
  >;
}

/** A refusal of the API: printed, and the command exits 1. */
class ApiError extends Error {}

export function registerNegativarCommand(program: Command): void {
  program
    .command('negativar')
    .description(
      'envia um lote de negativacoes (CSV ou JSON) a um credgate em execucao: mostra a previa ' +
        'e as linhas invalidas, confirma e acompanha a transmissao; sai com 0 se todas as ' +
        'linhas validas viraram negativacao, 1 se nao, 2 se faltou confirmacao ou a chave',
    )
    .requiredOption('--arquivo <arquivo>', 'CSV (colunas do modelo) ou JSON ({ "linhas": [...] })')
    .requiredOption('--integracao <id>', 'integracao que negativa (int_...)')
    .option(
      '--api <url>',
      'credgate (ou CREDGATE_API_URL)',
      process.env.CREDGATE_API_URL ?? 'http://127.0.0.1:3000',
    )
    .option('--confirmar', 'envia sem perguntar (obrigatorio sem terminal)')
    .option('--resultado <arquivo>', 'grava o resultado (CSV) ao fim')
    .option('--intervalo-ms <ms>', 'intervalo entre consultas do progresso', '500')
    .option('--espera-max-s <s>', 'desiste de acompanhar depois disto (o lote segue)', '3600')
    .addHelpText(
      'after',
      '\nChave de API em CREDGATE_API_KEY. Modelo de CSV: GET /v1/negativacoes/lotes/modelo.csv.',
    )
    .action(async (opcoes: Opcoes) => {
      const chave = process.env.CREDGATE_API_KEY;
      if (!chave) {
        process.stderr.write('defina a chave de API em CREDGATE_API_KEY\n');
        process.exitCode = 2;
        return;
      }
      try {
        process.exitCode = await negativar(opcoes, cliente(opcoes.api, chave));
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        process.stderr.write(`${error.message}\n`);
        process.exitCode = 1;
      }
    });
}

type Cliente = ReturnType<typeof cliente>;

function cliente(api: string, chave: string) {
  const chamar = async (caminho: string, init: RequestInit = {}) => {
    const response = await chamarApi(api, caminho, {
      ...init,
      headers: { authorization: `Bearer ${chave}`, ...init.headers },
      signal: AbortSignal.timeout(120_000),
    });
    if (response.ok) return response;
    const body = (await response.json().catch(() => ({}))) as {
      erro?: { codigo?: string; mensagem?: string; campo?: string };
    };
    const { codigo = 'erro', mensagem = '', campo } = body.erro ?? {};
    throw new ApiError(
      `credgate recusou (${response.status} ${codigo}): ${mensagem}${campo ? ` [${campo}]` : ''}`,
    );
  };
  return {
    json: async <T>(caminho: string, init?: RequestInit) =>
      (await (await chamar(caminho, init)).json()) as T,
    // Bytes as served: text() would drop the BOM that lets Excel read the file as UTF-8.
    bytes: async (caminho: string) => Buffer.from(await (await chamar(caminho)).arrayBuffer()),
  };
}

async function negativar(opcoes: Opcoes, api: Cliente): Promise<number> {
  const conteudo = lerArquivo('--arquivo', opcoes.arquivo);
  const json = /\.json$/i.test(opcoes.arquivo);
  const previa = await api.json<Lote>(
    `/v1/negativacoes/lotes?integracao_id=${encodeURIComponent(opcoes.integracao)}`,
    {
      method: 'POST',
      headers: { 'content-type': json ? 'application/json' : 'text/csv' },
      body: json ? corpoJson(opcoes.arquivo, conteudo) : conteudo,
    },
  );
  const escrever = (linha: string) => process.stdout.write(`${linha}\n`);
  escrever(
    `lote ${previa.id}: ${previa.total} linhas, ${previa.validas} validas, ${previa.invalidas} invalidas`,
  );
  for await (const linha of linhas(api, previa.id, 'invalida')) {
    escrever(`linha ${linha.linha} invalida: ${descrever(linha.erros)}`);
  }
  if (previa.validas === 0) {
    escrever('nenhuma linha valida: nada a enviar');
    return 1;
  }
  if (!opcoes.confirmar) {
    const resposta = await perguntar(previa);
    if (resposta === 'sem_terminal') return 2;
    if (!resposta) {
      escrever(`nao enviado: o lote ${previa.id} fica em previa`);
      return 1;
    }
  }
  await api.json(`/v1/negativacoes/lotes/${previa.id}/confirmar`, { method: 'POST' });
  const fim = await acompanhar(api, previa, Number(opcoes.intervaloMs), Number(opcoes.esperaMaxS));
  const p = fim.progresso;
  escrever(
    `resumo: ${fim.validas} validas: ${p.criadas} criadas, ${p.transmitidas} transmitidas, ` +
      `${p.inseridas} inseridas, ${p.rejeitadas} rejeitadas, ${p.falhas} falhas; ` +
      `${fim.invalidas} invalidas`,
  );
  for await (const linha of linhas(api, previa.id, 'falha')) {
    escrever(`linha ${linha.linha} falhou: ${descrever(linha.erros)}`);
  }
  if (opcoes.resultado) {
    gravarArquivo(
      '--resultado',
      opcoes.resultado,
      await api.bytes(`/v1/negativacoes/lotes/${previa.id}/resultado.csv`),
    );
    escrever(`resultado: ${opcoes.resultado}`);
  }
  return p.falhas === 0 && p.criadas === fim.validas ? 0 : 1;
}

/** A JSON file holds `{ "linhas": [...] }` or just the array of rows. */
function corpoJson(arquivo: string, conteudo: Buffer): string {
  let lido: unknown;
  try {
    lido = JSON.parse(conteudo.toString('utf8'));
  } catch {
    throw new Error(`--arquivo: ${arquivo} nao e JSON valido`);
  }
  return JSON.stringify(Array.isArray(lido) ? { linhas: lido } : lido);
}

/** Every row of a situacao, page by page. */
async function* linhas(api: Cliente, loteId: string, situacao: string) {
  let apos: string | null = null;
  do {
    const pagina: { dados: Array<{ linha: number; erros: Erro[] }>; proximo: string | null } =
      await api.json(
        `/v1/negativacoes/lotes/${loteId}/linhas?situacao=${situacao}&limite=200` +
          (apos ? `&apos=${apos}` : ''),
      );
    yield* pagina.dados;
    apos = pagina.proximo;
  } while (apos);
}

function descrever(erros: Erro[]): string {
  return erros.map((e) => (e.campo ? `${e.campo}: ${e.mensagem}` : e.mensagem)).join('; ');
}

/** Asks on a terminal; without one there is nobody to ask, and nothing is sent. */
async function perguntar(lote: Lote): Promise<boolean | 'sem_terminal'> {
  if (!process.stdin.isTTY) {
    process.stderr.write(
      `sem terminal para confirmar: use --confirmar para enviar as ${lote.validas} linhas ` +
        `validas do lote ${lote.id}\n`,
    );
    return 'sem_terminal';
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const resposta = await rl.question(`enviar ${lote.validas} negativacoes? [s/N] `);
    return /^s(im)?$/i.test(resposta.trim());
  } finally {
    rl.close();
  }
}

/**
 * Polls the lote until every valid row was created (or failed) and none awaits transmission,
 * showing progress on stderr: a bar on a terminal, a line per change otherwise (logs).
 */
async function acompanhar(
  api: Cliente,
  previa: Lote,
  intervaloMs: number,
  esperaMaxS: number,
): Promise<Lote> {
  const prazo = Date.now() + esperaMaxS * 1000;
  const total = previa.validas;
  const barra = process.stderr.isTTY
    ? new SingleBar({
        format:
          'transmitindo [{bar}] {value}/{total} | criadas {criadas} | inseridas {inseridas} | ' +
          'rejeitadas {rejeitadas} | falhas {falhas}',
        hideCursor: true,
      })
    : undefined;
  barra?.start(total, 0, previa.progresso);
  let anterior = '';
  try {
    for (;;) {
      const lote = await api.json<Lote>(`/v1/negativacoes/lotes/${previa.id}`);
      const p = lote.progresso;
      const feitas = p.transmitidas + p.falhas;
      if (barra) barra.update(feitas, p);
      else {
        const linha =
          `progresso: ${feitas}/${total} (criadas ${p.criadas}, inseridas ${p.inseridas}, ` +
          `rejeitadas ${p.rejeitadas}, falhas ${p.falhas})`;
        if (linha !== anterior) process.stderr.write(`${linha}\n`);
        anterior = linha;
      }
      if (p.criadas + p.falhas === total && p.pendentes === 0) return lote;
      if (Date.now() > prazo) {
        throw new ApiError(
          `tempo esgotado (${esperaMaxS} s): o lote ${previa.id} segue; acompanhe em ` +
            `GET /v1/negativacoes/lotes/${previa.id}`,
        );
      }
      await sleep(intervaloMs);
    }
  } finally {
    barra?.stop();
  }
}
