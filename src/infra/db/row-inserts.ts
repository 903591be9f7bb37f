import type { Insertable } from 'kysely';
import { prepareShapedQuery, type QueryTarget } from './prepared-query.js';
import type { DB } from './schema.js';

/** Rows to insert into one table. */
export type RowInsert = { [T in keyof DB]: { table: T; rows: Insertable<DB[T]>[] } }[keyof DB];

/** A RowInsert without its values: the table and the columns each row sets. */
export interface InsertShape {
  table: keyof DB;
  columns: string[][];
}

/**
 * The shape of `insert`, its key, and its values put in `params` as `<prefix>.<row>.<column>`.
 * A column left undefined is not set (its default applies), as Kysely does with the rows.
 */
export function describeInsert(
  prefix: string,
  insert: RowInsert,
  params: Record<string, unknown>,
): { shape: InsertShape; key: string } {
  const columns: string[][] = [];
  let key = `${insert.table}:`;
  let previous = '';
  insert.rows.forEach((row, r) => {
    const set = Object.keys(row).filter(
      (column) => (row as Record<string, unknown>)[column] !== undefined,
    );
    for (const column of set) params[`${prefix}.${r}.${column}`] = (row as never)[column];
    const signature = set.join(',');
    // Rows alike (the usual case) make a short key: the columns once, then the row count.
    key += signature === previous ? '+' : `;${signature}`;
    previous = signature;
    columns.push(set);
  });
  return { shape: { table: insert.table, columns }, key };
}

/** The rows of `shape` with the placeholders of `params` in place of values, for building. */
export function placeholderRows(
  prefix: string,
  shape: InsertShape,
  params: Record<string, unknown>,
): Record<string, unknown>[] {
  return shape.columns.map((set, r) =>
    Object.fromEntries(set.map((column) => [column, params[`${prefix}.${r}.${column}`]])),
  );
}

const insertStatement = prepareShapedQuery<InsertShape, never>((db, shape, params) =>
  db.insertInto(shape.table).values(placeholderRows('', shape, params)),
);

/** Inserts the rows with a statement compiled once per table and shape. */
export function insertRows(target: QueryTarget, insert: RowInsert): Promise<unknown> {
  const params: Record<string, unknown> = {};
  const { shape, key } = describeInsert('', insert, params);
  return insertStatement(target, key, shape, params);
}
