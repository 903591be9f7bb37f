import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '../../support/wait-for.js';

/**
 * RELIABILITY_SCALE multiplies every count of the suite. The default, 1, is the full
 * numbers (5,000 negativacoes across Serasa and Tecnospeed and 5,000 BMP callbacks in the
 * multi-instance scenario), about 8 minutes on a 2-core machine; 0.25 runs in about 4.
 */
export const DEFAULT_SCALE = 1;
export const SCALE = Number(process.env.RELIABILITY_SCALE ?? DEFAULT_SCALE);

/** `full` at the chosen scale, never below `min`. */
export const scaled = (full: number, min = 1) => Math.max(min, Math.round(full * SCALE));

/** RELIABILITY_RATE: most negativacoes the host creates per second (BMP proposals: a quarter). */
export const RATE = Number(process.env.RELIABILITY_RATE ?? 60);

/**
 * The creation rate for `count` negativacoes: RATE, slowed so the load lasts at least
 * `minSeconds`, long enough for several kills (or the restart) to land in the middle of it at
 * any scale.
 */
export const rateFor = (count: number, max = RATE, minSeconds = 20) =>
  Math.min(max, Math.max(1, count / minSeconds));

/** RELIABILITY_KILL_EVERY_MS: the pause between two SIGKILLs (default 4 s). */
export const KILL_EVERY_MS = Number(process.env.RELIABILITY_KILL_EVERY_MS ?? 4000);

/** RELIABILITY_PROGRESS=1 prints what is still pending every 10 s. */
export const PROGRESS = process.env.RELIABILITY_PROGRESS === '1';

/**
 * `waitFor` with a probe too heavy to run every 10 ms (it reads thousands of rows or a
 * sandbox's whole record): at most once per `everyMs`.
 */
export async function waitForState<T>(
  probe: () => T | Promise<T>,
  description: string | (() => string),
  timeoutMs: number,
  everyMs = 500,
): Promise<NonNullable<T>> {
  let first = true;
  try {
    return await waitFor(
      async () => {
        if (!first) await sleep(everyMs);
        first = false;
        return probe();
      },
      'state',
      timeoutMs,
    );
  } catch (error) {
    // Said when the wait gives up, so it can tell how far things got.
    const said = typeof description === 'string' ? description : description();
    throw new Error(`Timed out after ${timeoutMs} ms waiting for ${said}`, { cause: error });
  }
}
