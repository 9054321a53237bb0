/**
 * The Redis client, set to fail fast: a request that needs Redis while it is down gets an error
 * at once (and a 503 page, see core/outage) rather than waiting in a queue for a reconnect.
 *
 * - `enableOfflineQueue: false`: while not connected, commands are refused immediately.
 * - `commandTimeout`: a Redis that accepts the connection but does not answer costs at most this.
 * - `maxRetriesPerRequest: 0`: a command is not resent after a reconnect (its caller has already
 *   been answered).
 * - `connectTimeout`: how long one connection attempt may take; reconnects go on in the
 *   background (ioredis' default strategy, at most 2 s apart) and `/readyz` reports the state.
 * - Connection errors are logged once per outage, not on every reconnect attempt (and never
 *   reach stderr as "Unhandled error event").
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export const REDIS_COMMAND_TIMEOUT_MS = 1000;
export const REDIS_CONNECT_TIMEOUT_MS = 2000;

/** Opens the client and waits (at most `REDIS_CONNECT_TIMEOUT_MS`) for it to be ready. */
export async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    lazyConnect: false,
  });
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger.warn(
      { err: { message: err.message, code: (err as { code?: unknown }).code } },
      'redis unavailable',
    );
  });
  redis.on('ready', () => {
    if (down) logger.info('redis available again');
    down = false;
  });
  if (redis.status !== 'ready') {
    // Ready, or not in time: either way the service starts, and /readyz tells which.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, REDIS_CONNECT_TIMEOUT_MS);
      function done(): void {
        clearTimeout(timer);
        redis.off('ready', done);
        resolve();
      }
      redis.on('ready', done);
    });
  }
  return redis;
}
