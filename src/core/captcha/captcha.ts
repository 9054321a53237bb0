/**
 * The self-hosted captcha of the recovery forms (Dnevnik.ru's «Введите символы с картинки»), in
 * two kinds a realm chooses from: a picture of five digits (the default), and a proof of work
 * the browser solves by itself (the accessible alternative; see pow.ts).
 *
 * Rules:
 * - The answer never leaves the server in readable form: the picture is pixels (image.ts), the
 *   page gets only a signed token. The digits are a keyed function of the token's nonce, and
 *   the picture is drawn from a keyed stream of the same nonce (randomness.ts): any instance can
 *   draw or check a token any other issued, and the same token is always the same picture.
 * - A page costs no drawing: it embeds the token and `<img src=…/captcha/<token>.png>`; the
 *   picture is drawn only when a browser asks for it (`picture`), and that address is throttled
 *   per IP (web/captcha-picture.ts). A browser that solves the proof of work never asks.
 * - Storage: a challenge is a signed, self-contained token, and only *answered* challenges are
 *   remembered (replay.ts: the database, or Redis when configured). Showing a form therefore
 *   writes nothing — a flood of page views can neither fill storage nor push real users' pictures
 *   out. The token is `kind.nonce.expiry.check.mac`: the MAC (keyed hash, purpose 'captcha')
 *   covers everything before it, `check` is the keyed hash of nonce ‖ digits for a picture (five
 *   digits can't be brute-forced from it without the server secret) or the SHA-256 challenge
 *   for a proof of work.
 * - Single use: the first verification of a genuine, unexpired token consumes it, whether the
 *   answer was right or wrong — one try per picture — and any later one says 'reused'. A token
 *   that fails its MAC or a missing answer consumes nothing ('malformed'). A consumed or expired
 *   picture is not drawn again.
 * - The proof of work's difficulty follows the recent volume of proof-of-work answers from the
 *   IP and the realm (pressure.ts), when the caller says where a challenge goes (`origin`).
 * - Expiry (default 10 minutes) is measured with the injected clock.
 * - `accept` lets a realm that allows only the picture refuse proof-of-work tokens, which the
 *   same secret signs.
 * - The test hook `revealForTests` exists only on an instance created with `testHooks: true`,
 *   which is refused when NODE_ENV is 'production'; there is no other way to learn an answer.
 * - Comparing answers: digits only, spaces anywhere and full-width digits tolerated (NFKC), case
 *   folded (irrelevant for digits, kept in case a realm ever uses letters).
 */

import type { Redis } from 'ioredis';
import type { Clock } from '../clock.js';
import { keyedHasher, newId } from '../crypto/secrets.js';
import { renderDigitsPng } from './image.js';
import { newPowNumber, type PowChallenge, powChallenge, powNumber, powSalt, powSolves } from './pow.js';
import type { CaptchaOrigin, PowPressure } from './pressure.js';
import { keyedRandomness } from './randomness.js';
import { memoryReplayGuard, type ReplayGuard, redisReplayGuard } from './replay.js';

export type { CaptchaOrigin } from './pressure.js';

export type CaptchaKind = 'image' | 'pow';
export const CAPTCHA_KINDS: readonly CaptchaKind[] = ['image', 'pow'];

/** What a realm allows: the picture, the proof of work, or both (picture without JavaScript). */
/**
 * 'image-pow-on-request': the picture, with a link to the same form checked by proof of work
 * instead — the way past the picture for a person who cannot see it (both kinds accepted).
 */
export type CaptchaPolicy = 'image' | 'pow' | 'image-or-pow' | 'image-pow-on-request';

export interface CaptchaChallenge {
  /** The token to send back as `captcha_id`; for 'image' also the picture's address. */
  readonly id: string;
  readonly kind: CaptchaKind;
  /** For 'pow': the ALTCHA v1 challenge for the solver script. */
  readonly pow?: PowChallenge;
}

export type CaptchaVerdict = 'ok' | 'wrong' | 'expired' | 'reused' | 'malformed';

export interface Captcha {
  /** A new challenge; `origin` (realm and IP) sets the proof of work's difficulty. */
  issue(kind: CaptchaKind, origin?: CaptchaOrigin): Promise<CaptchaChallenge>;
  /**
   * Checks the answer to a challenge and consumes the challenge (on 'ok' and on 'wrong').
   * Takes the raw form values, so a missing field or an array is just 'malformed'. `origin`
   * counts the answer in the volume that raises the proof of work's difficulty.
   */
  verify(
    id: unknown,
    answer: unknown,
    accept?: readonly CaptchaKind[],
    origin?: CaptchaOrigin,
  ): Promise<CaptchaVerdict>;
  /**
   * A picture challenge ready to be drawn (`draw` returns the PNG); null unless `id` is a
   * genuine picture token that has neither expired nor been answered. Split in two so that the
   * caller can count the request between the cheap checks and the drawing.
   */
  picture(id: unknown): Promise<{ readonly draw: () => Buffer } | null>;
  /** Test hook: the answer of a challenge this instance issued. Absent unless `testHooks`. */
  revealForTests?(id: string): string | null;
}

export interface CaptchaDeps {
  readonly secret: string;
  readonly clock: Clock;
  /** The shared replay set (database or Redis, see replay.ts). */
  readonly replay?: ReplayGuard;
  /** Without `replay`: a Redis client to keep the set in; without either, memory (unit tests). */
  readonly redis?: Redis | null;
  /** Raises the proof of work's difficulty with recent volume; without it, always the base. */
  readonly pressure?: PowPressure;
}

export interface CaptchaOptions {
  /** How long a challenge lives. Default 10 minutes. */
  readonly ttlMs?: number;
  /** Adds `revealForTests`. Refused when NODE_ENV is 'production'. */
  readonly testHooks?: boolean;
  /**
   * The proof of work's base maxnumber (the browser tries half of it on average), before
   * pressure raises it. Default 100 000.
   */
  readonly powDifficulty?: number;
  /** Digits in the picture. Default 5, as on Dnevnik.ru. */
  readonly digits?: number;
  /** Cap on answered challenges remembered in memory (no Redis). Default 100 000. */
  readonly maxRemembered?: number;
}

const DEFAULT_TTL_MS = 10 * 60_000;
const DEFAULT_POW_DIFFICULTY = 100_000;
const DEFAULT_DIGITS = 5;
const DEFAULT_MAX_REMEMBERED = 100_000;
/** Longer than any honest answer (5 digits with spaces, or a 10-digit number). */
const MAX_ANSWER_LENGTH = 64;
const MAX_TOKEN_LENGTH = 200;

const TOKEN = /^([ip])\.([A-Za-z0-9_-]{22})\.([0-9a-z]{1,11})\.([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/;
const KIND_CODE: Readonly<Record<CaptchaKind, string>> = { image: 'i', pow: 'p' };

interface Token {
  readonly kind: CaptchaKind;
  readonly nonce: string;
  readonly expiresAt: number;
  readonly check: string;
}

const hexToB64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64url');
const b64ToHex = (b64: string): string => Buffer.from(b64, 'base64url').toString('hex');

/** Digits as typed: NFKC (full-width digits), no whitespace anywhere, case folded. */
export function normalizeCaptchaAnswer(answer: string): string {
  return answer.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
}

export function createCaptcha(deps: CaptchaDeps, options: CaptchaOptions = {}): Captcha {
  if (options.testHooks === true && process.env.NODE_ENV === 'production') {
    throw new Error('captcha test hooks cannot be enabled in production');
  }
  if (deps.secret.length < 16) throw new Error('the captcha needs the service secret');
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const powDifficulty = options.powDifficulty ?? DEFAULT_POW_DIFFICULTY;
  const digitCount = options.digits ?? DEFAULT_DIGITS;
  if (!(ttlMs > 0) || !Number.isInteger(powDifficulty) || powDifficulty < 1 || powDifficulty > 1e9) {
    throw new RangeError('invalid captcha options');
  }
  if (!Number.isInteger(digitCount) || digitCount < 1 || digitCount > 8)
    throw new RangeError('1 to 8 digits');

  const hasher = keyedHasher(deps.secret);
  // ALTCHA signs with a plain HMAC key; derive one so the service secret itself is never used
  // outside keyedHasher's purpose-separated construction.
  const altchaKey = hasher.hash('captcha', 'altcha-v1-hmac-key');
  // The nonce is hashed with the digits: otherwise equal answers would give equal hashes, and a
  // table of 100 000 solved pictures would answer every future one.
  const answerInput = (nonce: string, digits: string): string => `answer\0${nonce}\0${digits}`;
  const tokenInput = (payload: string): string => `token\0${payload}`;
  // The digits of a picture: a keyed function of its nonce (48 bits reduced modulo 10^n, a bias
  // below 10^-6), so the picture can be drawn on request without storing anything.
  const digitsOf = (nonce: string): string => {
    const value = Number.parseInt(hasher.hash('captcha', `digits\0${nonce}`).slice(0, 12), 16);
    return String(value % 10 ** digitCount).padStart(digitCount, '0');
  };
  const pictureKey = Buffer.from(hasher.hash('captcha', 'picture-stream-key'), 'hex');
  const replay: ReplayGuard =
    deps.replay ??
    (deps.redis
      ? redisReplayGuard(deps.redis, deps.clock)
      : memoryReplayGuard(deps.clock, options.maxRemembered ?? DEFAULT_MAX_REMEMBERED));
  const revealed = options.testHooks === true ? new Map<string, string>() : null;

  const seal = (token: Token): string => {
    const payload = `${KIND_CODE[token.kind]}.${token.nonce}.${token.expiresAt.toString(36)}.${token.check}`;
    return `${payload}.${hexToB64(hasher.hash('captcha', tokenInput(payload)))}`;
  };

  /** The token's fields when it is well formed and carries our MAC, else null. */
  const open = (id: unknown): Token | null => {
    if (typeof id !== 'string' || id.length > MAX_TOKEN_LENGTH) return null;
    const m = TOKEN.exec(id);
    if (!m) return null;
    const [, code, nonce, expiry, check, tag] = m;
    if (!code || !nonce || !expiry || !check || !tag) return null;
    const payload = id.slice(0, id.length - tag.length - 1);
    if (!hasher.matches('captcha', tokenInput(payload), b64ToHex(tag))) return null;
    const expiresAt = Number.parseInt(expiry, 36);
    if (!Number.isSafeInteger(expiresAt)) return null;
    return { kind: code === 'i' ? 'image' : 'pow', nonce, expiresAt, check };
  };

  const captcha: Captcha = {
    async issue(kind, origin) {
      const nonce = newId();
      const expiresAt = deps.clock.now() + ttlMs;
      if (kind === 'image') {
        const digits = digitsOf(nonce);
        revealed?.set(nonce, digits);
        const id = seal({
          kind,
          nonce,
          expiresAt,
          check: hexToB64(hasher.hash('captcha', answerInput(nonce, digits))),
        });
        return { id, kind };
      }
      const maxnumber =
        origin && deps.pressure ? await deps.pressure.difficulty(origin, powDifficulty) : powDifficulty;
      const secretNumber = newPowNumber(maxnumber);
      revealed?.set(nonce, String(secretNumber));
      const pow = powChallenge(powSalt(nonce, expiresAt), secretNumber, maxnumber, altchaKey);
      const id = seal({ kind, nonce, expiresAt, check: hexToB64(pow.challenge) });
      return { id, kind, pow };
    },

    async verify(id, answer, accept = CAPTCHA_KINDS, origin) {
      const token = open(id);
      if (!token || !accept.includes(token.kind)) return 'malformed';
      if (typeof answer !== 'string' || answer.length > MAX_ANSWER_LENGTH) return 'malformed';
      const normalized = normalizeCaptchaAnswer(answer);
      if (normalized.length === 0) return 'malformed';
      if (origin && deps.pressure && token.kind === 'pow') await deps.pressure.record(origin);
      if (deps.clock.now() >= token.expiresAt) return 'expired';
      // Consume before comparing: of two racing submissions only one is ever judged.
      if (!(await replay.claim(token.nonce, token.expiresAt))) return 'reused';
      if (token.kind === 'image') {
        const right =
          /^[0-9]+$/.test(normalized) &&
          hasher.matches('captcha', answerInput(token.nonce, normalized), b64ToHex(token.check));
        return right ? 'ok' : 'wrong';
      }
      const number = powNumber(normalized, 9_999_999_999);
      return number !== null &&
        powSolves(powSalt(token.nonce, token.expiresAt), number, b64ToHex(token.check))
        ? 'ok'
        : 'wrong';
    },

    async picture(id) {
      const token = open(id);
      if (token?.kind !== 'image' || deps.clock.now() >= token.expiresAt) return null;
      if (await replay.used(token.nonce)) return null;
      return { draw: () => renderDigitsPng(digitsOf(token.nonce), keyedRandomness(pictureKey, token.nonce)) };
    },
  };

  if (revealed) {
    captcha.revealForTests = (id) => {
      const m = TOKEN.exec(id);
      return m?.[2] ? (revealed.get(m[2]) ?? null) : null;
    };
  }
  return captcha;
}

/** The kinds a policy accepts at verification. */
export function acceptedKinds(policy: CaptchaPolicy): readonly CaptchaKind[] {
  return policy === 'image-or-pow' || policy === 'image-pow-on-request' ? CAPTCHA_KINDS : [policy];
}

/**
 * The challenges a form shows under a policy: the main one, and for 'image-or-pow' the proof of
 * work the script swaps in when JavaScript runs (the picture stays the no-script default).
 */
export async function issueForPolicy(
  captcha: Captcha,
  policy: CaptchaPolicy,
  origin?: CaptchaOrigin,
  requested?: CaptchaKind,
): Promise<{ readonly challenge: CaptchaChallenge; readonly alternative?: CaptchaChallenge }> {
  if (policy === 'image-pow-on-request') {
    return { challenge: await captcha.issue(requested ?? 'image', origin) };
  }
  if (policy === 'image-or-pow') {
    return { challenge: await captcha.issue('image'), alternative: await captcha.issue('pow', origin) };
  }
  return { challenge: await captcha.issue(policy, origin) };
}
