import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defer } from './cleanup.js';
import { childEnv, readRssMB, spawnChild, type ChildHandle } from './processes.js';
import { sleep } from './stats.js';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

interface Entry {
  args: string[];
  via: string;
  compileNote?: string;
}

/**
 * What `npm start` runs is `node dist/cli/main.js start`. A fresh dist/ is used as is; otherwise
 * the same tsc build goes to a temporary copy of the repository's layout instead of touching
 * dist/; tsx is the fallback when no JavaScript could be emitted.
 */
function resolveEntry(repoRoot: string): Entry {
  const dist = join(repoRoot, 'dist/cli/main.js');
  if (existsSync(dist) && statSync(dist).mtimeMs >= newestMtime(join(repoRoot, 'src'))) {
    return { args: ['dist/cli/main.js'], via: 'dist/ (npm start), up to date with src/' };
  }
  const buildRoot = mirrorRepository(repoRoot);
  const outDir = join(buildRoot, 'dist');
  const tsc = spawnSync(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', outDir],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  const built = join(outDir, 'cli/main.js');
  const compileNote =
    tsc.status === 0
      ? undefined
      : `tsc exited ${tsc.status}: ${(tsc.stdout + tsc.stderr).split('\n').slice(0, 3).join(' | ')}`;
  if (existsSync(built)) {
    return {
      args: [built],
      via: `dist/ ${existsSync(dist) ? 'older than src/' : 'missing'}: compiled with tsc -p tsconfig.build.json into a temporary dist/ (same JavaScript as npm start)`,
      compileNote,
    };
  }
  return {
    args: ['--import', 'tsx', 'src/cli/main.ts'],
    via: 'tsx (tsc emitted nothing; RSS includes the TypeScript loader)',
    compileNote,
  };
}

/**
 * A temporary directory whose entries link to the repository's (dist/ excepted): compiled code
 * reads its assets (the web console in src/, layouts/) relative to dist/, one level below the
 * root, so a build placed in its dist/ finds them as the real one does. Removed at exit.
 */
function mirrorRepository(repoRoot: string): string {
  const root = mkdtempSync(join(tmpdir(), 'credgate-bench-build-'));
  defer(`remove ${root}`, () => rmSync(root, { recursive: true, force: true }));
  for (const entry of readdirSync(repoRoot)) {
    if (entry === 'dist' || entry === '.git') continue;
    symlinkSync(join(repoRoot, entry), join(root, entry));
  }
  return root;
}

/** RSS of `credgate start` in demo mode (HTTP + workers + sandboxes), idle after start-up. */
export async function benchIdleRss(options: { repoRoot: string; settleMs: number }) {
  const entry = resolveEntry(options.repoRoot);
  const dataDir = mkdtempSync(join(tmpdir(), 'credgate-bench-idle-'));
  const removeDir = defer(`remove ${dataDir}`, () =>
    rmSync(dataDir, { recursive: true, force: true }),
  );
  const args = [...entry.args, 'start', '--port', '0'];
  let child: ChildHandle | undefined;
  try {
    child = spawnChild(
      'credgate start (demo)',
      args,
      childEnv({
        CREDGATE_MODE: 'demo',
        CREDGATE_DATA_DIR: dataDir,
        CREDGATE_HTTP_HOST: '127.0.0.1',
      }),
      options.repoRoot,
    );
    const startedAt = performance.now();
    await child.waitFor(/credgate ouvindo em (\S+)/, 60_000);
    const startupMs = Math.round(performance.now() - startedAt);
    await sleep(options.settleMs);
    const memory = readRssMB(child.pid);
    const warnings = child.warnings();
    return {
      command: `node ${args.join(' ')}`,
      via: entry.via,
      ...(entry.compileNote ? { compileNote: entry.compileNote } : {}),
      mode: 'demo',
      startupMs,
      settleMs: options.settleMs,
      ...memory,
      serverWarnings: { count: warnings.length, samples: warnings.slice(0, 3) },
    };
  } finally {
    await child?.stop();
    await removeDir();
  }
}

export type IdleRssResult = Awaited<ReturnType<typeof benchIdleRss>>;
