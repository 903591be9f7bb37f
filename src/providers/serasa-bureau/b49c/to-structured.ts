import { convertField, type TypedValue } from './convert-field.js';
import type { DecodedRecord } from './decoded-record.js';
import type {
  DecodedResponse,
  ErroConsistencia,
  MensagemInformativa,
  Situacao,
} from './decode-response.js';

/** A record with typed values keyed by field name without the record prefix, and its raw text. */
export interface RegistroEstruturado {
  readonly registro: string;
  readonly subtipo?: string;
  readonly campos: Record<string, TypedValue>;
  readonly bruto: string;
}

export interface RespostaEstruturada {
  readonly situacao: Situacao;
  readonly funcao: string;
  readonly cabecalho: RegistroEstruturado;
  readonly trailer: {
    readonly codigo: string;
    readonly mensagem: string;
    readonly bruto: string;
  } | null;
  readonly mensagens: readonly MensagemInformativa[];
  readonly erros: readonly ErroConsistencia[];
  /** Request records echoed back (P002, P006, ...). */
  readonly ecos: readonly RegistroEstruturado[];
  /** Answer records grouped by type, in the order received. */
  readonly registros: Readonly<Record<string, readonly RegistroEstruturado[]>>;
  /** Records of a type (or sub-type) with no layout, kept as received. */
  readonly desconhecidos: readonly { readonly registro: string; readonly bruto: string }[];
  readonly avisos: readonly string[];
}

/**
 * The decoded response as JSON for people and APIs: typed values (ISO dates or null, integers,
 * centavos, trimmed text; see {@link convertField}), fillers left out, the raw string beside
 * every record. A separate pass, so decoding alone stays a loop of slices.
 */
export function toStructured(resposta: DecodedResponse): RespostaEstruturada {
  const ecos: RegistroEstruturado[] = [];
  const registros: Record<string, RegistroEstruturado[]> = {};
  const desconhecidos: { registro: string; bruto: string }[] = [];
  for (const record of resposta.registros) {
    if (record.layout === undefined) {
      desconhecidos.push({ registro: record.registro, bruto: record.bruto });
    } else if (record.eco) {
      ecos.push(structure(record));
    } else {
      (registros[record.registro] ??= []).push(structure(record));
    }
  }
  const { trailer } = resposta;
  return {
    situacao: resposta.situacao,
    funcao: resposta.funcao,
    cabecalho: structure(resposta.cabecalho),
    trailer:
      trailer === undefined
        ? null
        : { codigo: trailer.codigo, mensagem: trailer.mensagem, bruto: trailer.registro.bruto },
    mensagens: resposta.mensagens,
    erros: resposta.erros,
    ecos,
    registros,
    desconhecidos,
    avisos: resposta.avisos,
  };
}

function structure(record: DecodedRecord): RegistroEstruturado {
  const { layout } = record;
  const campos: Record<string, TypedValue> = {};
  if (layout !== undefined) {
    const prefix = `${layout.registro}_`;
    for (const [i, id] of layout.ids.entries()) {
      if (!layout.visible[i]) continue;
      const name = id.startsWith(prefix) ? id.slice(prefix.length) : id;
      campos[name] = convertField(layout, i, record.campos[i] ?? '');
    }
  }
  return {
    registro: record.registro,
    ...(record.subtipo === undefined ? {} : { subtipo: record.subtipo }),
    campos,
    bruto: record.bruto,
  };
}
