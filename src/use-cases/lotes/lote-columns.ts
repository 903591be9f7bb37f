import { parseData, parseValorCentavos } from './br-values.js';

/** One CSV column: its header name and the field of `POST /v1/negativacoes` it fills. */
export interface Coluna {
  nome: string;
  /** The API field (dotted path) the guard rails and the schema name in their errors. */
  campo: string;
  obrigatoria: boolean;
}

const coluna = (nome: string, campo: string, obrigatoria = true): Coluna => ({
  nome,
  campo,
  obrigatoria,
});

/** The documented columns, in the template's order. */
export const COLUNAS: readonly Coluna[] = [
  coluna('credor', 'credor'),
  coluna('devedor_documento', 'devedor.documento'),
  coluna('devedor_nome', 'devedor.nome'),
  coluna('devedor_data_nascimento', 'devedor.data_nascimento', false),
  coluna('cep', 'devedor.endereco.cep'),
  coluna('logradouro', 'devedor.endereco.logradouro'),
  coluna('numero', 'devedor.endereco.numero', false),
  coluna('complemento', 'devedor.endereco.complemento', false),
  coluna('bairro', 'devedor.endereco.bairro'),
  coluna('cidade', 'devedor.endereco.cidade'),
  coluna('uf', 'devedor.endereco.uf'),
  coluna('contrato', 'contrato'),
  coluna('valor', 'valor_centavos'),
  coluna('vencimento', 'vencimento'),
  coluna('natureza', 'natureza'),
  coluna('faturas', 'faturas', false),
];

export const COLUNAS_POR_NOME = new Map(COLUNAS.map((c) => [c.nome, c]));

/** Several invoices share the `faturas` cell, separated by this. */
export const SEPARADOR_FATURAS = '|';

/** The CSV column holding an API field (`faturas.2` → `faturas`); the field itself if none. */
export function colunaDoCampo(campo: string): string {
  for (const c of COLUNAS) {
    if (campo === c.campo || campo.startsWith(`${c.campo}.`)) return c.nome;
  }
  return campo;
}

export interface ErroLinha {
  campo: string;
  codigo: string;
  mensagem: string;
}

/**
 * A CSV row (column → text) as the JSON body of `POST /v1/negativacoes`, plus the errors of
 * values that are not money or dates. Empty cells are left out, so the schema names them.
 */
export function csvParaPedido(dados: Record<string, string>): {
  pedido: Record<string, unknown>;
  erros: ErroLinha[];
} {
  const erros: ErroLinha[] = [];
  const texto = (nome: string) => (dados[nome] === '' ? undefined : dados[nome]);
  const opcional = (nome: string) => texto(nome) ?? null;
  for (const c of COLUNAS) {
    if (c.obrigatoria && texto(c.nome) === undefined) {
      erros.push({
        campo: c.nome,
        codigo: 'campo_obrigatorio',
        mensagem: `${c.nome} e obrigatorio`,
      });
    }
  }
  const valor = texto('valor');
  const valorCentavos = valor === undefined ? undefined : parseValorCentavos(valor);
  if (valorCentavos === null) {
    erros.push({
      campo: 'valor',
      codigo: 'valor_invalido',
      mensagem: `valor "${valor}" nao e um valor em reais (use 1234.56 ou 1.234,56)`,
    });
  }
  const data = (nome: string) => {
    const bruto = texto(nome);
    if (bruto === undefined) return undefined;
    const iso = parseData(bruto);
    if (iso === null) {
      erros.push({
        campo: nome,
        codigo: 'data_invalida',
        mensagem: `${nome} "${bruto}" nao e uma data (use dd/mm/aaaa ou aaaa-mm-dd)`,
      });
    }
    return iso ?? undefined;
  };
  const pedido = {
    credor: texto('credor'),
    devedor: {
      documento: texto('devedor_documento'),
      nome: texto('devedor_nome'),
      data_nascimento: data('devedor_data_nascimento') ?? null,
      endereco: {
        cep: texto('cep'),
        logradouro: texto('logradouro'),
        numero: opcional('numero'),
        complemento: opcional('complemento'),
        bairro: texto('bairro'),
        cidade: texto('cidade'),
        uf: texto('uf'),
      },
    },
    contrato: texto('contrato'),
    valor_centavos: valorCentavos ?? undefined,
    vencimento: data('vencimento'),
    natureza: texto('natureza'),
    faturas: (dados.faturas ?? '')
      .split(SEPARADOR_FATURAS)
      .map((fatura) => fatura.trim())
      .filter(Boolean),
  };
  return { pedido, erros };
}
