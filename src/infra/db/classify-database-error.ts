/**
 * Socket failures reaching the database. Outgoing calls never let theirs escape raw (provider
 * calls wrap them in HttpFailure, webhook URL checks in UnresolvedHostError), so one reaching
 * the API's error handler came from the database driver.
 */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that is going away or not accepting us yet: class 08 (connection
 * exception), 57P01-57P03 (admin shutdown, crash shutdown, starting up) and 53300 (every
 * connection slot taken), all of which pass once the server is back.
 */
const SQLSTATE_UNAVAILABLE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;

/**
 * node-postgres and pg-pool raise these as plain Errors with no code: the server closed the
 * socket, the client is dead after such an error, or no connection came within the pool's wait.
 */
const PG_CONNECTION_MESSAGES = [
  /^Connection terminated/,
  /^Client has encountered a connection error and is not queryable$/,
  /^timeout exceeded when trying to connect$/,
];

/**
 * True when `error` says the database cannot be reached right now (a restart, a network cut,
 * a SQLite write lock held past busy_timeout): the request was fine and may succeed if sent
 * again. Everything else (constraint violations, bad SQL, our bugs) stays a failure of ours.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    if (isUnavailable(current)) return true;
    const { cause, errors } = current as { cause?: unknown; errors?: unknown };
    pending.push(cause);
    // Node reports a refused connection to every address of a host as one AggregateError.
    if (Array.isArray(errors)) pending.push(...(errors as unknown[]));
  }
  return false;
}

function isUnavailable(error: object): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (SOCKET_CODES.has(code) || SQLSTATE_UNAVAILABLE.test(code)) return true;
    // better-sqlite3 after busy_timeout: SQLITE_BUSY and its extended codes.
    if (code.startsWith('SQLITE_BUSY')) return true;
  }
  return (
    typeof message === 'string' && PG_CONNECTION_MESSAGES.some((pattern) => pattern.test(message))
  );
}
