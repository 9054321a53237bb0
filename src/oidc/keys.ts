/**
 * The providers' signing keys (ES256 and RS256), in the database so that every instance signs
 * with the same keys; the private parts sealed with the service secret (AES-GCM, `sealed.ts`).
 *
 * A key's life, for each algorithm:
 *
 *   pending  — published, not yet signing: a rotation makes the new key sign only after
 *              `ACTIVATION_DELAY_MS`, so that every instance (they reload keys every
 *              `RELOAD_MS`) publishes it before any token signed with it exists;
 *   signing  — the newest active key signs;
 *   retired  — a newer key signs; still published, for `RETIRED_PUBLISHED_MS`, until every token
 *              it signed has expired (ID tokens live an hour) and an application can still use
 *              its last ID token as a logout hint the same day;
 *   gone     — no longer published; the janitor deletes the row.
 *
 * A key that is not signing is handed to oidc-provider with `key_ops: ["verify"]`, which keeps
 * it out of the choice of a signing key and says so in the published JWKS.
 */
import { createHash, generateKeyPair, type JsonWebKey, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import type { JsonObject } from 'oidc-provider';
import type { Clock } from '../core/clock.js';
import { HOUR, MINUTE } from '../core/clock.js';
import type { Sealer } from '../core/crypto/sealed.js';
import type { Database } from '../db/schema.js';

export const SIGNING_ALGS = ['ES256', 'RS256'] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];

/** How often an instance looks for new keys. */
export const RELOAD_MS = 30_000;
/** A rotated key signs after this: every instance has published it by then. */
export const ACTIVATION_DELAY_MS = 2 * RELOAD_MS;
/** How long a retired key stays published. */
export const RETIRED_PUBLISHED_MS = 24 * HOUR;

export type KeyState = 'pending' | 'signing' | 'retired' | 'gone';

export interface KeyInfo {
  readonly kid: string;
  readonly alg: SigningAlg;
  readonly state: KeyState;
  readonly createdAt: number;
  readonly activeFrom: number;
  readonly publishedUntil: number | null;
}

export interface KeySet {
  /** Private JWKs for oidc-provider: signing keys first, the others marked verify-only. */
  readonly keys: readonly JsonObject[];
  /** Changes whenever the set or a key's state changes. */
  readonly version: string;
  /** The next moment a key changes state by itself (activation, end of publication). */
  readonly nextChangeAt: number | null;
}

export interface SigningKeyStore {
  /** Makes sure each algorithm has a key that is or will be signing (first start). */
  ensure(): Promise<void>;
  /** New keys for every algorithm, signing after `ACTIVATION_DELAY_MS`; the current ones retire then. */
  rotate(): Promise<KeyInfo[]>;
  load(): Promise<KeySet>;
  list(): Promise<KeyInfo[]>;
  /** Deletes keys no longer published; returns how many. */
  deleteGone(): Promise<number>;
}

const generate = promisify(generateKeyPair);

async function newKeyPair(alg: SigningAlg): Promise<{ publicJwk: JsonWebKey; privateJwk: JsonWebKey }> {
  const pair: { publicKey: KeyObject; privateKey: KeyObject } =
    alg === 'ES256'
      ? await generate('ec', { namedCurve: 'P-256' })
      : await generate('rsa', { modulusLength: 2048 });
  return {
    publicJwk: pair.publicKey.export({ format: 'jwk' }),
    privateJwk: pair.privateKey.export({ format: 'jwk' }),
  };
}

/** RFC 7638: the SHA-256 of the required members in lexicographic order. */
export function thumbprint(jwk: JsonWebKey): string {
  const members =
    jwk.kty === 'EC'
      ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
      : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

interface Row {
  readonly kid: string;
  readonly alg: string;
  readonly private_jwk: string;
  readonly created_at: number;
  readonly active_from: number;
  readonly retired_at: number | null;
  readonly published_until: number | null;
}

function stateAt(row: Row, now: number): KeyState {
  if (row.published_until !== null && row.published_until <= now) return 'gone';
  if (row.retired_at !== null && row.retired_at <= now) return 'retired';
  return row.active_from <= now ? 'signing' : 'pending';
}

function isAlg(value: string): value is SigningAlg {
  return (SIGNING_ALGS as readonly string[]).includes(value);
}

export function signingKeyStore(db: Kysely<Database>, sealer: Sealer, clock: Clock): SigningKeyStore {
  const rows = (): Promise<Row[]> =>
    db
      .selectFrom('oidc_signing_keys')
      .select(['kid', 'alg', 'private_jwk', 'created_at', 'active_from', 'retired_at', 'published_until'])
      .orderBy('active_from', 'desc')
      .orderBy('kid')
      .execute();

  const info = (row: Row, now: number): KeyInfo => ({
    kid: row.kid,
    alg: isAlg(row.alg) ? row.alg : 'RS256',
    state: stateAt(row, now),
    createdAt: row.created_at,
    activeFrom: row.active_from,
    publishedUntil: row.published_until,
  });

  async function insert(alg: SigningAlg, activeFrom: number): Promise<Row> {
    const { publicJwk, privateJwk } = await newKeyPair(alg);
    const kid = thumbprint(publicJwk);
    const row = {
      kid,
      alg,
      public_jwk: JSON.stringify({ ...publicJwk, kid, alg, use: 'sig' }),
      private_jwk: sealer.seal(JSON.stringify({ ...privateJwk, kid, alg, use: 'sig' })),
      created_at: clock.now(),
      active_from: activeFrom,
      retired_at: null,
      published_until: null,
    };
    await db.insertInto('oidc_signing_keys').values(row).execute();
    return row;
  }

  return {
    async ensure() {
      const current = (await rows()).filter((r) => r.retired_at === null);
      for (const alg of SIGNING_ALGS) {
        if (!current.some((r) => r.alg === alg)) await insert(alg, clock.now());
      }
    },

    async rotate() {
      const now = clock.now();
      const activeFrom = now + ACTIVATION_DELAY_MS;
      const created: KeyInfo[] = [];
      for (const alg of SIGNING_ALGS) {
        await db
          .updateTable('oidc_signing_keys')
          .set({ retired_at: activeFrom, published_until: activeFrom + RETIRED_PUBLISHED_MS })
          .where('alg', '=', alg)
          .where('retired_at', 'is', null)
          .execute();
        created.push(info(await insert(alg, activeFrom), now));
      }
      return created;
    },

    async load() {
      const now = clock.now();
      const all = (await rows()).map((row) => ({ row, state: stateAt(row, now) }));
      const published = all.filter((k) => k.state !== 'gone');
      const order: KeyState[] = ['signing', 'pending', 'retired'];
      published.sort((a, b) => order.indexOf(a.state) - order.indexOf(b.state));
      const keys = published.map(({ row, state }) => {
        const opened = sealer.open(row.private_jwk);
        if (opened === null) {
          throw new Error(`signing key ${row.kid} cannot be opened: was PROPUSK_SECRET changed?`);
        }
        const jwk = JSON.parse(opened) as JsonObject;
        return state === 'signing' ? jwk : { ...jwk, key_ops: ['verify'] };
      });
      const moments = all
        .flatMap(({ row }) => [row.active_from, row.retired_at, row.published_until])
        .filter((t): t is number => t !== null && t > now);
      return {
        keys,
        version: published.map((k) => `${k.row.kid}:${k.state}`).join(','),
        nextChangeAt: moments.length > 0 ? Math.min(...moments) : null,
      };
    },

    async list() {
      const now = clock.now();
      return (await rows()).map((row) => info(row, now));
    },

    async deleteGone() {
      const result = await db
        .deleteFrom('oidc_signing_keys')
        .where('published_until', '<=', clock.now())
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

/** For messages: how long until a moment, in whole minutes. */
export function minutesUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / MINUTE));
}
