/**
 * Waits before each retry of a failed delivery: attempt 1 is immediate, attempt 2 waits 5 s
 * after it, ..., attempt 8 waits 10 h; a failed 8th attempt abandons the message (about 27.5 h
 * after the first).
 */
export const RETRY_SCHEDULE_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
] as const;

export const MAX_TENTATIVAS = RETRY_SCHEDULE_MS.length + 1;

/** Spread of each wait, ±10%, so endpoints that failed together are not retried together. */
const JITTER = 0.1;

/** The longest Retry-After honoured; a longer one is read as this. */
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/**
 * How long to wait after failed attempt number `tentativa` before the next one, or null when
 * it was the last. A Retry-After (429/503) is a floor: never earlier than the endpoint asked.
 */
export function retryDelayMs(
  tentativa: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number | null {
  const base = RETRY_SCHEDULE_MS[tentativa - 1];
  if (base === undefined) return null;
  const jittered = Math.round(base * (1 - JITTER + random() * 2 * JITTER));
  if (retryAfterMs === undefined) return jittered;
  return Math.max(jittered, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}
