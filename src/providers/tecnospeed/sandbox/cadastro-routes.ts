import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { isValidCnpj } from '../../../domain/documents.js';
import { autorizarSoftwareHouse } from './auth.js';
import type { Cadastro, SandboxState } from './state.js';
import { isObject, Validador } from './validation.js';
import { CODIGOS, erro404, erro422 } from './wire-http.js';

/**
 * Validates the "Cadastro do CNPJ" body (research A.4). Which fields are required is not
 * documented: the sandbox requires all but `nomeFantasia` and `complementoEndereco`.
 */
function validarCadastro(corpo: unknown) {
  if (!isObject(corpo)) {
    const message = 'O corpo deve ser um objeto JSON';
    return { erros: [{ message, internalCode: CODIGOS.corpoInvalido }], cnpj: null };
  }
  const v = new Validador(corpo);
  v.texto('nomeFantasia', { obrigatorio: false, max: 100 });
  v.texto('razaoSocial', { max: 150 });
  const cnpj = v.documento('cnpj', 'cnpj');
  v.texto('nomeRepresentante', { max: 100 });
  v.documento('cpfRepresentante', 'cpf');
  v.telefone('telefone');
  v.email('email');
  v.texto('endereco', { max: 100 });
  v.texto('numeroEndereco', { max: 10 });
  v.texto('complementoEndereco', { obrigatorio: false, max: 60 });
  v.texto('bairro', { max: 60 });
  v.cep('cep');
  v.texto('cidade', { max: 60 });
  v.uf('uf');
  v.texto('nomeResponsavelContrato', { max: 100 });
  v.telefone('telefoneResponsavelContrato');
  v.email('emailResponsavelContrato');
  return { erros: v.erros, cnpj };
}

const MENSAGENS = {
  AGUARDANDO_CONTRATO:
    'CNPJ cadastrado. A SCC Check entrara em contato para a assinatura do contrato.',
  ATIVO: 'CNPJ com contrato ativo na SCC Check.',
} as const;

/**
 * The registration as the sandbox answers it. The real shape is undocumented; this one is the
 * sandbox's choice: `{cnpj, razaoSocial, nomeFantasia, situacao, mensagem, dataCadastro,
 * dataAtivacao}`. Login and password are never part of it (SCC Check sends them by e-mail).
 */
export function vistaCadastro(cadastro: Cadastro) {
  const texto = (campo: string) =>
    typeof cadastro.dados[campo] === 'string' ? cadastro.dados[campo] : null;
  return {
    cnpj: cadastro.cnpj,
    razaoSocial: texto('razaoSocial'),
    nomeFantasia: texto('nomeFantasia'),
    situacao: cadastro.situacao,
    mensagem: MENSAGENS[cadastro.situacao],
    dataCadastro: cadastro.cadastrado_em,
    dataAtivacao: cadastro.ativado_em,
  };
}

/** What SCC Check does once the contract is signed: the customer's login and password. */
export function ativarCadastro(
  state: SandboxState,
  cadastro: Cadastro,
  credenciais: { login?: string; senha?: string } = {},
): Cadastro {
  cadastro.login = credenciais.login ?? cadastro.login ?? `scc${cadastro.cnpj.slice(0, 8)}`;
  cadastro.senha = credenciais.senha ?? cadastro.senha ?? randomBytes(6).toString('hex');
  if (cadastro.situacao !== 'ATIVO') cadastro.ativado_em = state.agoraIso();
  cadastro.situacao = 'ATIVO';
  return cadastro;
}

/** `POST /cadastros` and `GET /cadastros?cnpj=` (Software House headers only). */
export function cadastroRoutes(app: FastifyInstance, state: SandboxState): void {
  app.post('/cadastros', async (request, reply) => {
    if (!autorizarSoftwareHouse(request, reply)) return reply;
    const { erros, cnpj } = validarCadastro(request.body);
    if (erros.length > 0 || cnpj === null) return erro422(reply, erros);
    if (state.cadastros.has(cnpj)) {
      const message = `O CNPJ ${cnpj} ja esta cadastrado`;
      return erro422(reply, [{ message, internalCode: CODIGOS.cnpjJaCadastrado }]);
    }
    const cadastro: Cadastro = {
      cnpj,
      situacao: 'AGUARDANDO_CONTRATO',
      dados: request.body as Record<string, unknown>,
      login: null,
      senha: null,
      cadastrado_em: state.agoraIso(),
      ativado_em: null,
    };
    state.cadastros.set(cnpj, cadastro);
    if (state.config.ativar_cadastro_automaticamente) ativarCadastro(state, cadastro);
    return reply.code(200).send(vistaCadastro(cadastro));
  });

  app.get('/cadastros', async (request, reply) => {
    if (!autorizarSoftwareHouse(request, reply)) return reply;
    const { cnpj } = request.query as { cnpj?: string };
    if (!cnpj) {
      const message = 'O parametro cnpj e obrigatorio';
      return erro422(reply, [{ message, internalCode: CODIGOS.obrigatorio }]);
    }
    if (!isValidCnpj(cnpj) || !/^[0-9A-Z]{12}\d{2}$/.test(cnpj)) {
      const message = 'O parametro cnpj deve ser um CNPJ valido, somente digitos';
      return erro422(reply, [{ message, internalCode: CODIGOS.documentoInvalido }]);
    }
    const cadastro = state.cadastros.get(cnpj);
    if (!cadastro) {
      const message = `O CNPJ ${cnpj} nao esta cadastrado`;
      return erro404(reply, { message, internalCode: CODIGOS.cnpjNaoCadastrado });
    }
    return reply.code(200).send(vistaCadastro(cadastro));
  });
}
