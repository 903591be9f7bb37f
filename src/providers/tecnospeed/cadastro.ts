import { z } from 'zod';
import type { EstadoCadastro } from '../contract.js';
import { classifyDocument, normalizeDocument } from '../../domain/documents.js';
import { firstStr, isObject, normalizeText, str, type Json } from './wire.js';

// Onboarding of the customer's CNPJ with SCC Check (research A.4): POST /cadastros registers it,
// SCC Check then contacts the customer off-line for a contract, and delivers login and senha.
// Only the software house's headers go on these routes.

export const CADASTRO_PATH = '/cadastros';

const texto = (max: number) =>
  z
    .string({ error: 'deve ser um texto' })
    .trim()
    .min(1, 'obrigatorio')
    .max(max, `no maximo ${max} caracteres`);
const digitosDe = (min: number, max: number, nome: string) =>
  z
    .string({ error: 'deve ser um texto' })
    .transform((value) => value.replace(/\D/g, ''))
    .pipe(
      z
        .string()
        .min(min, `${nome} com ${min} a ${max} digitos`)
        .max(max, `${nome} com ${min} a ${max} digitos`),
    );

/** The company the operator registers with SCC Check (POST /v1/integracoes/{id}/cadastro). */
export const empresaSchema = z.strictObject({
  cnpj: z
    .string({ error: 'deve ser um texto' })
    .refine((value) => classifyDocument(value)?.tipo === 'cnpj', 'CNPJ invalido'),
  razao_social: texto(150),
  nome_fantasia: texto(150),
  representante: z.strictObject({
    nome: texto(150),
    cpf: z
      .string({ error: 'deve ser um texto' })
      .refine((value) => classifyDocument(value)?.tipo === 'cpf', 'CPF invalido'),
  }),
  telefone: digitosDe(10, 11, 'telefone'),
  email: z.email('e-mail invalido'),
  endereco: z.strictObject({
    logradouro: texto(150),
    numero: texto(10),
    complemento: z.string().max(60, 'no maximo 60 caracteres').nullable().default(null),
    bairro: texto(60),
    cep: digitosDe(8, 8, 'CEP'),
    cidade: texto(60),
    uf: z.string().regex(/^[A-Z]{2}$/, 'sigla da UF em maiusculas (ex.: PR)'),
  }),
  /** Who signs the contract SCC Check sends. */
  responsavel_contrato: z.strictObject({
    nome: texto(150),
    telefone: digitosDe(10, 11, 'telefone'),
    email: z.email('e-mail invalido'),
  }),
});

export type EmpresaParaCadastro = z.output<typeof empresaSchema>;
export type { EstadoCadastro };

const digitos = (value: string) => value.replace(/\D/g, '');

/** The body of "Cadastro do CNPJ", field by field. */
export function cadastroBody(empresa: EmpresaParaCadastro) {
  const { endereco, representante, responsavel_contrato: responsavel } = empresa;
  return {
    nomeFantasia: empresa.nome_fantasia,
    razaoSocial: empresa.razao_social,
    cnpj: normalizeDocument(empresa.cnpj),
    nomeRepresentante: representante.nome,
    cpfRepresentante: digitos(representante.cpf),
    telefone: digitos(empresa.telefone),
    email: empresa.email,
    endereco: endereco.logradouro,
    numeroEndereco: endereco.numero,
    complementoEndereco: endereco.complemento ?? '',
    bairro: endereco.bairro,
    cep: digitos(endereco.cep),
    cidade: endereco.cidade,
    uf: endereco.uf,
    nomeResponsavelContrato: responsavel.nome,
    telefoneResponsavelContrato: digitos(responsavel.telefone),
    emailResponsavelContrato: responsavel.email,
  };
}

export function cadastroQuery(cnpj: string): string {
  return `${CADASTRO_PATH}?${new URLSearchParams({ cnpj: normalizeDocument(cnpj) }).toString()}`;
}

/**
 * ASSUMPTION: the answer of GET /cadastros?cnpj= is not documented. It is read as the record
 * (bare, first of a list, or under `dados`/`_dados`/`cadastro`), whose status is the first of
 * `situacao`, `status`, `statusCadastro`, `situacaoCadastro`, `_status` that is text; booleans
 * `ativo` and `contratoAssinado` are honoured when present. No record (an empty body, an empty
 * list) is `nao_cadastrado`; a record whose status is unreadable is `cadastrado`, the state that
 * neither unlocks nor blocks anything by itself.
 */
export function estadoDoCadastro(body: unknown): EstadoCadastro {
  const registro = registroDe(body);
  if (!registro) return 'nao_cadastrado';
  if (registro.ativo === true) return 'ativo';
  if (registro.contratoAssinado === false) return 'aguardando_contrato';
  const situacao = firstStr(
    registro.situacao,
    registro.status,
    registro.statusCadastro,
    registro.situacaoCadastro,
    registro._status,
  );
  return situacao === null ? 'cadastrado' : estadoDaSituacao(situacao);
}

function registroDe(body: unknown): Json | null {
  const root = Array.isArray(body) ? body.find(isObject) : body;
  if (!isObject(root)) return null;
  const inner = [root.dados, root._dados, root.cadastro].find(
    (v) => isObject(v) || Array.isArray(v),
  );
  if (inner !== undefined) return registroDe(inner) ?? withoutWrapper(root);
  return Object.keys(root).length === 0 ? null : root;
}

/** A wrapper with an empty `dados` may still carry the status beside it. */
function withoutWrapper(root: Json): Json | null {
  return str(root.situacao) || str(root.status) || str(root._status) ? root : null;
}

function estadoDaSituacao(situacao: string): EstadoCadastro {
  const texto = normalizeText(situacao).replace(/[_-]+/g, ' ');
  if (/NAO CADASTRAD|INEXISTENTE|NAO ENCONTRAD/.test(texto)) return 'nao_cadastrado';
  if (/INATIV|CANCELAD|BLOQUEAD|SUSPENS/.test(texto)) return 'cadastrado';
  if (/(?<!NAO )ASSINAD/.test(texto) && !/AGUARD|PENDENT/.test(texto)) return 'ativo';
  if (/CONTRATO|ASSINATURA|AGUARD|PENDENTE|ANALISE/.test(texto)) return 'aguardando_contrato';
  if (/ATIV|APROVAD|LIBERAD|HABILITAD/.test(texto)) return 'ativo';
  return 'cadastrado';
}

export const NOMES_ESTADO: Readonly<Record<EstadoCadastro, string>> = {
  nao_cadastrado: 'CNPJ nao cadastrado na Tecnospeed (cadastre-o antes de usar a integracao)',
  cadastrado: 'CNPJ cadastrado; a situacao devolvida nao indica liberacao nem pendencia',
  aguardando_contrato: 'CNPJ cadastrado, aguardando a assinatura do contrato com a SCC Check',
  ativo: 'CNPJ cadastrado e liberado para consultas e negativacoes',
};
