import type { FastifyReply, FastifyRequest } from 'fastify';
import { isValidCnpj } from '../../../domain/documents.js';
import { CREDENCIAL_INVALIDA } from './magic.js';
import type { SandboxState } from './state.js';
import { erro401 } from './wire-http.js';

/** Node lower-cases header names, so `cnpjSH`, `cnpjsh` and `CNPJSH` all arrive as `cnpjsh`. */
function header(request: FastifyRequest, nome: string): string | null {
  const value = request.headers[nome.toLowerCase()];
  const texto = Array.isArray(value) ? value[0] : value;
  return texto === undefined || texto.trim() === '' ? null : texto.trim();
}

const cnpjValido = (value: string) => /^[0-9A-Z]{12}\d{2}$/.test(value) && isValidCnpj(value);
const magico = (value: string) => value.toLowerCase().startsWith(CREDENCIAL_INVALIDA);

/** Why the Software House headers fail, or null when they pass. */
function falhaSoftwareHouse(request: FastifyRequest): string | null {
  const cnpjSH = header(request, 'cnpjSH');
  const tokenSH = header(request, 'tokenSH');
  if (cnpjSH === null) return 'header cnpjSH ausente';
  if (!cnpjValido(cnpjSH)) return 'header cnpjSH nao e um CNPJ valido';
  if (tokenSH === null) return 'header tokenSH ausente';
  if (magico(tokenSH)) return 'tokenSH invalido';
  return null;
}

/**
 * `cnpjSH` + `tokenSH`, checked on every route. Any well-formed pair is accepted except a token
 * starting with the magic prefix: the sandbox has no list of Software Houses.
 */
export function autorizarSoftwareHouse(request: FastifyRequest, reply: FastifyReply): boolean {
  const falha = falhaSoftwareHouse(request);
  if (falha) void erro401(reply, falha);
  return falha === null;
}

/** Why the customer headers fail for this state, or null when they pass. */
function falhaUsuario(state: SandboxState, request: FastifyRequest): string | null {
  const cnpjUsuario = header(request, 'cnpjUsuario');
  const login = header(request, 'login');
  const password = header(request, 'password');
  if (cnpjUsuario === null) return 'header cnpjUsuario ausente';
  if (!cnpjValido(cnpjUsuario)) return 'header cnpjUsuario nao e um CNPJ valido';
  if (login === null) return 'header login ausente';
  if (password === null) return 'header password ausente';
  if (magico(login) || magico(password)) return 'login ou password invalidos';
  // The sandbox's choice: without an active SCC Check contract there is no valid login, so an
  // unregistered or pending cnpjUsuario is a 401 like a wrong password.
  const cadastro = state.cadastros.get(cnpjUsuario);
  if (!cadastro) return 'cnpjUsuario nao cadastrado na SCC Check';
  if (cadastro.situacao !== 'ATIVO') return 'cnpjUsuario sem contrato ativo na SCC Check';
  const exatas = cadastro.login === login && cadastro.senha === password;
  if (state.config.exigir_credenciais_exatas && !exatas) return 'login ou password invalidos';
  return null;
}

/**
 * All five headers, for consulta and negativacao routes. Returns the customer's CNPJ, or null
 * after answering 401.
 */
export function autorizarUsuario(
  state: SandboxState,
  request: FastifyRequest,
  reply: FastifyReply,
): { cnpjUsuario: string; login: string } | null {
  const falha = falhaSoftwareHouse(request) ?? falhaUsuario(state, request);
  if (falha) {
    void erro401(reply, falha);
    return null;
  }
  return { cnpjUsuario: header(request, 'cnpjUsuario')!, login: header(request, 'login')! };
}
