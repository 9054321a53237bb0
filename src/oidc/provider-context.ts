/**
 * oidc-provider keeps each request's context in one AsyncLocalStorage. On Node 20 an enabled
 * AsyncLocalStorage turns on promise hooks for every promise of the process, and it stays enabled
 * once the first OpenID Connect request has run: from then on every request, the session check
 * and the signed-in pages included, paid for it (20–30 µs each in process, measured; UserInfo's
 * fast path 240 µs of server CPU on Node 20 against 170 on Node 24, where AsyncLocalStorage has
 * no such hooks).
 *
 * So on Node 20 the mount counts the provider's requests in flight and disables the storage when
 * the last one has finished (Koa's handler has settled, its answer written); the provider's next request enables it again (`run` does). Nothing of
 * the provider outlives its response: its events' work is awaited before the answer leaves
 * (request-context.ts, `alongside`), and what runs outside a provider request (interactions,
 * revocations from the settings) never had a context. Node 22 and later keep the context in the
 * async context frame and are left alone.
 */
import als from 'oidc-provider/lib/helpers/als.js';

const major = Number(process.versions.node.split('.')[0]);
/** Whether this runtime pays promise hooks for an enabled AsyncLocalStorage. */
export const hooksCostPromises = major < 22;

let inFlight = 0;

/** A provider request starts; call the returned function when Koa's handler has settled. */
export function providerRequestStarted(): () => void {
  if (!hooksCostPromises) return () => {};
  inFlight++;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    inFlight--;
    if (inFlight === 0) als.disable();
  };
}

/** Provider requests in flight (tests). */
export function providerRequestsInFlight(): number {
  return inFlight;
}
