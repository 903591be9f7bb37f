import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { RequestError } from '../../src/domain/errors.js';
import { isDatabaseUnavailable } from '../../src/infra/db/classify-database-error.js';
import { HttpFailure } from '../../src/providers/send-http.js';
import { freePort } from '../support/free-port.js';

/** The error a real driver raises, not one shaped by hand. */
async function caught(work: () => unknown): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

function pgError(code: string, message = 'x'): Error {
  const error = new pg.DatabaseError(message, message.length, 'error');
  error.code = code;
  return error;
}

async function tcpServer(onConnection: (socket: Socket) => void) {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(resolve));
  };
  return { close, port: (server.address() as { port: number }).port };
}

describe('isDatabaseUnavailable', () => {
  const servers: Array<{ close(): Promise<unknown> }> = [];
  const dir = mkdtempSync(join(tmpdir(), 'credgate-busy-'));
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('recognises node-postgres failing to reach or keep a server', async () => {
    const closedPort = await freePort();
    const refused = await caught(() =>
      new pg.Client({ connectionString: `postgres://u:p@127.0.0.1:${closedPort}/x` }).connect(),
    );
    expect((refused as { code: string }).code).toBe('ECONNREFUSED');
    expect(isDatabaseUnavailable(refused)).toBe(true);

    const hangUp = await tcpServer((socket) => socket.destroy());
    servers.push(hangUp);
    const terminated = await caught(() =>
      new pg.Client({ connectionString: `postgres://u@127.0.0.1:${hangUp.port}/x` }).connect(),
    );
    expect((terminated as Error).message).toBe('Connection terminated unexpectedly');
    expect(isDatabaseUnavailable(terminated)).toBe(true);

    // A server that accepts and never speaks; the pool's one client is stuck connecting.
    const silent = await tcpServer(() => undefined);
    servers.push(silent);
    const pool = new pg.Pool({
      connectionString: `postgres://u@127.0.0.1:${silent.port}/x`,
      connectionTimeoutMillis: 100,
      max: 1,
    });
    const first = caught(() => pool.connect());
    const waited = await caught(() => pool.connect());
    expect((waited as Error).message).toBe('timeout exceeded when trying to connect');
    expect(isDatabaseUnavailable(waited)).toBe(true);
    expect((await first) as Error).toHaveProperty(
      'message',
      'Connection terminated due to connection timeout',
    );
    expect(isDatabaseUnavailable(await first)).toBe(true);
    await pool.end();
  });

  it('recognises the SQLSTATEs of a server going down or not up yet, and no others', () => {
    for (const code of ['08000', '08003', '08006', '08001', '08P01', '57P01', '57P02', '57P03']) {
      expect(isDatabaseUnavailable(pgError(code)), code).toBe(true);
    }
    expect(isDatabaseUnavailable(pgError('53300', 'sorry, too many clients already'))).toBe(true);
    // Constraint, syntax, missing table, serialization, deadlock, query cancelled: ours to fix.
    for (const code of ['23505', '42601', '42P01', '40001', '40P01', '57014', '22P02']) {
      expect(isDatabaseUnavailable(pgError(code)), code).toBe(false);
    }
  });

  it('recognises SQLite busy past its timeout, not its other errors', async () => {
    const file = join(dir, 'busy.db');
    const holder = new SqliteDatabase(file);
    holder.pragma('journal_mode = WAL');
    holder.exec('create table t (x integer primary key)');
    const other = new SqliteDatabase(file);
    other.pragma('busy_timeout = 0');
    holder.exec('begin immediate');
    try {
      const busy = await caught(() => other.exec('insert into t values (1)'));
      expect((busy as { code: string }).code).toBe('SQLITE_BUSY');
      expect(isDatabaseUnavailable(busy)).toBe(true);
    } finally {
      holder.exec('rollback');
    }
    other.exec('insert into t values (1)');
    const duplicate = await caught(() => other.exec('insert into t values (1)'));
    expect((duplicate as { code: string }).code).toMatch(/^SQLITE_CONSTRAINT/);
    expect(isDatabaseUnavailable(duplicate)).toBe(false);
    const badSql = await caught(() => other.exec('select * from nada'));
    expect(isDatabaseUnavailable(badSql)).toBe(false);
    holder.close();
    other.close();
  });

  it('looks through causes and aggregated attempts', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1:5432'), {
      code: 'ECONNREFUSED',
    });
    expect(isDatabaseUnavailable(new Error('query failed', { cause: refused }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([refused], 'every address refused'))).toBe(
      true,
    );
    const loop = new Error('loop') as Error & { cause?: unknown };
    loop.cause = loop;
    expect(isDatabaseUnavailable(loop)).toBe(false);
  });

  it('leaves bugs, refusals and provider outages alone', () => {
    expect(
      isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')")),
    ).toBe(false);
    expect(isDatabaseUnavailable(new RequestError(409, 'negativacao_duplicada', 'x'))).toBe(false);
    // A provider's refused connection is the provider's outage, wrapped before it gets here.
    expect(
      isDatabaseUnavailable(new HttpFailure('rede', false, 'connect ECONNREFUSED 10.0.0.1:443')),
    ).toBe(false);
    expect(isDatabaseUnavailable(new Error('connect ECONNREFUSED in a message only'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable('Connection terminated')).toBe(false);
  });
});
