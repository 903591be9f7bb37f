import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { trackMemory, type ProcessMemory } from './child-memory.js';
import { defer } from './cleanup.js';

export { readRssMB } from './child-memory.js';

/** Last resort: a child still alive when the harness exits is killed synchronously. */
const alive = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of alive) child.kill('SIGKILL');
});

export interface ChildHandle {
  pid: number;
  /** stdout + stderr so far (the tail, when very long). */
  output(): string;
  /** Resolves with the first match of `pattern` in the output. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Pino lines at level warn or above printed so far. */
  warnings(): string[];
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
  /** RSS sampled while it ran: at ready (first `waitFor` match), peak, and just before `stop`. */
  memory(): ProcessMemory;
}

const MAX_OUTPUT = 512 * 1024;

/** The parent's environment without credgate settings, so only what the benchmark sets applies. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith('CREDGATE_') || name === 'DATABASE_URL') delete env[name];
  }
  return { ...env, ...extra };
}

export function spawnChild(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): ChildHandle {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${name}`);
  alive.add(child);
  const memory = trackMemory(name, child.pid);
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    if (text.length > MAX_OUTPUT) text = text.slice(-MAX_OUTPUT);
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    child.once('exit', () => {
      alive.delete(child);
      for (const listener of listeners) listener();
      resolve();
    });
  });
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;

  const stop = async (graceMs = 5000) => {
    memory.finish();
    if (!hasExited()) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
  };
  const release = defer(`stop ${name} (pid ${child.pid})`, () => stop());

  return {
    pid: child.pid,
    output: () => text,
    warnings: () =>
      text
        .split('\n')
        .filter((line) => /"level":(40|50|60)\b/.test(line) || /^\s*(Error|credgate:)/.test(line)),
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(text);
          if (match) {
            finish();
            memory.ready();
            resolve(match);
          } else if (hasExited()) {
            finish();
            reject(new Error(`${name} exited (${child.exitCode ?? child.signalCode}): ${tail()}`));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`${name} printed no ${String(pattern)} in ${timeoutMs} ms: ${tail()}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    stop: () => release(),
    memory: () => memory.snapshot(),
  };

  function tail(): string {
    return text.slice(-2000);
  }
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ, 100 on every mainstream Linux build

function readTicks(pid: number | string): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after "pid (comm) ": state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  return readTicks(pid) / CLOCK_TICKS_PER_SECOND;
}

/** CPU seconds used so far by every process named `postgres` (the server and its backends). */
function postgresCpuSeconds(): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') {
        ticks += readTicks(entry);
      }
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}

export interface CpuShare {
  /** Percent of one core over the measured interval (200 = two cores busy). */
  serverPercent: number;
  /** This benchmark process, i.e. the load generator. */
  loadGeneratorPercent: number;
  /** All `postgres` processes on the machine (0 on SQLite unless something else uses PG). */
  postgresPercent: number;
}

/** Starts a CPU measurement; call the returned function at the end of the interval. */
export function measureCpu(serverPid: number): () => CpuShare {
  const wallStart = performance.now();
  const serverStart = readTicks(serverPid) / CLOCK_TICKS_PER_SECOND;
  const selfStart = process.cpuUsage();
  const pgStart = postgresCpuSeconds();
  return () => {
    const wall = (performance.now() - wallStart) / 1000;
    const self = process.cpuUsage(selfStart);
    const percent = (seconds: number) => Math.round((seconds / wall) * 100);
    return {
      serverPercent: percent(readTicks(serverPid) / CLOCK_TICKS_PER_SECOND - serverStart),
      loadGeneratorPercent: percent((self.user + self.system) / 1e6),
      postgresPercent: percent(postgresCpuSeconds() - pgStart),
    };
  };
}
