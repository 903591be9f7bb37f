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
