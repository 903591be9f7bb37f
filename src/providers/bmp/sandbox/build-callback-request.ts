import { cabecalhosDeAutenticacao } from './authorize-callback.js';
import { DESCRICAO_OCORRENCIA } from './callback-scenarios.js';
import { mascararUrl, type Destino } from './destination.js';

/** One status change of one proposal, as BMP notifies it. */
export interface Callback {
  /** The proposal GUID BMP returned at inclusion. */
  proposta: string;
  situacao: number;
  /** The partner's `codigoOperacao`, when the proposal was included with one. */
  identificador?: string;
}

export interface RequisicaoCallback {
  metodo: Destino['metodo'];
  url: string;
  /** `url` with its secret parts masked, for records and output. */
  url_mascarada: string;
  cabecalhos: Record<string, string>;
  corpo: string | undefined;
}

const NOMES = {
  portugues: { proposta: 'proposta', situacao: 'situacao', identificador: 'identificador' },
  ingles: { proposta: 'proposal', situacao: 'status', identificador: 'identifier' },
} as const;

/**
 * The exact wire of one attempt: the query carries the callback, 9 and 11 get a JSON body when
 * the method has one, and the auth header is made afresh (a new JWT per attempt).
 */
export async function montarRequisicao(
  destino: Destino,
  callback: Callback,
  opcoes: { agora: Date; autenticacaoErrada?: boolean },
): Promise<RequisicaoCallback> {
  const url = new URL(destino.url);
  const nomes = NOMES[destino.nomes];
  url.searchParams.append(nomes.proposta, callback.proposta);
  url.searchParams.append(nomes.situacao, String(callback.situacao));
  if (callback.identificador !== undefined) {
    url.searchParams.append(nomes.identificador, callback.identificador);
  }

  const descricao = DESCRICAO_OCORRENCIA[callback.situacao];
  const corpo =
    destino.metodo !== 'GET' && descricao !== undefined
      ? JSON.stringify({ descricaoOcorrencia: descricao })
      : undefined;
  const cabecalhos: Record<string, string> = {
    ...(corpo === undefined ? {} : { 'content-type': 'application/json' }),
    ...(await cabecalhosDeAutenticacao(
      destino.autenticacao,
      corpo ?? '',
      opcoes.agora,
      opcoes.autenticacaoErrada ?? false,
    )),
  };
  const texto = url.toString();
  return {
    metodo: destino.metodo,
    url: texto,
    url_mascarada: mascararUrl(texto),
    cabecalhos,
    corpo,
  };
}
