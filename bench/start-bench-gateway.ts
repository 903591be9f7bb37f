import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDatabase, type Database } from '../src/infra/db/connect-database.js';
import { defer } from './cleanup.js';
import { BENCH_PG_URL, createBenchSchema } from './pg.js';
import { childEnv, spawnChild, type ChildHandle } from './processes.js';

export interface BenchGateway {
  url: string;
  child: ChildHandle;
  /** The benchmark's own connection (pool of 1) to the gateway's database, for audits. */
  database: Database;
  /** POST with a body, GET without; throws on a non-2xx answer. */
  api: (path: string, body?: unknown) => Promise<Record<string, unknown>>;
  /** How the process was started, for the result's `command`. */
  describe(): string;
  close(): Promise<void>;
}

/**
 * A credgate process with workers (`bench/children/serve.ts`, production mode) over a fresh
 * SQLite file or PostgreSQL schema, with a bootstrap API key; `BENCH_CPU_PROF=<dir>` profiles it.
 */
export async function startBenchGateway(options: {
  dialect: 'sqlite' | 'postgres';
  repoRoot: string;
  /** Extra CREDGATE_* settings, shown in `describe()`. */
  env?: Record<string, string>;
}): Promise<BenchGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), `credgate-bench-${options.dialect}-`));
  const removeDir = defer(`remove ${dataDir}`, () =>
    rmSync(dataDir, { recursive: true, force: true }),
  );
  const schema = options.dialect === 'postgres' ? await createBenchSchema() : undefined;
  const apiKey = randomBytes(24).toString('hex');
  const env = childEnv({
    CREDGATE_MODE: 'production',
    CREDGATE_DATA_DIR: dataDir,
    CREDGATE_LOG_LEVEL: 'warn',
    CREDGATE_HTTP_HOST: '127.0.0.1',
    CREDGATE_BOOTSTRAP_API_KEY: apiKey,
    CREDGATE_MASTER_KEY: randomBytes(32).toString('base64'),
    BENCH_WORKERS: '1',
    ...options.env,
    ...(schema ? { DATABASE_URL: BENCH_PG_URL, BENCH_PG_SCHEMA: schema.name } : {}),
  });
  const args = [
    ...(process.env.BENCH_CPU_PROF
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
      : []),
    '--import',
    'tsx',
    'bench/children/serve.ts',
  ];
  const child = spawnChild(`credgate start (${options.dialect})`, args, env, options.repoRoot);
  const database = schema
    ? connectDatabase({ databaseUrl: BENCH_PG_URL, pgSchema: schema.name, pgPoolSize: 1 })
    : connectDatabase({ sqliteFile: join(dataDir, 'credgate.db') });
  const close = async () => {
    await database.close();
    await child.stop();
    await schema?.drop();
    await removeDir();
  };
  let url: string;
  try {
    url = (await child.waitFor(/^READY (http:\/\/\S+)/m, 60_000))[1].replace(/\/$/, '');
  } catch (error) {
    await close();
    throw error;
  }
  return {
    url,
    child,
    database,
    api: async (path, body) => {
      const response = await fetch(url + path, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok)
        throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
      return response.json() as Promise<Record<string, unknown>>;
    },
    describe: () =>
      [
        `node ${args.join(' ')} with BENCH_WORKERS=1`,
        ...Object.entries(options.env ?? {}).map(([name, value]) => `${name}=${value}`),
      ].join(', ') + (schema ? ` (schema ${schema.name})` : ''),
    close,
  };
}
