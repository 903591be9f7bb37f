import { newId } from '../../domain/ids.js';
import type { AppContext } from '../../app-context.js';
import { localDate } from '../../domain/business-days.js';
import { RequestError } from '../../domain/errors.js';
import { openForNegativacao } from '../negativacoes/create-negativacao.js';
import type { ErroLinha } from './lote-columns.js';
import { findAtivas, insertLote, presentLote, type LoteRow } from './lote-store.js';
import { parseLoteCsv } from './parse-lote-csv.js';
import { markDuplicates, validateLinhas } from './validate-linhas.js';

type Deps = Pick<AppContext, 'database' | 'clock' | 'jobs' | 'providerClients'>;

/** Rows one lote may hold; past it the upload is a 413. */
export const MAX_LINHAS = 50_000;
/** Invalid rows returned with the preview; the rest are listed by `/linhas?situacao=invalida`. */
const AMOSTRA_INVALIDAS = 100;

export type EnvioLote =
  | { integracao_id: string; formato: 'csv'; corpo: Buffer | string }
  | { integracao_id: string; formato: 'json'; linhas: unknown[] };

/**
 * The preview: every row validated as `POST /v1/negativacoes` would validate it, the lote and
 * its rows stored in one commit, nothing queued or transmitted.
 */
export async function createLote(ctx: Deps, envio: EnvioLote) {
  const opened = await openForNegativacao(ctx, envio.integracao_id);
  const regras = opened.provider.negativacao!(opened.configuracoes);
  const now = ctx.clock.now();
  const linhas = validateLinhas(entradas(envio), envio.formato, regras, localDate(now));
  const chaves = linhas.flatMap((linha) => (linha.chave ? [linha.chave] : []));
  markDuplicates(linhas, await findAtivas(ctx.database, chaves));

  const validas = linhas.filter((linha) => linha.pedido !== null).length;
  const lote: LoteRow = {
    id: newId('lote', now.getTime()),
    integracao_id: opened.integracao.id,
    formato: envio.formato,
    situacao: 'previa',
    total: linhas.length,
    validas,
    invalidas: linhas.length - validas,
    criado_em: now.toISOString(),
    confirmado_em: null,
    concluido_em: null,
  };
  await insertLote(
    ctx.database,
    lote,
    linhas.map((linha) => ({
      lote_id: lote.id,
      linha: linha.linha,
      situacao: linha.pedido ? 'valida' : 'invalida',
      dados: JSON.stringify(linha.dados),
      erros: linha.pedido ? null : JSON.stringify(linha.erros),
      pedido: linha.pedido ? JSON.stringify(linha.pedido) : null,
      negativacao_id: null,
      erro: null,
    })),
  );
  const progresso = {
    criadas: 0,
    transmitidas: 0,
    inseridas: 0,
    rejeitadas: 0,
    falhas: 0,
    pendentes: validas,
  };
  return {
    ...presentLote(lote, progresso),
    invalidas_amostra: linhas
      .filter((linha) => !linha.pedido)
      .slice(0, AMOSTRA_INVALIDAS)
      .map((linha) => ({ linha: linha.linha, erros: linha.erros })),
  };
}

function entradas(envio: EnvioLote): Array<{ dados: unknown; erro?: ErroLinha }> {
  if (envio.formato === 'json') {
    if (envio.linhas.length === 0) throw vazio();
    if (envio.linhas.length > MAX_LINHAS) throw grande();
    return envio.linhas.map((dados) => ({ dados }));
  }
  const csv = parseLoteCsv(envio.corpo, MAX_LINHAS);
  if (csv.linhas.length === 0) throw vazio();
  return csv.linhas.map(({ dados, campos }) => ({
    dados,
    // Fewer fields read as empty cells; more usually means a value with the delimiter unquoted.
    erro:
      campos > csv.colunas.length
        ? {
            campo: 'linha',
            codigo: 'campos_demais',
            mensagem:
              `a linha tem ${campos} campos e o cabecalho ${csv.colunas.length}: um valor com ` +
              `"${csv.delimitador}" precisa estar entre aspas`,
          }
        : undefined,
  }));
}

function vazio(): RequestError {
  return new RequestError(400, 'lote_vazio', 'o lote nao tem linhas de dados', 'linhas');
}

function grande(): RequestError {
  return new RequestError(
    413,
    'lote_grande',
    `um lote tem no maximo ${MAX_LINHAS} linhas`,
    'linhas',
  );
}
