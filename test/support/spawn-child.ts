import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestDatabaseLocation } from './test-database.js';

export interface Child {
  process: ChildProcess;
  /** Resolves with the first stdout line starting with `prefix` (without the prefix). */
  waitForLine(prefix: string, timeoutMs?: number): Promise<string>;
  kill(): Promise<void>;
}

/** Runs a TypeScript file under test/support/children in its own Node process. */
export function spawnChild(name: string, env: Record<string, string>): Child {
  const script = fileURLToPath(new URL(`./children/${name}.ts`, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  const listeners: Array<() => void> = [];
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  });
  child.stderr.on('data', (chunk: Buffer) => void (errors += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    process: child,
    waitForLine(prefix, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = output.split('\n').find((l) => l.startsWith(prefix));
          if (line) {
            clearTimeout(timer);
            resolve(line.slice(prefix.length).trim());
          }
        };
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `child ${name} printed no "${prefix}" in ${timeoutMs} ms; stderr: ${errors}`,
              ),
            ),
          timeoutMs,
        );
        listeners.push(check);
        check();
        void exited.then(() => setTimeout(check, 0));
      });
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface AppProcesses {
  apiKey: string;
  /** Starts one more `serve-app` child (HTTP + workers); resolves once it listens. */
  start: (extraEnv?: Record<string, string>) => Promise<{ child: Child; url: string }>;
  /** Kills every child started and removes the shared data dir. */
  close: () => Promise<void>;
}

/**
 * credgate processes sharing one database, master key and API key, as a deployment's would;
 * `port` pins them to one port so that a restarted process is found where the dead one was.
 */
export function appProcesses(
  location: TestDatabaseLocation,
  options: { port?: number } = {},
): AppProcesses {
  const dataDir = mkdtempSync(join(tmpdir(), 'credgate-processes-'));
  const apiKey = randomBytes(24).toString('hex');
  const env = {
    TEST_DB_LOCATION: JSON.stringify(location),
    TEST_DATA_DIR: dataDir,
    TEST_MASTER_KEY: randomBytes(32).toString('base64'),
    TEST_API_KEY: apiKey,
    ...(options.port === undefined ? {} : { TEST_PORT: String(options.port) }),
  };
  const children: Child[] = [];
  return {
    apiKey,
    start: async (extraEnv = {}) => {
      const child = spawnChild('serve-app', { ...env, ...extraEnv });
      children.push(child);
      return { child, url: await child.waitForLine('READY') };
    },
    close: async () => {
      await Promise.all(children.map((c) => c.kill()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
