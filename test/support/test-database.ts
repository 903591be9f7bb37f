import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { connectDatabase, type Database } from '../../src/infra/db/connect-database.js';
import { migrateDatabase } from '../../src/infra/db/migrate-database.js';

export const TEST_PG_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function testBackend(): 'sqlite' | 'postgres' {
  return process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
}

/** Where a test database lives, so a second connection (another worker, a child process) can reach it. */
export interface TestDatabaseLocation {
  databaseUrl?: string;
  sqliteFile?: string;
  pgSchema?: string;
}

export interface TestDatabase {
  database: Database;
  location: TestDatabaseLocation;
  /** Opens another, independent connection (pool) to the same database. */
  connectAgain(): Database;
  cleanup(): Promise<void>;
}

/** A fresh, migrated database: a temp SQLite file, or a PostgreSQL schema of its own. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const extra: Database[] = [];
  let location: TestDatabaseLocation;
  let drop: () => Promise<void>;
  if (testBackend() === 'postgres') {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE SCHEMA "${schema}"`);
    location = { databaseUrl: TEST_PG_URL, pgSchema: schema };
    drop = () => adminQuery(`DROP SCHEMA "${schema}" CASCADE`);
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'credgate-test-'));
    location = { sqliteFile: join(dir, 'test.db') };
    drop = async () => rmSync(dir, { recursive: true, force: true });
  }
  const connect = () => connectDatabase({ ...location, pgPoolSize: 5 });
  const database = connect();
  await migrateDatabase(database);
  return {
    database,
    location,
    connectAgain() {
      const another = connect();
      extra.push(another);
      return another;
    },
    async cleanup() {
      await Promise.all([database, ...extra].map((d) => d.close().catch(() => undefined)));
      await drop();
    },
  };
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
