import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The Debian cluster serving 127.0.0.1:5432 (`ls /etc/postgresql`: the version directory). */
function cluster(): [string, string] {
  const version = readdirSync('/etc/postgresql').sort().at(-1);
  if (!version) throw new Error('no PostgreSQL cluster under /etc/postgresql');
  return [version, 'main'];
}

export async function postgresReady(): Promise<boolean> {
  try {
    await run('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-q']);
    return true;
  } catch {
    return false;
  }
}

async function waitReady(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await postgresReady())) {
    if (Date.now() > deadline) throw new Error(`PostgreSQL not ready after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/**
 * Restarts the server under every connection (`pg_ctlcluster … restart`: a fast shutdown that
 * terminates sessions, then a start) and waits until it accepts connections again. Returns how
 * long it was unavailable, ms.
 */
export async function restartPostgres(): Promise<number> {
  const startedAt = Date.now();
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', ...cluster(), 'restart']);
  await waitReady(60_000);
  return Date.now() - startedAt;
}

/** Starts the server if a failed restart left it down: never leave the machine without it. */
export async function ensurePostgresUp(): Promise<void> {
  if (await postgresReady()) return;
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', ...cluster(), 'start']).catch(
    () => undefined, // already starting: waitReady decides
  );
  await waitReady(60_000);
}
