/**
 * Growing delays in the database, for deployments without Redis: every instance on the same
 * SQLite file or PostgreSQL schema sees the same counts and waits (table `throttle_backoff`).
 *
 * Each operation reads the row, applies the rules of backoff.ts, and writes the result only if
 * the row is still the one it read (`version` compared in the UPDATE, or an INSERT that does
 * nothing when another got there first); otherwise it reads again. Two racing attempts can
 * therefore never both be counted from the same count — the same SQL on both dialects, no locks
 * held between statements. Time is the injected clock. Rows with nothing left in them are
 * deleted by the janitor (janitor/tasks.ts).
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../clock.js';
import {
  attemptStep,
  type Backoff,
  type BackoffRecord,
  type BackoffSpec,
  expiresAt,
  forgiveStep,
  peekStep,
} from './backoff.js';

const MAX_KEY_LENGTH = 255;
/** Racing writers each win in turn; far more rounds than concurrent requests can need. */
const MAX_ROUNDS = 200;

function rowKey(name: string, key: string): string {
  const full = `${name}:${key}`;
  if (full.length <= MAX_KEY_LENGTH) return full;
  return `${name}:#${createHash('sha256').update(key, 'utf8').digest('base64url')}`;
}

export function databaseBackoff(db: Kysely<Database>, spec: BackoffSpec, clock: Clock): Backoff {
  async function read(key: string): Promise<{ record: BackoffRecord; version: number } | null> {
    const row = await db
      .selectFrom('throttle_backoff')
      .select(['count', 'next_at', 'since', 'version'])
      .where('key', '=', rowKey(spec.name, key))
      .executeTakeFirst();
    if (!row) return null;
    return {
      record: { count: Number(row.count), nextAt: Number(row.next_at), since: Number(row.since) },
      version: Number(row.version),
    };
  }

  /** Writes `next` over the row read as `read` (null: there was none). False when it changed. */
  async function write(
    key: string,
    read: { version: number } | null,
    next: BackoffRecord | null,
  ): Promise<boolean> {
    const k = rowKey(spec.name, key);
    if (!next) {
      if (!read) return true;
      const gone = await db
        .deleteFrom('throttle_backoff')
        .where('key', '=', k)
        .where('version', '=', read.version)
        .executeTakeFirst();
      return Number(gone.numDeletedRows) === 1;
    }
    const values = {
      count: next.count,
      next_at: next.nextAt,
      since: next.since,
      expires_at: expiresAt(next, spec),
    };
    if (!read) {
      const inserted = await db
        .insertInto('throttle_backoff')
        .values({ key: k, ...values, version: 1 })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
    }
    const updated = await db
      .updateTable('throttle_backoff')
      .set({ ...values, version: read.version + 1 })
      .where('key', '=', k)
      .where('version', '=', read.version)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  /** Reads, computes with `step`, writes if nothing changed in between; again if it did. */
  async function change<T>(
    key: string,
    step: (
      record: BackoffRecord | null,
      now: number,
    ) => { result: T; next: BackoffRecord | null; write: boolean },
  ): Promise<T> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const current = await read(key);
      const { result, next, write: mustWrite } = step(current?.record ?? null, clock.now());
      if (!mustWrite || (await write(key, current, next))) return result;
    }
    throw new Error(`throttle ${spec.name}: the counter kept changing under ${MAX_ROUNDS} attempts`);
  }

  return {
    async peek(key) {
      return peekStep((await read(key))?.record ?? null, clock.now(), spec);
    },
    attempt(key) {
      return change(key, (record, now) => {
        const { state, record: next } = attemptStep(record, now, spec);
        return { result: state, next, write: state.allowed };
      });
    },
    async forgive(key, count) {
      await change(key, (record, now) => ({
        result: undefined,
        next: forgiveStep(record, count, now, spec),
        write: record !== null,
      }));
    },
    async reset(key) {
      await db.deleteFrom('throttle_backoff').where('key', '=', rowKey(spec.name, key)).execute();
    },
  };
}
