import type { DividaParaIncluir, Endereco, RegrasNegativacao } from '../providers/contract.js';
import { classifyDocument } from './documents.js';
import { RequestError } from './errors.js';
import { isUf } from './ufs.js';

/** The address as the host sends it: number and complement may be left out. */
export type EnderecoInformado = Omit<Endereco, 'numero' | 'complemento'> & {
  numero?: string | null;
  complemento?: string | null;
};

export interface PedidoNegativacao {
  credor: string;
  devedor: {
    documento: string;
    nome: string;
    endereco: EnderecoInformado;
    /** yyyy-mm-dd, when the host system knows it. */
    data_nascimento?: string | null;
  };
  contrato: string;
  valor_centavos: number;
  /** yyyy-mm-dd */
  vencimento: string;
  natureza: string;
}

/** CDC art. 43 par. 1: no negative information older than five years. */
const MAX_AGE_YEARS = 5;
const MIN_DEBTOR_AGE_YEARS = 18;

function refuse(codigo: string, campo: string, mensagem: string): RequestError {
  return new RequestError(422, codigo, mensagem, campo);
}

function yearsBefore(date: string, years: number): string {
  const [y, rest] = [Number(date.slice(0, 4)), date.slice(4)];
  return `${String(y - years).padStart(4, '0')}${rest === '-02-29' ? '-02-28' : rest}`;
}

/** `medido` says what was counted, when it is more than the field itself. */
function checkLength(
  value: string | null,
  max: number,
  campo: string,
  medido = (n: number) => `${campo} tem ${n} caracteres`,
): void {
  if (value !== null && value.length > max) {
    throw refuse(
      'campo_muito_longo',
      campo,
      `${medido(value.length)}; o maximo do provedor e ${max}`,
    );
  }
}

/**
 * The guard rails every negativacao passes before it may be transmitted (DESIGN.md): each
 * failure is a 422 naming the field. Returns the debt normalized for the adapter.
 * `hoje` is today's date in Sao Paulo (yyyy-mm-dd), so tests control time.
 */
export function checkNegativacao(
  pedido: PedidoNegativacao,
  regras: RegrasNegativacao,
  hoje: string,
): DividaParaIncluir {
  const credor = classifyDocument(pedido.credor);
  if (!credor || credor.tipo !== 'cnpj') {
    throw refuse(
      'cnpj_invalido',
      'credor',
      'credor deve ser um CNPJ valido (numerico ou alfanumerico)',
    );
  }
  const devedor = classifyDocument(pedido.devedor.documento);
  if (!devedor) {
    throw refuse(
      'documento_invalido',
      'devedor.documento',
      'devedor.documento nao e um CPF ou CNPJ valido',
    );
  }
  if (pedido.valor_centavos < regras.valor_minimo_centavos) {
    const minimo = (regras.valor_minimo_centavos / 100).toFixed(2).replace('.', ',');
    throw refuse(
      'valor_abaixo_do_minimo',
      'valor_centavos',
      `o valor minimo de uma negativacao e R$ ${minimo}`,
    );
  }
  if (pedido.vencimento >= hoje) {
    throw refuse(
      'vencimento_nao_vencido',
      'vencimento',
      'so se negativa divida vencida: o vencimento deve ser anterior a hoje',
    );
  }
  if (pedido.vencimento < yearsBefore(hoje, MAX_AGE_YEARS)) {
    throw refuse(
      'vencimento_prescrito',
      'vencimento',
      'divida vencida ha mais de 5 anos nao pode ser negativada (CDC art. 43 par. 1)',
    );
  }
  const nascimento = pedido.devedor.data_nascimento;
  if (nascimento && nascimento > hoje) {
    throw refuse(
      'data_nascimento_invalida',
      'devedor.data_nascimento',
      `devedor.data_nascimento ${nascimento} esta no futuro`,
    );
  }
  if (
    nascimento &&
    devedor.tipo === 'cpf' &&
    nascimento > yearsBefore(hoje, MIN_DEBTOR_AGE_YEARS)
  ) {
    throw refuse(
      'devedor_menor_de_idade',
      'devedor.data_nascimento',
      'o devedor deve ter 18 anos ou mais',
    );
  }
  const endereco = checkEndereco(pedido.devedor.endereco, regras);
  checkLength(pedido.devedor.nome.trim(), regras.limites.nome, 'devedor.nome');
  checkLength(pedido.contrato, regras.limites.contrato, 'contrato');
  if (!(pedido.natureza in regras.naturezas)) {
    throw refuse(
      'natureza_invalida',
      'natureza',
      `natureza ${pedido.natureza} nao existe na tabela do provedor`,
    );
  }
  return {
    credor: credor.numero,
    devedor: { documento: devedor, nome: pedido.devedor.nome.trim(), endereco },
    contrato: pedido.contrato,
    valor_centavos: pedido.valor_centavos,
    vencimento: pedido.vencimento,
    natureza: pedido.natureza,
  };
}

function checkEndereco(endereco: EnderecoInformado, regras: RegrasNegativacao): Endereco {
  const campo = (name: string) => `devedor.endereco.${name}`;
  const cep = endereco.cep.replace(/\D/g, '');
  if (cep.length !== 8) throw refuse('endereco_invalido', campo('cep'), 'cep deve ter 8 digitos');
  const uf = endereco.uf.toUpperCase();
  if (!isUf(uf))
    throw refuse(
      'endereco_invalido',
      campo('uf'),
      `uf ${endereco.uf} nao e uma unidade federativa`,
    );
  for (const name of ['logradouro', 'bairro', 'cidade'] as const) {
    if (endereco[name].trim() === '') {
      throw refuse('endereco_incompleto', campo(name), `${campo(name)} e obrigatorio`);
    }
  }
  // The provider stores street and number in one field, so the limit applies to both together.
  const logradouro = [endereco.logradouro.trim(), endereco.numero?.trim()]
    .filter(Boolean)
    .join(', ');
  checkLength(
    logradouro,
    regras.limites.logradouro,
    campo('logradouro'),
    endereco.numero?.trim()
      ? (n) =>
          `${campo('logradouro')} e ${campo('numero')} juntos tem ${n} caracteres ` +
          '(contando a virgula e o espaco entre eles)'
      : undefined,
  );
  checkLength(endereco.bairro.trim(), regras.limites.bairro, campo('bairro'));
  checkLength(endereco.cidade.trim(), regras.limites.cidade, campo('cidade'));
  checkLength(
    endereco.complemento?.trim() || null,
    regras.limites.complemento,
    campo('complemento'),
  );
  return {
    cep,
    logradouro: endereco.logradouro.trim(),
    numero: endereco.numero?.trim() || null,
    complemento: endereco.complemento?.trim() || null,
    bairro: endereco.bairro.trim(),
    cidade: endereco.cidade.trim(),
    uf,
  };
}
