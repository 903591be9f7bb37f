import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  type Driver,
  Kysely,
  PostgresDialect,
  type PostgresPool,
  type PostgresPoolClient,
  sql,
  SqliteDialect,
  type SqliteDatabase as SqliteDialectDatabase,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import { GroupCommit } from './group-commit.js';
import type { QueryTarget } from './prepared-query.js';
import type { DB } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseOptions {
  /** postgres://… for PostgreSQL; otherwise the SQLite file path. */
  databaseUrl?: string;
  sqliteFile?: string;
  /** PostgreSQL schema to use (tests isolate themselves in one schema each). */
  pgSchema?: string;
  pgPoolSize?: number;
  onPoolError?: (error: Error) => void;
}

/** A transaction that can run code once it has committed (wake workers, answer callers). */
export interface Tx {
  db: Transaction<DB>;
  dialect: Dialect;
  afterCommit(hook: () => void): void;
}

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** Present on PostgreSQL: connection string + schema, for LISTEN connections. */
  pg?: { connectionString: string; schema: string; channelPrefix: string };
  transact<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * One statement committed on its own: on SQLite it joins the group commit (see GroupCommit);
   * on PostgreSQL it runs as a single autocommit statement, one round trip.
   */
  commitOne<T>(work: (target: QueryTarget) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// int8 (COUNT(*), bigint centavos) arrives as a string by default; our values fit in 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export function connectDatabase(options: DatabaseOptions): Database {
  const db = options.databaseUrl ? connectPostgres(options) : connectSqlite(options);
  const { dialect } = db;
  // PostgreSQL commits concurrent transactions on separate connections; SQLite has one writer.
  const group = dialect === 'sqlite' ? new GroupCommit(db.db) : undefined;
  const database: Database = {
    ...db,
    transact(work) {
      if (group) {
        return group.run(({ db: trx, afterCommit }) => work({ db: trx, dialect, afterCommit }));
      }
      return transactAlone(database.db, dialect, work);
    },
    commitOne: (work) =>
      group ? group.run((tx) => work({ db: tx.db, dialect })) : work({ db: database.db, dialect }),
    close: () => database.db.destroy(),
  };
  return database;
}

/**
 * SQLSTATEs after which PostgreSQL has rolled the whole transaction back and running it again is
 * the documented remedy: a deadlock (two transactions each waiting on a row the other holds, e.g.
 * a webhook replay and a delivery recording its answer) and a serialization failure.
 */
const RETRYABLE = new Set(['40P01', '40001']);
const TRANSACTION_ATTEMPTS = 3;

async function transactAlone<T>(
  db: Kysely<DB>,
  dialect: Dialect,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    // A rolled-back attempt's hooks must not run: each attempt collects its own.
    const hooks: Array<() => void> = [];
    try {
      const result = await db
        .transaction()
        .execute((trx) => work({ db: trx, dialect, afterCommit: (hook) => hooks.push(hook) }));
      for (const hook of hooks) hook();
      return result;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= TRANSACTION_ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) {
        throw error;
      }
      // A few random milliseconds, so the two transactions do not meet again in step.
      await sleep(Math.random() * 10 * attempt);
    }
  }
}

function connectSqlite(options: DatabaseOptions): Pick<Database, 'db' | 'dialect'> {
  const file = options.sqliteFile ?? './data/credgate.db';
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit that returned survives power loss, which "stored before acknowledged" needs.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  // 64 MiB of page cache (the default is 2 MiB): the job and negativacao indexes stay in memory
  // instead of being re-read through the OS on every statement.
  sqlite.pragma('cache_size = -65536');
  // Statements with RETURNING or an IN (subquery) build temporary tables; on disk (the default)
  // each one creates a file, which made an empty job claim cost 0.5 ms instead of 0.04 ms.
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('foreign_keys = ON');
  return {
    db: new Kysely<DB>({
      dialect: new ImmediateSqliteDialect({ database: cacheStatements(sqlite) }),
    }),
    dialect: 'sqlite',
  };
}

/**
 * Transactions start with BEGIN IMMEDIATE: every one of ours writes, and taking the write lock
 * up front lets busy_timeout wait for another process's commit. A deferred BEGIN that read first
 * would instead fail at its first write (SQLITE_BUSY_SNAPSHOT) when another process (a separate
 * `credgate worker`) committed in between, and with group commit take its whole batch with it.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = (connection) =>
      connection.executeQuery(CompiledQuery.raw('begin immediate')).then(() => undefined);
    return driver;
  }
}

const STATEMENT_CACHE_SIZE = 200;

/**
 * Kysely prepares every query anew, and preparing costs more than running a small query, so
 * prepared statements are kept by SQL text. Kysely runs one statement at a time on its single
 * SQLite connection, so sharing a prepared statement is safe.
 */
function cacheStatements(sqlite: SqliteDatabase.Database): SqliteDialectDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let statement = cache.get(text);
      if (!statement) {
        statement = sqlite.prepare(text);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
        cache.set(text, statement);
      }
      return statement;
    },
  };
}

function connectPostgres(options: DatabaseOptions): Pick<Database, 'db' | 'dialect' | 'pg'> {
  const connectionString = options.databaseUrl!;
  const schema = options.pgSchema ?? 'public';
  const pool = new pg.Pool({
    connectionString,
    max: options.pgPoolSize ?? 10,
    options: `-c search_path=${quoteIdent(schema)}`,
  });
  // An idle client dropped by a database restart emits here; without a listener it kills the process.
  pool.on('error', (error) => options.onPoolError?.(error));
  return {
    db: new Kysely<DB>({
      dialect: new PostgresDialect({ pool: preparingStatements(pool, options.onPoolError) }),
    }),
    dialect: 'postgres',
    pg: {
      connectionString,
      schema,
      channelPrefix: schema === 'public' ? 'credgate' : `credgate_${schema}`,
    },
  };
}

const PREPARED_STATEMENT_LIMIT = 500;

const ONE_OFF_MARK = '/* one-off */';

/**
 * Appended (`.modifyEnd(oneOff)`) to statements whose text is rarely run twice, such as a lote's
 * multi-row inserts, whose text changes with the row count: PostgreSQL connections then do not
 * keep them prepared, nor do they use up the limit's names.
 */
export const oneOff = sql.raw(ONE_OFF_MARK);

/**
 * Kysely sends every statement unnamed, so both sides parse it on every run. Naming each SQL
 * text lets a connection prepare it once and then only bind and execute it, which costs this
 * process about a third less CPU per query. Texts past the limit (generated IN lists, say) go
 * unnamed, so a connection never holds more than the limit's worth of prepared statements.
 */
function preparingStatements(pool: pg.Pool, onError?: (error: Error) => void): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (
      name === undefined &&
      names.size < PREPARED_STATEMENT_LIMIT &&
      !text.endsWith(ONE_OFF_MARK)
    ) {
      name = `credgate_${names.size}`;
      names.set(text, name);
    }
    return name;
  };
  // Kysely keys its connection objects by client, so a client keeps one wrapper.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        // pg-pool listens for errors only while a client is idle. A checked-out client whose
        // connection the server ends between two statements (a restart, an admin command)
        // emits 'error' with no listener, which kills the process; with this one the statement
        // fails instead and the pool discards the client on release.
        client.on('error', (error) => onError?.(error));
        wrapper = {
          query: ((text: string, values: unknown[]) =>
            client.query({
              name: nameOf(text),
              text,
              values,
            })) as unknown as PostgresPoolClient['query'],
          release: () => client.release(),
        };
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/i.test(name)) throw new Error(`Invalid identifier: ${name}`);
  return `"${name}"`;
}
