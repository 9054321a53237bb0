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
 *
 * A group (sign-in's three counters) is written as one commit when the remembered rows let every
 * attempt through: on SQLite's connection at once when it is free (db/direct-writes.ts), else as
 * one write batch (db/write-batch.ts: one statement on PostgreSQL, one transaction on SQLite);
 * each write still carries its own version. A counter whose row had changed is then counted on
 * its own, as above; if it makes the attempt wait, the rows the batch wrote are put back as they
 * were (against the version just written), so a refused attempt leaves no trace. A wait is only
 * ever decided on a row just read: when a remembered row says wait, the group goes one counter
 * at a time.
 */
import { createHash, randomInt } from 'node:crypto';
import type { CompiledQuery, Kysely } from 'kysely';
import { directWritesOf } from '../../db/direct-writes.js';
import type { Database } from '../../db/schema.js';
import { writeBatch } from '../../db/write-batch.js';
import type { Clock } from '../clock.js';
import {
  attemptStep,
  type Backoff,
  type BackoffCounter,
  type BackoffGroup,
  type BackoffRecord,
  type BackoffSettlement,
  type BackoffSpec,
  backoffsInTurn,
  expiresAt,
  forgiveStep,
  type GroupAttempt,
  peekStep,
} from './backoff.js';
import { oneAtATime } from './one-at-a-time.js';
import { backoffCache } from './throttle.js';

const MAX_KEY_LENGTH = 255;
/** Racing writers each win in turn; far more rounds than concurrent requests can need. */
const MAX_ROUNDS = 200;
/** Rows remembered (the most recent ones, up to twice this); a forgotten one costs a read. */
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

/**
 * What this process last saw of each row, in two generations: when the newer one is full the
 * older one is dropped whole, so remembering costs two map lookups at most, never a walk past
 * deleted entries to find the oldest. A row known to be absent is not kept (absent is what an
 * unknown row is taken for anyway).
 */
function recentRows() {
  let newer = new Map<string, Taken>();
  let older = new Map<string, Taken>();
  return {
    get(k: string): Taken | undefined {
      return newer.get(k) ?? older.get(k);
    },
    set(k: string, taken: Taken): void {
      older.delete(k);
      if (!taken.record) {
        newer.delete(k);
        return;
      }
      newer.set(k, taken);
      if (newer.size >= KNOWN_ROWS) {
        older = newer;
        newer = new Map();
      }
    },
  };
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

/** Growing delays in the database: single counters and groups, sharing what they remember. */
export interface DatabaseBackoffs {
  backoff(spec: BackoffSpec): Backoff;
  readonly group: BackoffGroup;
}

const ABSENT: Taken = { record: null, version: 0 };

/** One counter's write in a group's batch: the row as taken, the row it makes. */
interface AttemptPlan {
  readonly k: string;
  readonly taken: Taken;
  readonly after: Taken;
  readonly count: number;
  readonly query: CompiledQuery;
}

type Step<T> = (
  record: BackoffRecord | null,
  now: number,
) => { result: T; next: BackoffRecord | null; write: boolean };

export function databaseBackoffs(db: Kysely<Database>, clock: Clock): DatabaseBackoffs {
  const sql = statements(db);
  const sent = writeBatch(db);
  const direct = directWritesOf(db);
  /** A group's writes as one commit (see the top of this file). */
  const batch = async (queries: readonly CompiledQuery[]): Promise<number[]> => {
    if (queries.length === 0) return [];
    const done = direct?.transaction((run) => queries.map((q) => run(q).changes));
    return done ? done.value : sent(queries);
  };
  /** The row each key had when this process last read or wrote it. */
  const known = recentRows();
  const remember = (k: string, taken: Taken): void => known.set(k, taken);
  const affected = (result: { numAffectedRows?: bigint }): number => Number(result.numAffectedRows ?? 0n);

  async function read(k: string): Promise<Taken> {
    const row = (await db.executeQuery(sql.select(k))).rows[0];
    const taken: Taken = row
      ? {
          record: { count: Number(row.count), nextAt: Number(row.next_at), since: Number(row.since) },
          version: Number(row.version),
        }
      : ABSENT;
    remember(k, taken);
    return taken;
  }

  /** The statement that writes `next` over the row as `taken` (none when both are empty). */
  function planned(k: string, taken: Taken, next: BackoffRecord | null, spec: BackoffSpec) {
    if (!next) return { query: taken.record ? sql.remove(k, taken.version) : null, after: ABSENT };
    return plannedWrite(k, taken, next, spec);
  }

  /** A record to put over the row: always a statement (a group's batch counts on it). */
  function plannedWrite(k: string, taken: Taken, next: BackoffRecord, spec: BackoffSpec) {
    const version = randomInt(1, 2 ** 31 - 1);
    const values = [next.count, next.nextAt, next.since, expiresAt(next, spec), version] as const;
    const query = taken.record ? sql.update(...values, k, taken.version) : sql.insert(k, ...values);
    return { query, after: { record: next, version } };
  }

  /** Writes `next` over the row as `taken`. False when the row is no longer that. */
  async function write(k: string, taken: Taken, next: BackoffRecord | null, spec: BackoffSpec) {
    const { query, after } = planned(k, taken, next, spec);
    const ok = query ? affected(await db.executeQuery(query)) === 1 : true;
    if (ok) remember(k, after);
    return ok;
  }

  /**
   * Takes the row (remembered, or presumed absent), computes with `step`, writes; reads and
   * again when the row was not that. A decision that writes nothing (a refusal, nothing to
   * forgive) is only taken on a row just read.
   */
  async function change<T>(spec: BackoffSpec, key: string, step: Step<T>): Promise<T> {
    const k = rowKey(spec.name, key);
    let taken: Taken = known.get(k) ?? ABSENT;
    let fresh = false;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const { result, next, write: mustWrite } = step(taken.record, clock.now());
      if (mustWrite ? await write(k, taken, next, spec) : fresh) return result;
      taken = await read(k);
      fresh = true;
    }
    throw new Error(`throttle ${spec.name}: the counter kept changing under ${MAX_ROUNDS} attempts`);
  }

  const attempt = (spec: BackoffSpec, key: string) =>
    change(spec, key, (record, now) => {
      const { state, record: next } = attemptStep(record, now, spec);
      return { result: state, next, write: state.allowed };
    });
  const forgive = (spec: BackoffSpec, key: string, count: number) =>
    change(spec, key, (record, now) => ({
      result: undefined,
      next: forgiveStep(record, count, now, spec),
      write: record !== null,
    }));
  const reset = async (spec: BackoffSpec, key: string) => {
    const k = rowKey(spec.name, key);
    await db.executeQuery(sql.removeAny(k));
    remember(k, ABSENT);
  };

  const peek = async (spec: BackoffSpec, key: string) =>
    peekStep((await read(rowKey(spec.name, key))).record, clock.now(), spec);
  const inTurn = backoffsInTurn((spec) => ({
    peek: (key) => peek(spec, key),
    attempt: (key) => attempt(spec, key),
    forgive: (key, count) => forgive(spec, key, count),
    reset: (key) => reset(spec, key),
  }));
  const serial = oneAtATime();
  const backoff = backoffCache(
    (spec): Backoff => ({
      peek: (key) => peek(spec, key),
      attempt: (key) => serial([rowKey(spec.name, key)], () => attempt(spec, key)),
      forgive: (key, count) => serial([rowKey(spec.name, key)], () => forgive(spec, key, count)),
      reset: (key) => serial([rowKey(spec.name, key)], () => reset(spec, key)),
    }),
  );
  const distinct = (counters: readonly BackoffCounter[]): string[] | null => {
    const keys = counters.map((c) => rowKey(c.spec.name, c.key));
    return counters.length > 1 && new Set(keys).size === keys.length ? keys : null;
  };

  const keysOf = (counters: readonly BackoffCounter[]) => counters.map((c) => rowKey(c.spec.name, c.key));
  const group: BackoffGroup = {
    attempt: (counters) => serial(keysOf(counters), () => attemptAll(counters)),
    settle: (settlements) => serial(keysOf(settlements), () => settleAll(settlements)),
  };

  const attemptAll = async (counters: readonly BackoffCounter[]): Promise<GroupAttempt> => {
    const keys = distinct(counters);
    if (!keys) return inTurn.attempt(counters);
    const now = clock.now();
    const plans: AttemptPlan[] = [];
    for (const [i, c] of counters.entries()) {
      const k = keys[i] as string;
      const taken = known.get(k) ?? ABSENT;
      const { state, record } = attemptStep(taken.record, now, c.spec);
      if (!state.allowed) return inTurn.attempt(counters);
      plans.push({ k, taken, count: state.count, ...plannedWrite(k, taken, record, c.spec) });
    }
    const done = await batch(plans.map((p) => p.query));
    const counts = new Array<number>(counters.length).fill(0);
    /** Counted here: put back as taken, or (counted one at a time) forgiven, if one refuses. */
    const counted: { i: number; written: boolean }[] = [];
    for (const [i, p] of plans.entries()) {
      if (done[i] === 1) {
        remember(p.k, p.after);
        counts[i] = p.count;
        counted.push({ i, written: true });
      }
    }
    for (const [i, c] of counters.entries()) {
      if (done[i] === 1) continue;
      const state = await attempt(c.spec, c.key);
      if (!state.allowed) {
        await Promise.all(
          counted.map(({ i: j, written }) => undo(counters[j] as BackoffCounter, plans[j], written)),
        );
        return { allowed: false, retryAfterSeconds: state.retryAfterSeconds, refusedBy: i };
      }
      counts[i] = state.count;
      counted.push({ i, written: false });
    }
    return { allowed: true, counts };
  };

  const settleAll = async (settlements: readonly BackoffSettlement[]): Promise<void> => {
    const keys = distinct(settlements);
    if (!keys) return inTurn.settle(settlements);
    const now = clock.now();
    const plans: {
      s: BackoffSettlement;
      k: string;
      query: CompiledQuery;
      after: Taken;
      always: boolean;
    }[] = [];
    const later: BackoffSettlement[] = [];
    for (const [i, s] of settlements.entries()) {
      const k = keys[i] as string;
      if (s.forgive === 'all') {
        plans.push({ s, k, query: sql.removeAny(k), after: ABSENT, always: true });
        continue;
      }
      const taken = known.get(k);
      // Nothing remembered: whether there is anything to forgive needs a read.
      if (!taken?.record) {
        later.push(s);
        continue;
      }
      const p = planned(k, taken, forgiveStep(taken.record, s.forgive, now, s.spec), s.spec);
      if (p.query) plans.push({ s, k, query: p.query, after: p.after, always: false });
    }
    const done = await batch(plans.map((p) => p.query));
    for (const [i, p] of plans.entries()) {
      if (p.always || done[i] === 1) remember(p.k, p.after);
      else later.push(p.s);
    }
    await Promise.all(
      later.map((s) => (s.forgive === 'all' ? reset(s.spec, s.key) : forgive(s.spec, s.key, s.forgive))),
    );
  };

  /** Takes back one counted attempt: the row as it was, if it is still the one written. */
  async function undo(
    counter: BackoffCounter,
    plan: AttemptPlan | undefined,
    written: boolean,
  ): Promise<void> {
    if (written && plan && (await write(plan.k, plan.after, plan.taken.record, counter.spec))) return;
    await forgive(counter.spec, counter.key, 1);
  }

  return { backoff, group };
}
