import type { RecordLayout } from './layout-types.js';

/**
 * One record of a response: where it sits in the received text, the layout it was read with
 * (none for an unknown type) and the raw text of each field, untrimmed, in layout order.
 */
export class DecodedRecord {
  constructor(
    /** The whole response text (latin1); the record is `source.slice(start, end)`. */
    readonly source: string,
    readonly start: number,
    readonly end: number,
    /** Record type (`B358`); for an unknown type, its first 4 bytes. */
    readonly registro: string,
    /** Sub-type value read at the family's sub-type position, when the family has one. */
    readonly subtipo: string | undefined,
    readonly layout: RecordLayout | undefined,
    readonly campos: readonly string[],
  ) {}

  /** The record as received, made on demand so decoding does not copy every record twice. */
  get bruto(): string {
    return this.source.slice(this.start, this.end);
  }

  /** An echo of a request record (P002, P005, P006, ...) rather than an answer. */
  get eco(): boolean {
    return this.layout?.direcao === 'entrada';
  }

  /** Raw text of the field `id`, or undefined when the layout has no such field. */
  campo(id: string): string | undefined {
    const i = this.layout?.index.get(id);
    return i === undefined ? undefined : this.campos[i];
  }
}
