import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
