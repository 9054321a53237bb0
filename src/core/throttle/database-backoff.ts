/**
 * Growing delays in the database, for deployments without Redis: every instance on the same
 * SQLite file or PostgreSQL schema sees the same counts and waits (table `throttle_backoff`).
 *
 * Each operation takes the row as it was, applies the rules of backoff.ts, and writes the result
 * only if the row is still the one it took (`version` compared in the UPDATE or DELETE, or an
 * INSERT that does nothing when another got there first); otherwise it reads the row and tries
 * again. Two racing attempts can therefore never both be counted from the same count — the same
 * SQL on both dialects, no locks held between statements. Time is the injected clock. Rows with
 * nothing left in them are deleted by the janitor (janitor/tasks.ts).
 *
 * Sign-in runs these on every attempt, so they are cheap: the statements are compiled once, and
 * each counter remembers the row it last wrote (`known`) and writes against that without reading
 * first. When another instance (or the janitor) changed the row meanwhile the write finds another
 * version and the operation reads and tries again, so the memory only saves a read, it never
 * decides. A version is a fresh random number at every write, so a row deleted and made again
 * cannot pass for the one remembered.
 */
import { createHash, randomInt } from 'node:crypto';
import type { CompiledQuery, Kysely } from 'kysely';
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
/** Rows remembered per counter (the most recent ones); a forgotten one costs a read. */
const KNOWN_ROWS = 10_000;

function rowKey(name: string, key: string): string {
  const full = `${name}:${key}`;
  if (full.length <= MAX_KEY_LENGTH) return full;
  return `${name}:#${createHash('sha256').update(key, 'utf8').digest('base64url')}`;
}

/** A row as taken: its record (null: no row) and version. */
interface Taken {
  readonly record: BackoffRecord | null;
  readonly version: number;
}

const P = (name: string) => `\u0000${name}`;

/** A query compiled once with placeholders, run with values in the same order. */
function precompiled<R>(query: CompiledQuery<R>, placeholders: readonly string[]) {
  const same =
    query.parameters.length === placeholders.length &&
    query.parameters.every((p, i) => p === placeholders[i]);
  if (!same) throw new Error(`precompiled query: unexpected parameters in ${query.sql}`);
  return (...values: readonly unknown[]): CompiledQuery<R> => ({ ...query, parameters: values });
}

function statements(db: Kysely<Database>) {
  const n = (name: string) => P(name) as unknown as number;
  return {
    select: precompiled(
      db
        .selectFrom('throttle_backoff')
        .select(['count', 'next_at', 'since', 'version'])
        .where('key', '=', P('key'))
        .compile(),
      [P('key')],
    ),
    insert: precompiled(
      db
        .insertInto('throttle_backoff')
        .values({
          key: P('key'),
          count: n('count'),
          next_at: n('next'),
          since: n('since'),
          expires_at: n('expires'),
          version: n('version'),
        })
        .onConflict((oc) => oc.column('key').doNothing())
        .compile(),
      [P('key'), P('count'), P('next'), P('since'), P('expires'), P('version')],
    ),
    update: precompiled(
      db
        .updateTable('throttle_backoff')
        .set({
          count: n('count'),
          next_at: n('next'),
          since: n('since'),
          expires_at: n('expires'),
          version: n('version'),
        })
        .where('key', '=', P('key'))
        .where('version', '=', n('was'))
        .compile(),
      [P('count'), P('next'), P('since'), P('expires'), P('version'), P('key'), P('was')],
    ),
    remove: precompiled(
      db.deleteFrom('throttle_backoff').where('key', '=', P('key')).where('version', '=', n('was')).compile(),
      [P('key'), P('was')],
    ),
    removeAny: precompiled(db.deleteFrom('throttle_backoff').where('key', '=', P('key')).compile(), [
      P('key'),
    ]),
  };
}

export function databaseBackoff(db: Kysely<Database>, spec: BackoffSpec, clock: Clock): Backoff {
  const sql = statements(db);
  /** The row each key had when this process last read or wrote it. */
  const known = new Map<string, Taken>();
  const remember = (k: string, taken: Taken): void => {
    known.delete(k);
    known.set(k, taken);
    if (known.size > KNOWN_ROWS) known.delete(known.keys().next().value as string);
  };
  const affected = (result: { numAffectedRows?: bigint }): number => Number(result.numAffectedRows ?? 0n);

  async function read(k: string): Promise<Taken> {
    const row = (await db.executeQuery(sql.select(k))).rows[0];
    const taken: Taken = row
      ? {
          record: { count: Number(row.count), nextAt: Number(row.next_at), since: Number(row.since) },
          version: Number(row.version),
        }
      : { record: null, version: 0 };
    remember(k, taken);
    return taken;
  }

  /** Writes `next` over the row as `taken`. False when the row is no longer that. */
  async function write(k: string, taken: Taken, next: BackoffRecord | null): Promise<boolean> {
    if (!next) {
      if (!taken.record) return true;
      const ok = affected(await db.executeQuery(sql.remove(k, taken.version))) === 1;
      if (ok) remember(k, { record: null, version: 0 });
      return ok;
    }
    const version = randomInt(1, 2 ** 31 - 1);
    const values = [next.count, next.nextAt, next.since, expiresAt(next, spec), version] as const;
    const ok = taken.record
      ? affected(await db.executeQuery(sql.update(...values, k, taken.version))) === 1
      : affected(await db.executeQuery(sql.insert(k, ...values))) === 1;
    if (ok) remember(k, { record: next, version });
    return ok;
  }

  /**
   * Takes the row (remembered, or presumed absent), computes with `step`, writes; reads and
   * again when the row was not that. A decision that writes nothing (a refusal, nothing to
   * forgive) is only taken on a row just read.
   */
  async function change<T>(
    key: string,
    step: (
      record: BackoffRecord | null,
      now: number,
    ) => { result: T; next: BackoffRecord | null; write: boolean },
  ): Promise<T> {
    const k = rowKey(spec.name, key);
    let taken: Taken = known.get(k) ?? { record: null, version: 0 };
    let fresh = false;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const { result, next, write: mustWrite } = step(taken.record, clock.now());
      if (mustWrite ? await write(k, taken, next) : fresh) return result;
      taken = await read(k);
      fresh = true;
    }
    throw new Error(`throttle ${spec.name}: the counter kept changing under ${MAX_ROUNDS} attempts`);
  }

  return {
    async peek(key) {
      return peekStep((await read(rowKey(spec.name, key))).record, clock.now(), spec);
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
      const k = rowKey(spec.name, key);
      await db.executeQuery(sql.removeAny(k));
      remember(k, { record: null, version: 0 });
    },
  };
}
