/**
 * Sessions.
 *
 * - The token is 256 random bits, given to the browser once in a cookie; the database keeps
 *   only its keyed hash as the session id, so a copy of the table can't be replayed.
 * - A fresh token at every sign-in (no fixation), one indexed lookup per request (the session
 *   joined with its person), and `last_seen_at` written at most once a minute so reading pages
 *   stays a read.
 * - Two lifetimes per realm: idle (since last seen) and absolute (since sign-in).
 * - A blocked person's sessions stop working at once, not at expiry.
 * - Whatever ends sessions, listeners hear of it (`onEnded`): the OpenID Connect provider ends
 *   the application sessions they signed in. Sessions ended inside a transaction are announced
 *   by the caller after the commit (`endAllOf` + `announceEnded`), never before.
 */
import type { CompiledQuery, Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import { MINUTE } from '../core/clock.js';
import { type KeyedHasher, newToken } from '../core/crypto/secrets.js';
import type { DirectReads } from '../db/direct-reads.js';
import type { Database, Executor, Person, Session } from '../db/schema.js';
import {
  type Live,
  type SessionFields,
  type SessionLifetimes,
  sessionLookups,
  TOKEN_SHAPE,
} from './session-lookup.js';

export type { SessionLifetimes } from './session-lookup.js';

/**
 * The columns of the person a signed-in request reads: what pages show and what decides access.
 * Not the password hash: a page never shows it, and the few steps that check a password read it
 * by id when they do.
 */
export const SESSION_PERSON_COLUMNS = [
  'id',
  'realm_id',
  'login',
  'login_normalized',
  'last_name',
  'first_name',
  'middle_name',
  'birth_date',
  'gender',
  'snils',
  'iin',
  'email',
  'email_normalized',
  'email_verified_at',
  'phone',
  'phone_verified_at',
  'password_must_change',
  'password_changed_at',
  'status',
  'activated_at',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof Person)[];

export type SessionPerson = Pick<Person, (typeof SESSION_PERSON_COLUMNS)[number]>;

export interface SignedIn {
  readonly session: Session;
  readonly person: SessionPerson;
}

/**
 * What the bare session check (`/whoami`, the JSON endpoints) reads: who it is and whether the
 * session may go on — eight columns of the person instead of twenty-two, the session without
 * its address and browser. Building a row's object costs by the column, about as much as
 * finding it.
 */
export const BRIEF_PERSON_COLUMNS = [
  'id',
  'realm_id',
  'login',
  'last_name',
  'first_name',
  'middle_name',
  'password_must_change',
  'status',
] as const satisfies readonly (keyof Person)[];

export type BriefPerson = Pick<Person, (typeof BRIEF_PERSON_COLUMNS)[number]>;
export type BriefSession = Omit<Session, 'ip' | 'user_agent' | 'second_factor'>;

export interface SignedInBrief {
  readonly session: BriefSession;
  readonly person: BriefPerson;
}

/** A session that ended, as listeners hear of it. */
export interface EndedSession {
  readonly id: string;
  readonly realmId: string;
  readonly personId: string;
}

export type SessionEndReason =
  | 'signout'
  | 'ended_by_person'
  | 'password'
  | 'blocked'
  | 'expired'
  | 'ended'
  | 'second_factor_reset';

/** Hears of ended sessions; awaited (its database work joins the request that ended them), never throws. */
export type SessionsEndedListener = (
  ended: readonly EndedSession[],
  reason: SessionEndReason,
) => Promise<void>;

export interface SessionService {
  /** A new session, in the caller's transaction when one is given. */
  create(
    input: {
      realmId: string;
      personId: string;
      lifetimes: SessionLifetimes;
      ip: string | null;
      userAgent: string | null;
      method: 'password' | 'esia' | 'signature' | 'passkey';
      /** The sign-in's second step (`factors/`), when there was one. */
      secondFactor?: 'totp' | 'recovery_code' | 'passkey' | null;
    },
    executor?: Executor,
  ): Promise<{ token: string; session: Session }>;
  /** The same new session as `create`, as an insert to be sent with other writes as one. */
  toCreate(input: Parameters<SessionService['create']>[0]): {
    token: string;
    session: Session;
    write: CompiledQuery;
  };
  validate(realmId: string, token: string, lifetimes: SessionLifetimes): Promise<SignedIn | null>;
  /** The same check, reading only what `SignedInBrief` holds. */
  check(realmId: string, token: string, lifetimes: SessionLifetimes): Promise<SignedInBrief | null>;
  revoke(realmId: string, token: string): Promise<Session | null>;
  /** Records a second factor given after the sign-in (a step-up); false when the session is gone. */
  raise(
    personId: string,
    sessionId: string,
    secondFactor: 'totp' | 'recovery_code' | 'passkey',
  ): Promise<boolean>;
  revokeById(personId: string, sessionId: string): Promise<boolean>;
  /**
   * Ends every session of a person, or every one but `exceptId`, in the caller's transaction when
   * one is given. Returns how many ended.
   */
  revokeAllOf(personId: string, exceptId?: string | null, executor?: Executor): Promise<number>;
  /**
   * Ends every session of a person (or every one but `exceptId`) in the caller's transaction and
   * returns them without announcing: the caller calls `announceEnded` once the transaction has
   * committed.
   */
  endAllOf(personId: string, exceptId: string | null, executor: Executor): Promise<EndedSession[]>;
  /** Tells the listeners these sessions ended (and waits for them). */
  announceEnded(ended: readonly EndedSession[], reason: SessionEndReason): Promise<void>;
  /** Listens to sessions ending. A listener catches its own errors: ending a session never fails on it. */
  onEnded(listener: SessionsEndedListener): void;
  listOf(personId: string): Promise<Session[]>;
  deleteExpired(): Promise<number>;
}

const MAX_UA = 300;

export function sessionService(
  db: Kysely<Database>,
  hasher: KeyedHasher,
  clock: Clock,
  direct?: DirectReads,
): SessionService {
  const listeners: SessionsEndedListener[] = [];
  const announce = async (ended: readonly EndedSession[], reason: SessionEndReason): Promise<void> => {
    if (ended.length === 0) return;
    for (const listener of listeners) await listener(ended, reason);
  };
  const endAllOf = async (personId: string, exceptId: string | null, executor: Executor) => {
    let query = executor.deleteFrom('sessions').where('person_id', '=', personId);
    if (exceptId) query = query.where('id', '!=', exceptId);
    const rows = await query.returning(['id', 'realm_id', 'person_id']).execute();
    return rows.map((r) => ({ id: r.id, realmId: r.realm_id, personId: r.person_id }));
  };
  // The lookup every signed-in request makes (session-lookup.ts), with all the columns pages
  // use, and the brief one of the bare session check.
  const lookups = sessionLookups({
    db,
    clock,
    direct,
    hash: (token) => hasher.hash('session', token),
    async expire(id, realmId, personId) {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
      await announce([{ id, realmId, personId }], 'expired');
    },
  });
  const { idOf } = lookups;
  // Built and compiled once: building and compiling it with Kysely each time cost more than
  // running it. The SQL is the dialect's own, since `db` compiled it.
  const lookupOf = <C extends keyof Person, S extends 'ip' | 'user_agent' | 'second_factor'>(
    personColumns: readonly C[],
    sessionColumns: readonly S[],
  ) =>
    db
      .selectFrom('sessions as s')
      .innerJoin('people as p', 'p.id', 's.person_id')
      .select(personColumns.map((c) => `p.${c}` as const))
      .select([
        's.realm_id as s_realm_id',
        's.created_at as s_created_at',
        's.last_seen_at as s_last_seen_at',
        's.expires_at as s_expires_at',
        's.method as s_method',
      ])
      .select(sessionColumns.map((c) => `s.${c} as s_${c}` as const))
      .where('s.id', '=', '\u0000id')
      .compile();
  const lookup = lookups.lookup(
    lookupOf(SESSION_PERSON_COLUMNS, ['ip', 'user_agent', 'second_factor'] as const),
  );
  const brief = lookups.lookup(lookupOf(BRIEF_PERSON_COLUMNS, [] as const));

  /** The session's own fields that both lookups read, from the row the lookup let go on. */
  const briefSession = ({ row, id, lastSeenAt }: Live<SessionFields>): BriefSession => ({
    id,
    realm_id: row.s_realm_id,
    person_id: row.id,
    created_at: row.s_created_at,
    last_seen_at: lastSeenAt,
    expires_at: row.s_expires_at,
    method: row.s_method,
  });

  // The insert of every sign-in, compiled once for the same reason. The sample's values are all
  // distinct, so finding them back as the parameters, in order, proves which column each one
  // fills; a new column in `Session` must be added to the sample before this compiles.
  const sample: Session = {
    id: '\u0000id',
    realm_id: '\u0000realm',
    person_id: '\u0000person',
    created_at: -1,
    last_seen_at: -2,
    expires_at: -3,
    ip: '\u0000ip',
    user_agent: '\u0000ua',
    method: 'password',
    second_factor: '\u0000factor',
  };
  const columns = Object.keys(sample) as (keyof Session)[];
  const insert = db.insertInto('sessions').values(sample).compile();
  const inOrder =
    insert.parameters.length === columns.length &&
    columns.every((c, i) => insert.parameters[i] === sample[c]);
  if (!inOrder) throw new Error('session insert: parameters are not the columns in order');
  const toCreate: SessionService['toCreate'] = (input) => {
    const { realmId, personId, lifetimes, ip, userAgent, method, secondFactor } = input;
    const now = clock.now();
    const token = newToken();
    const session: Session = {
      id: idOf(token),
      realm_id: realmId,
      person_id: personId,
      created_at: now,
      last_seen_at: now,
      expires_at: now + lifetimes.absoluteHours * 60 * MINUTE,
      ip,
      user_agent: userAgent ? userAgent.slice(0, MAX_UA) : null,
      method,
      second_factor: secondFactor ?? null,
    };
    return { token, session, write: { ...insert, parameters: columns.map((c) => session[c]) } };
  };

  return {
    async create(input, executor = db) {
      const { token, session, write } = toCreate(input);
      await executor.executeQuery(write);
      return { token, session };
    },
    toCreate,

    // The row is the person (its own columns by their names) with the session's beside them
    // under `s_`: handed on as it is, not copied field by field.
    async validate(realmId, token, lifetimes) {
      const found = await lookup.live(realmId, token, lifetimes);
      if (!found) return null;
      const { row } = found;
      // Field by field, not `{ ...briefSession(found), ip, … }`: see core/extended.ts.
      const session: Session = {
        id: found.id,
        realm_id: row.s_realm_id,
        person_id: row.id,
        created_at: row.s_created_at,
        last_seen_at: found.lastSeenAt,
        expires_at: row.s_expires_at,
        method: row.s_method,
        ip: row.s_ip,
        user_agent: row.s_user_agent,
        second_factor: row.s_second_factor,
      };
      return { person: row, session };
    },

    async check(realmId, token, lifetimes) {
      const found = await brief.live(realmId, token, lifetimes);
      return found && { person: found.row, session: briefSession(found) };
    },

    async revoke(realmId, token) {
      if (!TOKEN_SHAPE.test(token)) return null;
      const id = idOf(token);
      lookups.forget(token);
      const row = await db
        .selectFrom('sessions')
        .selectAll()
        .where('id', '=', id)
        .where('realm_id', '=', realmId)
        .executeTakeFirst();
      if (!row) return null;
      await db.deleteFrom('sessions').where('id', '=', id).execute();
      await announce([{ id: row.id, realmId: row.realm_id, personId: row.person_id }], 'signout');
      return row;
    },

    async raise(personId, sessionId, secondFactor) {
      const result = await db
        .updateTable('sessions')
        .set({ second_factor: secondFactor })
        .where('id', '=', sessionId)
        .where('person_id', '=', personId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async revokeById(personId, sessionId) {
      const result = await db
        .deleteFrom('sessions')
        .where('id', '=', sessionId)
        .where('person_id', '=', personId)
        .returning(['id', 'realm_id', 'person_id'])
        .execute();
      await announce(
        result.map((r) => ({ id: r.id, realmId: r.realm_id, personId: r.person_id })),
        'ended_by_person',
      );
      return result.length > 0;
    },

    async revokeAllOf(personId, exceptId, executor = db) {
      const ended = await endAllOf(personId, exceptId ?? null, executor);
      // Inside a transaction the caller announces after the commit (see `endAllOf`).
      if (!executor.isTransaction) await announce(ended, 'ended');
      return ended.length;
    },

    endAllOf,

    announceEnded: announce,

    onEnded(listener) {
      listeners.push(listener);
    },

    listOf(personId) {
      return db
        .selectFrom('sessions')
        .selectAll()
        .where('person_id', '=', personId)
        .orderBy('last_seen_at', 'desc')
        .execute();
    },

    async deleteExpired() {
      const result = await db
        .deleteFrom('sessions')
        .where('expires_at', '<=', clock.now())
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
