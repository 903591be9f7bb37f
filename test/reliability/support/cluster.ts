import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnChild, type Child } from '../../support/spawn-child.js';
import type { TestDatabaseLocation } from '../../support/test-database.js';
import { startBalancer, type Balancer } from './balancer.js';

/** `serve`: HTTP only; `worker`: jobs only; `all`: both in one process. */
export type Role = 'serve' | 'worker' | 'all';

export interface Instance {
  name: string;
  role: Role;
  /** Pinned, so a restarted process is found where the dead one was. */
  port: number;
  child?: Child;
  /** Times this slot was started (1 + restarts). */
  starts: number;
}

export interface ApiAnswer {
  status: number;
  body: any;
}

export interface ClientStats {
  retries: number;
  /** Keys answered 409 `requisicao_em_andamento` at least once (held by a running or dead request). */
  heldKeys: number;
  /** Retries answered 409 naming what an earlier run of the same request created. */
  createdEarlier: number;
  /** What the retried attempts got: status code, or `sem_resposta` (cut or timed out). */
  retriedAnswers: Record<string, number>;
}

export interface Cluster {
  apiKey: string;
  balancer: Balancer;
  instances: Instance[];
  start(instance: Instance): Promise<void>;
  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  kill(instance: Instance): Promise<void>;
  /**
   * The public API through the balancer, retried like a careful client: the same
   * Idempotency-Key after a 5xx (never kept for idempotency), a cut connection or while the key
   * is held by the request it started, waiting out the key's lease when that request's process
   * died holding it (the re-run then answers what the first run created).
   */
  api(method: string, path: string, json?: unknown, idempotencyKey?: string): Promise<ApiAnswer>;
  /** Stats of the client side: retries and keys found held `em_andamento`. */
  readonly clientStats: ClientStats;
  close(): Promise<void>;
}

/** Settings every process of the scenario shares (CREDGATE_* as in production). */
export const CLUSTER_ENV = {
  // A dead process's jobs are taken over 3 s after its last heartbeat.
  CREDGATE_QUEUE_LEASE_MS: '3000',
  CREDGATE_QUEUE_POLL_INTERVAL_MS: '200',
  CREDGATE_QUEUE_BACKOFF_BASE_MS: '200',
  CREDGATE_QUEUE_BACKOFF_MAX_MS: '5000',
  // A transmission cut by a kill is sent again only if no webhook or lookup settles it by then.
  CREDGATE_NEGATIVACAO_JANELA_RECONCILIACAO_MS: '15000',
  CREDGATE_ACOMPANHAMENTO_LIMITE_GLOBAL_POR_SEGUNDO: '1000',
  // A key held by a killed request is taken over after 12 s (the default 60 s would only slow
  // the run down); the lease must outlast the request timeout.
  CREDGATE_HTTP_REQUEST_TIMEOUT_MS: '10000',
  CREDGATE_HTTP_IDEMPOTENCY_LEASE_MS: '12000',
};

/**
 * RELIABILITY_LOGS=<level> (warn, info, debug): each process logs at that level to
 * test-results/reliability/logs/<role>-<n>.log (appended across its restarts).
 */
const LOG_LEVEL = process.env.RELIABILITY_LOGS;
const LOG_DIR = LOG_LEVEL ? join(process.cwd(), 'test-results', 'reliability', 'logs') : undefined;

const API_DEADLINE_MS = 120_000;

/**
 * A free port below the kernel's ephemeral range (32768 and up on Linux), so that while a killed
 * process is down no outgoing connection on the machine can be given its port.
 */
async function stablePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

/**
 * credgate processes sharing one database behind one balancer, as a deployment runs them. Every
 * process gets the same master key, API key and public URL (the balancer's), plus `env`
 * (CREDGATE_* settings).
 */
export async function startCluster(
  location: TestDatabaseLocation,
  roles: Role[],
  env: Record<string, string>,
): Promise<Cluster> {
  const dataDir = mkdtempSync(join(tmpdir(), 'credgate-reliability-'));
  const apiKey = randomBytes(24).toString('hex');
  const instances: Instance[] = [];
  for (const [index, role] of roles.entries()) {
    instances.push({ name: `${role}-${index + 1}`, role, port: await stablePort(), starts: 0 });
  }
  const http = instances.filter((i) => i.role !== 'worker');
  const balancer = await startBalancer(http.map((i) => `http://127.0.0.1:${i.port}`));
  const shared = {
    TEST_DB_LOCATION: JSON.stringify(location),
    TEST_DATA_DIR: dataDir,
    TEST_MASTER_KEY: randomBytes(32).toString('base64'),
    TEST_API_KEY: apiKey,
    CREDGATE_HTTP_PUBLIC_URL: balancer.url,
    CREDGATE_ALLOW_PRIVATE_WEBHOOKS: 'true',
    ...(LOG_LEVEL ? { TEST_LOG_LEVEL: LOG_LEVEL } : {}),
    ...env,
  };
  const clientStats: ClientStats = {
    retries: 0,
    heldKeys: 0,
    createdEarlier: 0,
    retriedAnswers: {},
  };

  /** One try: resolves when the process listens, rejects with its stderr if it exits first. */
  const launch = async (instance: Instance) => {
    const child = spawnChild('reliability-app', {
      ...shared,
      TEST_ROLE: instance.role,
      TEST_PORT: String(instance.port),
    });
    let stderr = '';
    let ready = false;
    child.process.stderr?.on('data', (chunk: Buffer) => {
      if (!ready) stderr += chunk.toString();
      if (LOG_DIR) appendFileSync(join(LOG_DIR, `${instance.name}.log`), chunk);
    });
    const exited = new Promise<never>((_, reject) =>
      child.process.once('exit', (code, signal) =>
        reject(new Error(`${instance.name} exited (${code ?? signal}) before READY: ${stderr}`)),
      ),
    );
    // After READY an exit is a kill's doing, not a failed start.
    exited.catch(() => undefined);
    try {
      await Promise.race([child.waitForLine('READY', 60_000), exited]);
    } catch (error) {
      await child.kill();
      throw error;
    }
    ready = true;
    return child;
  };

  const start = async (instance: Instance) => {
    if (LOG_DIR) mkdirSync(LOG_DIR, { recursive: true });
    for (let attempt = 1; ; attempt++) {
      try {
        instance.child = await launch(instance);
        instance.starts++;
        return;
      } catch (error) {
        // Its port taken meanwhile (by another process's outgoing connection, say): as an
        // orchestrator would, start it again.
        if (attempt >= 5 || !/EADDRINUSE/.test((error as Error).message)) throw error;
        await sleep(500);
      }
    }
  };
  const kill = async (instance: Instance) => {
    await instance.child?.kill();
    instance.child = undefined;
  };

  /** One try; undefined when no answer came (a cut connection, a timeout). */
  const send = async (method: string, path: string, json: unknown, key: string | undefined) => {
    try {
      const response = await fetch(balancer.url + path, {
        method,
        headers: {
          authorization: `Bearer ${apiKey}`,
          ...(json === undefined ? {} : { 'content-type': 'application/json' }),
          ...(key ? { 'idempotency-key': key } : {}),
        },
        body: json === undefined ? undefined : JSON.stringify(json),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      const answer: ApiAnswer = { status: response.status, body: text ? JSON.parse(text) : null };
      return answer;
    } catch {
      return undefined;
    }
  };

  const api = async (method: string, path: string, json?: unknown, key?: string) => {
    const deadline = Date.now() + API_DEADLINE_MS;
    let held = false;
    for (;;) {
      const answer = await send(method, path, json, key);
      const holding =
        answer?.status === 409 && answer.body?.erro?.codigo === 'requisicao_em_andamento';
      if (answer && answer.status < 500 && !holding) return answer;
      if (holding && !held) {
        held = true;
        clientStats.heldKeys++;
      }
      if (Date.now() > deadline) {
        throw new Error(`${method} ${path}: no answer in ${API_DEADLINE_MS} ms`);
      }
      clientStats.retries++;
      const reason = answer ? String(answer.status) : 'sem_resposta';
      clientStats.retriedAnswers[reason] = (clientStats.retriedAnswers[reason] ?? 0) + 1;
      await sleep(200);
    }
  };

  await Promise.all(instances.map(start));
  return {
    apiKey,
    balancer,
    instances,
    start,
    kill,
    api,
    clientStats,
    async close() {
      await Promise.all(instances.map(kill));
      await balancer.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Chaos {
  readonly kills: number;
  readonly restarts: number;
  stop(): Promise<void>;
}

/**
 * Kills one process every `everyMs` (round robin: each role in turn) and starts it again on its
 * port, so one of them is always dead or coming back. Errors stop the loop and surface in `stop`.
 */
export function killRepeatedly(cluster: Cluster, everyMs: number): Chaos {
  let kills = 0;
  let restarts = 0;
  let stopped = false;
  const loop = (async () => {
    for (let turn = 0; !stopped; turn++) {
      await sleep(everyMs);
      if (stopped) break;
      const victim = cluster.instances[turn % cluster.instances.length];
      await cluster.kill(victim);
      kills++;
      await cluster.start(victim);
      restarts++;
    }
  })();
  return {
    get kills() {
      return kills;
    },
    get restarts() {
      return restarts;
    },
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
