/** S: left-aligned, space-filled. N: right-aligned, zero-filled (seed 002). */
export type FieldType = 'S' | 'N';

export const HEADER_SIZE = 400;
export const RECORD_SIZE = 115;
export const HEADER_TYPE = 'B49C';
/** The request trailer: `T999` and 111 blanks (research 9.3). */
export const REQUEST_TRAILER = 'T999'.padEnd(RECORD_SIZE, ' ');

/**
 * One record layout, compiled once from its XML file into parallel arrays, so decoding a record is
 * a loop of slices over precomputed offsets.
 */
export interface RecordLayout {
  /** The XML file it came from, for error messages. */
  readonly file: string;
  /** Record type: the value of its first field (`B358`, `P006`, `B49C`). */
  readonly registro: string;
  /** Sub-type value this layout applies to (`1` for B370 tipo 1, `CLC6` for F900), if any. */
  readonly subtipo: string | undefined;
  /** 0-based offset and length of the sub-type inside the record; length 0 when there is none. */
  readonly subtipoInicio: number;
  readonly subtipoTamanho: number;
  readonly tamanho: number;
  /** `entrada`: a request record (also echoed back in responses); `saida`: a response record. */
  readonly direcao: 'entrada' | 'saida';
  readonly ids: readonly string[];
  readonly types: readonly FieldType[];
  /** 0-based start and end (exclusive) of each field inside the record. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Default value of each field, unpadded (`<value>` of the XML). */
  readonly defaults: readonly string[];
  /** `<format>` of each field: a date pattern, `centavos`, `inteiro`, `texto`, `decimal:N`. */
  readonly formats: readonly (string | undefined)[];
  /** False for the record-type field and fillers (`*_FILLER`, `*_RES<n>`): left out of the outputs. */
  readonly visible: readonly boolean[];
  readonly index: ReadonlyMap<string, number>;
  /** Counter key of a repeating record (`B358_NUMPEFIN`); single-occurrence records have none. */
  readonly counter: string | undefined;
  /** Min/max date keys over the records of this layout (`B358_MENORDTPENDPAG`, ...). */
  readonly dateAggregate: { field: number; menor: string; maior: string } | undefined;
}

/** A record type with its layouts: one general and/or one per sub-type value. */
export interface LayoutFamily {
  readonly registro: string;
  readonly subtipoInicio: number;
  readonly subtipoTamanho: number;
  readonly porSubtipo: ReadonlyMap<string, RecordLayout>;
  readonly geral: RecordLayout | undefined;
}

/** Type of an `<entrada>` key, as the seed names them (Java types). */
export type EntradaType = 'String' | 'Integer' | 'Double' | 'Date' | 'Boolean';

/** One key of the input map (seed 002 `<entrada>`, plus this project's attributes). */
export interface EntradaField {
  readonly key: string;
  readonly description: string;
  readonly type: EntradaType;
  readonly format: string;
  /** `sempre`, or the FL_HABILITA_* flag that makes the key required. */
  readonly required: string | undefined;
  readonly defaultValue: string | undefined;
  readonly values: readonly string[] | undefined;
  /** Layout fields that receive the value, in order, when it is not the field of the same id. */
  readonly campos: readonly string[] | undefined;
}

export interface LayoutSet {
  readonly dir: string;
  readonly cabecalho: RecordLayout;
  /** Request option records (P002, P005, P006, B141...) in request order. */
  readonly opcoes: readonly RecordLayout[];
  /** Every record type a response may carry, by {@link recordKey} of its 4-character type. */
  readonly familias: ReadonlyMap<number, LayoutFamily>;
  readonly layouts: readonly RecordLayout[];
  readonly entrada: readonly EntradaField[];
}

/**
 * The 4-character record type at `offset` as one integer, so dispatch is a Map lookup with no
 * string allocated per record. Bytes are latin1, so each fits 8 bits.
 */
export function recordKey(text: string, offset: number): number {
  return (
    ((text.charCodeAt(offset) << 24) |
      (text.charCodeAt(offset + 1) << 16) |
      (text.charCodeAt(offset + 2) << 8) |
      text.charCodeAt(offset + 3)) >>>
    0
  );
}

export const FILLER_ID = /_(FILLER\d*|RES\d*|RESERVADO)$/;
