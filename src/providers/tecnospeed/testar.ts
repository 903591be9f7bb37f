import type { Acompanhamento, Recusa, ResultadoTeste } from '../contract.js';
import { ProviderUnavailableError } from '../exchange.js';
import { NOMES_ESTADO } from './cadastro.js';
import type { ResultadoCadastro } from '../contract.js';

type Verificacao = ResultadoTeste['verificacoes'][number];

/**
 * A protocolo no negativacao has: reading it costs nothing and proves the SCC Check login, since
 * credentials are checked before the protocolo is looked up (the adapter's own assumption).
 */
export const PROTOCOLO_DE_TESTE = 'credgate-teste-credenciais';

/**
 * "Testar": one check per credential level, none of them billable. 1) the software house pair,
 * by reading the customer's registration (GET /cadastros, which takes only cnpjSH/tokenSH);
 * 2) the customer's registration state from the same answer; 3) the SCC Check login, by reading
 * the status of a protocolo that does not exist (a 401 means refused, a 404/422 means accepted).
 */
export async function testarCredenciais(ops: {
  consultarCadastro: () => Promise<ResultadoCadastro | Recusa>;
  acompanhar: (protocolo: string) => Promise<Acompanhamento | Recusa>;
}): Promise<ResultadoTeste> {
  const cadastro = await attempt(ops.consultarCadastro);
  const verificacoes: Verificacao[] = [
    softwareHouse(cadastro),
    cadastroUsuario(cadastro),
    loginScc(await attempt(() => ops.acompanhar(PROTOCOLO_DE_TESTE))),
  ];
  return { ok: verificacoes.every((v) => v.ok), verificacoes };
}

async function attempt<T>(work: () => Promise<T>): Promise<T | ProviderUnavailableError> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ProviderUnavailableError) return error;
    throw error;
  }
}

function softwareHouse(cadastro: ResultadoCadastro | Recusa | ProviderUnavailableError) {
  const nome = 'software_house';
  if (cadastro instanceof ProviderUnavailableError) {
    return { nome, ok: false, mensagem: cadastro.message };
  }
  if (cadastro.tipo === 'recusada') return { nome, ok: false, mensagem: cadastro.mensagem };
  return { nome, ok: true, mensagem: 'cnpj_sh e token_sh aceitos' };
}

function cadastroUsuario(cadastro: ResultadoCadastro | Recusa | ProviderUnavailableError) {
  const nome = 'cadastro_usuario';
  if (cadastro instanceof ProviderUnavailableError || cadastro.tipo === 'recusada') {
    return { nome, ok: false, mensagem: 'nao verificado: a consulta do cadastro falhou' };
  }
  // `cadastrado` is what an unreadable status reads as: not proof of a problem.
  const ok = cadastro.estado === 'ativo' || cadastro.estado === 'cadastrado';
  return { nome, ok, mensagem: NOMES_ESTADO[cadastro.estado] };
}

function loginScc(resultado: Acompanhamento | Recusa | ProviderUnavailableError) {
  const nome = 'login_scc_check';
  if (resultado instanceof ProviderUnavailableError) {
    return { nome, ok: false, mensagem: resultado.message };
  }
  if (resultado.tipo === 'recusada' && resultado.codigo === 'credenciais_invalidas') {
    return { nome, ok: false, mensagem: resultado.mensagem };
  }
  if (resultado.tipo === 'recusada' && resultado.codigo === 'resposta_inesperada') {
    return { nome, ok: false, mensagem: resultado.mensagem };
  }
  return { nome, ok: true, mensagem: 'cnpj_usuario, login e senha aceitos pela Tecnospeed' };
}
