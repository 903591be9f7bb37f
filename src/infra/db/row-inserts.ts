import type { Insertable } from 'kysely';
import { oneOff } from './connect-database.js';
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
 * Appends the values of `insert` to `values`, row by row, and returns its shape and the shape's
 * key. A column left undefined is not set (its default applies), as Kysely does with the rows.
 */
export function describeInsert(
  insert: RowInsert,
  values: unknown[],
): { shape: InsertShape; key: string } {
  const columns: string[][] = [];
  let key: string = insert.table;
  let previous: string[] | undefined;
  for (const row of insert.rows as Record<string, unknown>[]) {
    const set: string[] = [];
    for (const column of Object.keys(row)) {
      const value = row[column];
      if (value === undefined) continue;
      set.push(column);
      values.push(value);
    }
    // Rows alike (the usual case) make a short key: the columns once, then one mark per row.
    key += previous && sameColumns(set, previous) ? '+' : `;${set.join(',')}`;
    previous = set;
    columns.push(set);
  }
  return { shape: { table: insert.table, columns }, key };
}

function sameColumns(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((column, i) => column === b[i]);
}

/**
 * The rows of `shape` with placeholders from `params` for values, read from `cursor.next` on
 * in the order `describeInsert` appended them.
 */
export function placeholderRows(
  shape: InsertShape,
  params: readonly unknown[],
  cursor: { next: number },
): Record<string, unknown>[] {
  return shape.columns.map((set) =>
    Object.fromEntries(set.map((column) => [column, params[cursor.next++]])),
  );
}

const insertStatement = prepareShapedQuery<InsertShape, never>((db, shape, params) =>
  db.insertInto(shape.table).values(placeholderRows(shape, params, { next: 0 })),
);

/** Inserts the rows with a statement compiled once per table and shape. */
export function insertRows(target: QueryTarget, insert: RowInsert): Promise<unknown> {
  const values: unknown[] = [];
  const { shape, key } = describeInsert(insert, values);
  return insertStatement(target, key, shape, values);
}

/** Under SQLite's cap of 32,766 parameters per statement (PostgreSQL's is 65,535). */
const MAX_PARAMETERS = 30_000;

/** `rows` cut into multi-row INSERTs of at most MAX_PARAMETERS values each. */
export function insertBatches<R extends object>(rows: R[]): R[][] {
  if (rows.length === 0) return [];
  const perInsert = Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(rows[0]).length));
  const batches: R[][] = [];
  for (let i = 0; i < rows.length; i += perInsert) batches.push(rows.slice(i, i + perInsert));
  return batches;
}

/**
 * Many rows (a lote's chunk) in insertBatches. Unlike insertRows these statements are not kept
 * compiled, nor prepared by PostgreSQL: every batch size would be a shape of its own.
 */
export async function insertManyRows(target: QueryTarget, insert: RowInsert): Promise<void> {
  for (const batch of insertBatches(insert.rows as object[])) {
    await target.db.insertInto(insert.table).values(batch).modifyEnd(oneOff).execute();
  }
}
