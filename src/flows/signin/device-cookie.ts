/**
 * Known devices (OWASP's "device cookies"): after a successful sign-in the browser gets a cookie
 * that says "this person signed in here before". A later sign-in of that person from that
 * browser is counted against the device's own budget instead of the login's shared one, so an
 * attacker guessing from elsewhere slows down everyone but cannot lock the owner out of their
 * usual device.
 *
 * - The cookie holds up to MAX_ENTRIES entries (a family computer, a classroom's), newest first.
 *   An entry is `<id>.<day issued>.<MAC>`: 128 random bits naming the device's budget, the day
 *   (days since the epoch) it was issued, and HMAC(service secret, "device", realm ‖ person ‖ id ‖
 *   day). It names no one: only the server can tell whose it is, by checking the MAC with the
 *   person the typed login belongs to.
 * - An entry counts only for its realm and person, and for `deviceDays` after it was issued.
 *   Anything else in the cookie (forged, expired, malformed, too long) is simply not a known
 *   device; it never causes an error.
 * - `HttpOnly`, `SameSite=Lax`, `Secure` with the `__Host-` prefix outside demo mode, like the
 *   session cookie; it lives `deviceDays`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBase64url } from '../../core/crypto/random-pool.js';
import type { KeyedHasher } from '../../core/crypto/secrets.js';

const MAX_ENTRIES = 5;
const MAX_COOKIE = 1024;
const ENTRY = /^([A-Za-z0-9_-]{22})\.(\d{1,6})\.([0-9a-f]{64})$/;
const DAY_MS = 86_400_000;

export function deviceCookieName(realmId: string, secure: boolean): string {
  return `${secure ? '__Host-' : ''}propusk_device_${realmId}`;
}

export function readDeviceCookie(request: FastifyRequest, realmId: string, secure: boolean): string | null {
  return request.cookies[deviceCookieName(realmId, secure)] ?? null;
}

export function setDeviceCookie(
  reply: FastifyReply,
  realmId: string,
  value: string,
  secure: boolean,
  days: number,
): void {
  reply.setCookie(deviceCookieName(realmId, secure), value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: days * 86_400,
  });
}

interface Entry {
  readonly id: string;
  readonly day: number;
  readonly mac: string;
  readonly text: string;
}

function entries(cookie: string | null): Entry[] {
  if (!cookie || cookie.length > MAX_COOKIE) return [];
  const found: Entry[] = [];
  for (const text of cookie.split('~').slice(0, MAX_ENTRIES)) {
    const m = ENTRY.exec(text);
    if (m) found.push({ id: m[1] as string, day: Number(m[2]), mac: m[3] as string, text });
  }
  return found;
}

export interface DeviceClaim {
  readonly realmId: string;
  readonly personId: string;
  /** Now, ms since the epoch. */
  readonly now: number;
  /** How long an entry counts after it was issued (the realm's `throttle.deviceDays`). */
  readonly days: number;
}

export interface KnownDevices {
  /** The device id in `cookie` issued to this person of this realm and still valid, or null. */
  deviceOf(cookie: string | null, claim: DeviceClaim): string | null;
  /** The cookie after a successful sign-in: a fresh entry for this person first, the others kept. */
  afterSignin(cookie: string | null, claim: DeviceClaim): string;
}

export function knownDevices(keyed: KeyedHasher): KnownDevices {
  const signed = (c: DeviceClaim, id: string, day: number): string =>
    `${c.realmId}\u0000${c.personId}\u0000${id}\u0000${day}`;
  const belongs = (e: Entry, c: DeviceClaim): boolean =>
    keyed.matches('device', signed(c, e.id, e.day), e.mac);
  const today = (now: number): number => Math.floor(now / DAY_MS);

  return {
    deviceOf(cookie, claim) {
      const day = today(claim.now);
      for (const e of entries(cookie)) {
        const fresh = e.day <= day && day - e.day < claim.days;
        if (fresh && belongs(e, claim)) return e.id;
      }
      return null;
    },
    afterSignin(cookie, claim) {
      const id = randomBase64url(16);
      const day = today(claim.now);
      const entry = `${id}.${day}.${keyed.hash('device', signed(claim, id, day))}`;
      const others = entries(cookie)
        .filter((e) => !belongs(e, claim))
        .map((e) => e.text);
      return [entry, ...others].slice(0, MAX_ENTRIES).join('~');
    },
  };
}
