/**
 * A layout file, an input value or a response that does not fit the B49C layouts. `field` names
 * the layout field or input key at fault and `file` the layout file when one is involved. The
 * message never repeats the value: it may be a CPF, a CMC7 or a logon.
 */
export class LayoutError extends Error {
  override readonly name = 'LayoutError';

  constructor(
    readonly field: string,
    readonly reason: string,
    readonly file?: string,
  ) {
    super(`${file === undefined ? '' : `${file}: `}${field}: ${reason}`);
  }
}
