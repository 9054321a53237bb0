/**
 * The read every signed-in request makes: from the cookie's token to the session joined with its
 * person, and whether the session may go on (idle and absolute lifetimes, a blocked person).
 *
 * Two things keep it cheap, since a session check costs about as much as the bare route that
 * serves it:
 *
 * - The query is built and compiled by Kysely once; on SQLite it runs on the connection at once
 *   (db/direct-reads.ts) unless a transaction holds the connection.
 * - The token's keyed hash (the session id) is kept for tokens that just opened a live session,
 *   in a bounded map: a browser presents the same token with every request, and under load the
 *   HMAC cost 12 µs of a 90 µs check. The hash is a pure function of the token, so nothing the
 *   map keeps can go stale: an ended session is still looked up and found gone. A token that
 *   finds no live session is never kept, so a stranger's guesses cannot fill the map.
 */
import type { CompiledQuery, Kysely } from 'kysely';
import { type Clock, MINUTE } from '../core/clock.js';
import { kept } from '../core/kept.js';
import type { DirectRead, DirectReads } from '../db/direct-reads.js';
import type { Database, Session } from '../db/schema.js';

export interface SessionLifetimes {
  readonly idleMinutes: number;
  readonly absoluteHours: number;
}

const TOUCH_EVERY = MINUTE;
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
/** Tokens whose session ids are kept; at about 200 bytes each, under 1 MiB. */
export const KEPT_IDS = 4096;

/** What every lookup reads to decide; the row when the session may go on, else null. */
interface Checked {
  readonly id: string;
  readonly status: string;
  readonly s_realm_id: string;
  readonly s_last_seen_at: number;
  readonly s_expires_at: number;
}

/** The session's own fields every lookup reads (under `s_`, beside the person's columns). */
export interface SessionFields extends Checked {
  readonly s_created_at: number;
  readonly s_method: Session['method'];
}

export interface Live<R> {
  readonly row: R;
  readonly id: string;
  readonly lastSeenAt: number;
}

export interface Lookup<R> {
  /** The session and its person when the session may go on; ends it when it may not. */
  live(realmId: string, token: string, lifetimes: SessionLifetimes): Promise<Live<R> | null>;
}

export interface LookupKit {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly direct: DirectReads | undefined;
  /** The token's keyed hash: the session id. */
  hash(token: string): string;
  /** Deletes an ended session and tells the listeners. */
  expire(id: string, realmId: string, personId: string): Promise<void>;
}

/** Kept session ids, oldest first out. */
export function keptIds(hash: (token: string) => string) {
  const ids = kept<string, string>(KEPT_IDS);
  return {
    idOf(token: string): string {
      return ids.get(token) ?? hash(token);
    },
    keep: ids.keep,
    forget: ids.forget,
  };
}

/** Lookups of sessions by token, and the session ids of tokens. */
export function sessionLookups(kit: LookupKit) {
  const { db, clock } = kit;
  const ids = keptIds(kit.hash);

  /** `query`, compiled once with the placeholder `\u0000id` as its only parameter. */
  function lookup<R extends Checked>(query: CompiledQuery<R>): Lookup<R> {
    if (query.parameters.length !== 1 || query.parameters[0] !== '\u0000id') {
      throw new Error('session lookup: the id must be its only parameter');
    }
    const direct: DirectRead<R> | null = kit.direct?.(query) ?? null;
    return {
      async live(realmId, token, lifetimes) {
        if (!TOKEN_SHAPE.test(token)) return null;
        const id = ids.idOf(token);
        const rows = direct?.([id]) ?? (await db.executeQuery<R>({ ...query, parameters: [id] })).rows;
        const row = rows[0];
        if (!row || row.s_realm_id !== realmId) return null;
        const now = clock.now();
        const idleEnd = row.s_last_seen_at + lifetimes.idleMinutes * MINUTE;
        if (now >= row.s_expires_at || now >= idleEnd || row.status !== 'active') {
          ids.forget(token);
          await kit.expire(id, row.s_realm_id, row.id);
          return null;
        }
        ids.keep(token, id);
        if (now - row.s_last_seen_at < TOUCH_EVERY) return { row, id, lastSeenAt: row.s_last_seen_at };
        await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
        return { row, id, lastSeenAt: now };
      },
    };
  }

  return { lookup, idOf: ids.idOf, forget: ids.forget };
}
