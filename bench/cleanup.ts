/**
 * Resources the benchmark creates (child processes, PostgreSQL schemas, temp dirs) register a
 * cleanup here. Normal code releases them in `finally`; Ctrl-C and fatal errors run whatever is
 * still registered, so nothing outlives the run.
 */
type Action = () => Promise<void> | void;

const pending = new Map<number, { name: string; action: Action }>();
let nextId = 0;

/** Registers `action`; the returned function runs it once (later calls are no-ops). */
export function defer(name: string, action: Action): () => Promise<void> {
  const id = nextId++;
  pending.set(id, { name, action });
  return async () => {
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    await entry.action();
  };
}

/** Runs every cleanup still registered, newest first; failures are reported, never thrown. */
export async function runPendingCleanups(): Promise<void> {
  const entries = [...pending.entries()].reverse();
  pending.clear();
  for (const [, { name, action }] of entries) {
    try {
      await action();
    } catch (error) {
      process.stderr.write(`cleanup "${name}" failed: ${String(error)}\n`);
    }
  }
}

export function installSignalCleanup(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: cleaning up...\n`);
      void runPendingCleanups().finally(() => process.exit(130));
    });
  }
}
