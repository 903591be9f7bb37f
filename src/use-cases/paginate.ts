import { RequestError } from '../domain/errors.js';
import { isIdOf, type IdKind } from '../domain/ids.js';

/**
 * The `apos` cursor of a list of `kind` ids: the id of the last row of the previous page. Anything else would silently answer an empty or wrong page, so it is
 * refused; an empty `apos=` means the first page.
 */
export function cursorApos(apos: string | undefined, kind: IdKind): string | undefined {
  if (!apos) return undefined;
  if (!isIdOf(kind, apos)) {
    throw new RequestError(
      400,
      'cursor_invalido',
      'apos deve ser o campo proximo de uma pagina anterior desta lista',
      'apos',
    );
  }
  return apos;
}

/**
 * One page of a newest-first list: the query asked for `limite + 1` rows ordered by id
 * descending, and the extra row, if any, only tells that a next page exists.
 */
export function toPage<R extends { id: string }, V>(
  rows: R[],
  limite: number,
  present: (row: R) => V,
): { dados: V[]; proximo: string | null } {
  const page = rows.slice(0, limite);
  return { dados: page.map(present), proximo: rows.length > limite ? page.at(-1)!.id : null };
}
