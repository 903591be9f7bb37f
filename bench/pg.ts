import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { defer } from './cleanup.js';

export const BENCH_PG_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function adminQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: BENCH_PG_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export interface BenchSchema {
  name: string;
  /** Drops the schema (once; also run by the global cleanup on Ctrl-C or failure). */
  drop(): Promise<void>;
}

/** A schema of the benchmark's own, `bench_<random>`, dropped at the end. */
export async function createBenchSchema(): Promise<BenchSchema> {
  const name = `bench_${randomBytes(5).toString('hex')}`;
  await adminQuery(`CREATE SCHEMA "${name}"`);
  const drop = defer(`drop schema ${name}`, async () => {
    await adminQuery(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  });
  return { name, drop };
}

/** True once a session is LISTENing on `channel` (its last statement was the LISTEN). */
export async function isListening(channel: string): Promise<boolean> {
  const rows = await adminQuery<{ total: string }>(
    `select count(*) as total from pg_stat_activity where query = $1`,
    [`LISTEN "${channel}"`],
  );
  return Number(rows[0]?.total ?? 0) > 0;
}

/** How many sessions LISTEN on `channel` (each worker process holds one). */
export async function listeningSessions(channel: string): Promise<number> {
  const rows = await adminQuery<{ total: string }>(
    `select count(*) as total from pg_stat_activity where query = $1`,
    [`LISTEN "${channel}"`],
  );
  return Number(rows[0]?.total ?? 0);
}
