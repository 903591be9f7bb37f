import { RequestError } from '../../domain/errors.js';
import { checkNegativacao } from '../../domain/negativacao-rules.js';
import type { RegrasNegativacao } from '../../providers/contract.js';
import { chaveUnica } from '../negativacoes/negativacao-store.js';
import { linhaSchema, type Linha } from './linha-schema.js';
import { colunaDoCampo, csvParaPedido, type ErroLinha } from './lote-columns.js';

export type FormatoLote = 'csv' | 'json';

export interface LinhaValidada {
  /** 1-based data row number. */
  linha: number;
  /** The row as read. */
  dados: unknown;
  /** Empty when the row is valid. */
  erros: ErroLinha[];
  /** Valid rows: the request the confirmation turns into a negativacao. */
  pedido: Linha | null;
  /** Valid rows: creditor|debtor|contract, the key of "one active negativacao". */
  chave: string | null;
}

/**
 * Checks every row with the schema of `POST /v1/negativacoes`, then the guard rails
 * (`checkNegativacao`, which stops at the first failed rule), then "one active negativacao per
 * creditor + debtor + contract" within the file and against `ativas` (key → negativacao id).
 * CSV rows name their errors by column (`devedor_documento`), JSON rows by API field.
 */
export function validateLinhas(
  entradas: Array<{ dados: unknown; erro?: ErroLinha }>,
  formato: FormatoLote,
  regras: RegrasNegativacao,
  hoje: string,
): LinhaValidada[] {
  return entradas.map(({ dados, erro }, i) => ({
    linha: i + 1,
    dados,
    // A row that cannot be read (fields shifted) is reported as that alone.
    ...(erro
      ? { erros: [erro], pedido: null, chave: null }
      : validarLinha(dados, formato, regras, hoje)),
  }));
}

/** Marks as invalid the valid rows whose key an earlier row, or an active negativacao, holds. */
export function markDuplicates(linhas: LinhaValidada[], ativas: Map<string, string>): void {
  const primeira = new Map<string, number>();
  for (const linha of linhas) {
    if (!linha.chave) continue;
    const anterior = primeira.get(linha.chave);
    const existente = ativas.get(linha.chave);
    const mensagem =
      anterior !== undefined
        ? `repete credor, devedor e contrato da linha ${anterior}`
        : existente !== undefined
          ? `ja existe negativacao ativa ${existente} para este credor, devedor e contrato`
          : null;
    if (mensagem === null) {
      primeira.set(linha.chave, linha.linha);
      continue;
    }
    linha.erros.push({ campo: 'contrato', codigo: 'negativacao_duplicada', mensagem });
    linha.pedido = null;
    linha.chave = null;
  }
}

function validarLinha(
  dados: unknown,
  formato: FormatoLote,
  regras: RegrasNegativacao,
  hoje: string,
): Pick<LinhaValidada, 'erros' | 'pedido' | 'chave'> {
  const lida =
    formato === 'csv'
      ? csvParaPedido(dados as Record<string, string>)
      : { pedido: dados, erros: [] as ErroLinha[] };
  const erros = lida.erros;
  const parsed = linhaSchema.safeParse(lida.pedido);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      erros.push({
        campo: issue.path.map(String).join('.') || 'linha',
        codigo: 'campo_invalido',
        mensagem: issue.message,
      });
    }
  }
  let chave: string | null = null;
  if (parsed.success && erros.length === 0) {
    try {
      const divida = checkNegativacao(parsed.data, regras, hoje);
      chave = chaveUnica({
        credor: divida.credor,
        devedor_documento: divida.devedor.documento.numero,
        contrato: divida.contrato,
      });
    } catch (error) {
      if (!(error instanceof RequestError)) throw error;
      erros.push({ campo: error.campo ?? 'linha', codigo: error.codigo, mensagem: error.message });
    }
  }
  if (erros.length > 0) return { erros: porCampo(erros, formato), pedido: null, chave: null };
  return { erros, pedido: parsed.data!, chave };
}

/** One error per field (the first found: ours before the schema's generic one), named for the format. */
function porCampo(erros: ErroLinha[], formato: FormatoLote): ErroLinha[] {
  const vistos = new Set<string>();
  const unicos: ErroLinha[] = [];
  for (const erro of erros) {
    const campo = formato === 'csv' ? colunaDoCampo(erro.campo) : erro.campo;
    if (vistos.has(campo)) continue;
    vistos.add(campo);
    unicos.push({ ...erro, campo });
  }
  return unicos;
}
