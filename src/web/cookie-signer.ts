/**
 * The signer of signed cookies (the CSRF secret's): @fastify/cookie's HMAC, with the values it
 * verified kept. A browser sends the same signed cookie with every page, and every page with a
 * form checks it to make its CSRF token; under load the HMAC and its comparison cost about as much
 * as a tenth of the profile page.
 *
 * Only a value that verified against the current key is kept (a forged or stale one is checked
 * every time and never fills the map), and what is kept is a pure function of the cookie and the
 * key: nothing kept can go stale while the process lives with one key.
 *
 * A stranger can still fill the map with cookies the service really issued (every form page
 * without one sets a new CSRF secret). That only pushes others out: their next check computes
 * the HMAC again, as it did before anything was kept. The map stays bounded, what it answers
 * is always what the HMAC answers, and whether a value is kept is visible only in the time of
 * a cookie its sender already holds.
 */
import { signerFactory, type UnsignResult } from '@fastify/cookie';
import { kept } from '../core/kept.js';

/** Signed cookies kept as verified; at about 150 bytes each, under 1 MiB. */
export const KEPT_SIGNED = 4096;

/** What @fastify/cookie takes as its `secret` when it is a signer. */
export interface CookieSigner {
  sign(value: string): string;
  unsign(signed: string): UnsignResult;
}

/** `inner` is @fastify/cookie's own signer with `secret`; given here only to be counted in tests. */
export function cookieSigner(secret: string, inner: CookieSigner = signerFactory(secret)): CookieSigner {
  const verified = kept<string, UnsignResult>(KEPT_SIGNED);
  return {
    sign: (value) => inner.sign(value),
    unsign(signed) {
      const known = verified.get(signed);
      if (known) return known;
      const result = inner.unsign(signed);
      if (result.valid && !result.renew) verified.keep(signed, Object.freeze({ ...result }));
      return result;
    },
  };
}
