export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so retries of
 * jobs that failed together (a provider outage) spread out instead of returning as a herd.
 * `attempt` is 1 for the first failure.
 */
export function computeBackoffMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exponential = policy.baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30);
  const capped = Math.min(exponential, policy.maxMs);
  return Math.round(capped / 2 + random() * (capped / 2));
}
