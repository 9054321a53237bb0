/**
 * A dependency that is down (Redis, PostgreSQL, a SQLite file that can no longer be written) is
 * not a bug of the request that met it: the person gets a localised 503 with Retry-After, the
 * log gets one warning, and `/readyz` says which dependency it is. This file recognises such
 * errors by what the drivers throw; everything else stays an unexpected 500.
 */

/** Socket-level failures (Node), whichever driver met them. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** PostgreSQL: connection exceptions (08…), shutdowns (57P0…), too many connections. */
const POSTGRES_CODE = /^(08\d{3}|57P0[1-3]|53300)$/;

/** SQLite: the file is locked past busy_timeout, cannot be written, or the disk failed. */
const SQLITE_CODE = /^SQLITE_(BUSY|LOCKED|READONLY|IOERR|FULL|CANTOPEN)/;

/**
 * ioredis rejects commands with plain errors when the connection is not there (no offline
 * queue), was closed, or a command timed out, and with MaxRetriesPerRequestError when its
 * retries ran out.
 */
const REDIS_MESSAGES = [
  "Stream isn't writeable and enableOfflineQueue options is false",
  'Connection is closed.',
  'Command timed out',
];

/** pg rejects with plain errors when a pooled connection dies or cannot be made in time. */
const POSTGRES_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated',
  'timeout exceeded when trying to connect',
];

export function isOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || POSTGRES_CODE.test(code) || SQLITE_CODE.test(code)) return true;
  }
  if (error.name === 'MaxRetriesPerRequestError') return true;
  if (REDIS_MESSAGES.includes(error.message) || POSTGRES_MESSAGES.includes(error.message)) return true;
  // AggregateError from a connect() that tried several addresses.
  if (error instanceof AggregateError) return error.errors.some(isOutage);
  return false;
}

/** How long a client should wait before trying again, in seconds. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;
