/**
 * The durable outbox (at-least-once delivery).
 *
 * - `enqueue` runs inside the caller's transaction, so a letter exists if and only if the
 *   change that caused it was committed. The idempotency key is unique: enqueuing the same
 *   cause twice yields one message.
 * - `claimDue` leases due rows to one worker for `LEASE_MS` (PostgreSQL: FOR UPDATE SKIP
 *   LOCKED, so instances never claim the same row). The worker claims only what it sends at
 *   once (one message) and `renew`s the lease while the send lasts, so a worker that dies
 *   mid-send holds back one message for at most one lease; that row is then delivered again —
 *   the provider sees the same Message-ID / idempotency key.
 * - Failures back off exponentially (30 s doubling, at most 4 h between tries); after a day, or
 *   at once for a permanent failure (an address the server refuses), the row is `dead`.
 * - The payload is sealed at rest and wiped after delivery outside demo mode.
 */
import type { CompiledQuery, Insertable, Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import { DAY, HOUR } from '../core/clock.js';
import type { Sealer } from '../core/crypto/sealed.js';
import { newId } from '../core/crypto/secrets.js';
import { type DialectName, skipLocked } from '../db/connect.js';
import { prepared } from '../db/prepared.js';
import type { Database, Executor, OutboxRow, OutboxStatus, OutboxTable } from '../db/schema.js';

export interface OutgoingEmail {
  readonly channel: 'email';
  readonly to: string;
  readonly fromName: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface OutgoingSms {
  readonly channel: 'sms';
  readonly to: string;
  readonly text: string;
}

export type OutgoingMessage = OutgoingEmail | OutgoingSms;

/** A value a queued job carries: flat JSON. */
export type JobValue = string | number | boolean | null | readonly string[];

/** Work for the worker (`jobs.ts`), sealed like a letter: it may carry a link's secret. */
export interface OutgoingJob {
  readonly channel: 'job';
  readonly to: '';
  readonly name: string;
  readonly input: Readonly<Record<string, JobValue>>;
}

/** What an outbox row carries: a message to deliver or a job to run. */
export type OutboxPayload = OutgoingMessage | OutgoingJob;

export interface EnqueueInput {
  readonly realmId: string | null;
  readonly personId?: string | null;
  readonly template: string;
  readonly locale: string;
  /** Names the cause: `email-confirm:<flow id>`, `reset:<flow id>:<n>`… */
  readonly idempotencyKey: string;
  readonly message: OutboxPayload;
}

export interface ClaimedMessage {
  readonly row: OutboxRow;
  /** Null when the payload cannot be opened (sealed with another secret, or wiped). */
  readonly message: OutboxPayload | null;
}

export interface MailboxEntry {
  readonly row: OutboxRow;
  readonly message: OutgoingMessage | null;
}

export type { Executor };

export interface Outbox {
  enqueue(db: Executor, input: EnqueueInput): Promise<{ id: string; duplicate: boolean }>;
  /**
   * A new message's insert, to be sent with other writes as one (db/write-batch.ts), for an
   * idempotency key that cannot exist yet (one made of an id written in the same batch): a
   * duplicate inserts nothing and is not looked up.
   */
  toEnqueue(input: EnqueueInput): { readonly id: string; readonly write: CompiledQuery };
  claimDue(workerId: string, limit: number): Promise<ClaimedMessage[]>;
  /** Extends the lease of rows this worker is still sending; false when it no longer holds them. */
  renew(ids: readonly string[], workerId: string): Promise<boolean>;
  markSent(id: string, workerId: string, providerId: string | null): Promise<void>;
  markFailed(id: string, workerId: string, error: string, permanent: boolean): Promise<OutboxStatus>;
  list(filter: { status?: OutboxStatus; limit?: number }): Promise<OutboxRow[]>;
  /** Makes a failed or dead message due again now. */
  retry(id: string): Promise<boolean>;
  /** Newest letters and SMS first (no jobs), payload opened: the development mailbox. */
  mailbox(limit: number): Promise<MailboxEntry[]>;
}

/** A lease is renewed every third of it while the send lasts. */
export const LEASE_MS = 30_000;
const FIRST_DELAY_MS = 30_000;
const MAX_DELAY_MS = 4 * HOUR;
const GIVE_UP_AFTER_MS = DAY;

/** The wait before attempt `attempts + 1`, with up to 10% jitter so retries do not stampede. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(FIRST_DELAY_MS * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
  return Math.round(base * (1 + 0.1 * random()));
}

export function outbox(
  db: Kysely<Database>,
  dialect: DialectName,
  sealer: Sealer,
  clock: Clock,
  options: { keepPayloadAfterSend: boolean },
): Outbox {
  // Every letter, SMS and job (a recovery request's letters job among them) is one insert: it
  // is compiled once (db/prepared.ts) with a sample whose values are all distinct and run with
  // the message's values, in whatever executor (a transaction) the caller gives.
  type Row = Required<Insertable<OutboxTable>>;
  const sample: { readonly [K in keyof Row]: string | number } = {
    id: '\u0000id',
    realm_id: '\u0000realm',
    channel: '\u0000channel',
    recipient: '\u0000recipient',
    template: '\u0000template',
    locale: '\u0000locale',
    payload: '\u0000payload',
    idempotency_key: '\u0000key',
    status: '\u0000status',
    attempts: -301,
    next_attempt_at: -302,
    locked_until: -303,
    locked_by: '\u0000lockedBy',
    last_error: '\u0000error',
    provider_id: '\u0000provider',
    person_id: '\u0000person',
    created_at: -304,
    sent_at: -305,
  };
  const compiledInsert = prepared(
    db
      .insertInto('outbox')
      .values(sample as Row)
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .compile(),
    sample,
  );
  const open = (row: OutboxRow): OutboxPayload | null => {
    if (!row.payload) return null;
    const text = sealer.open(row.payload);
    return text ? (JSON.parse(text) as OutboxPayload) : null;
  };

  const toEnqueue = (input: EnqueueInput): { id: string; write: CompiledQuery } => {
    const id = newId();
    const now = clock.now();
    const row: Row = {
      id,
      realm_id: input.realmId,
      channel: input.message.channel,
      recipient: input.message.to,
      template: input.template,
      locale: input.locale,
      payload: sealer.seal(JSON.stringify(input.message)),
      idempotency_key: input.idempotencyKey,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      locked_until: null,
      locked_by: null,
      last_error: null,
      provider_id: null,
      person_id: input.personId ?? null,
      created_at: now,
      sent_at: null,
    };
    return { id, write: compiledInsert(row) };
  };

  return {
    toEnqueue,
    async enqueue(executor, input) {
      const { id, write } = toEnqueue(input);
      const result = await executor.executeQuery(write);
      const inserted = Number(result.numAffectedRows ?? 0n);
      if (inserted > 0) return { id, duplicate: false };
      const existing = await executor
        .selectFrom('outbox')
        .select('id')
        .where('idempotency_key', '=', input.idempotencyKey)
        .executeTakeFirstOrThrow();
      return { id: existing.id, duplicate: true };
    },

    async claimDue(workerId, limit) {
      const now = clock.now();
      const claimed = await db.transaction().execute(async (trx) => {
        const due = await skipLocked(
          dialect,
          trx
            .selectFrom('outbox')
            .select('id')
            .where('status', 'in', ['pending', 'sending'])
            .where('next_attempt_at', '<=', now)
            .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
            .orderBy('next_attempt_at')
            .limit(limit),
        ).execute();
        if (due.length === 0) return [];
        const ids = due.map((r) => r.id);
        await trx
          .updateTable('outbox')
          .set({ status: 'sending', locked_until: now + LEASE_MS, locked_by: workerId })
          .where('id', 'in', ids)
          .execute();
        return trx.selectFrom('outbox').selectAll().where('id', 'in', ids).execute();
      });
      return claimed.map((row) => ({ row, message: open(row) }));
    },

    async renew(ids, workerId) {
      if (ids.length === 0) return true;
      const result = await db
        .updateTable('outbox')
        .set({ locked_until: clock.now() + LEASE_MS })
        .where('id', 'in', [...ids])
        .where('status', '=', 'sending')
        .where('locked_by', '=', workerId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === ids.length;
    },

    async markSent(id, workerId, providerId) {
      await db
        .updateTable('outbox')
        .set({
          status: 'sent',
          sent_at: clock.now(),
          attempts: (eb) => eb('attempts', '+', 1),
          provider_id: providerId,
          locked_until: null,
          last_error: null,
          ...(options.keepPayloadAfterSend ? {} : { payload: null }),
        })
        .where('id', '=', id)
        .where('locked_by', '=', workerId)
        .execute();
    },

    async markFailed(id, workerId, error, permanent) {
      const row = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row || row.locked_by !== workerId) return row?.status ?? 'dead';
      const now = clock.now();
      const attempts = row.attempts + 1;
      const next = now + backoffMs(attempts);
      const dead = permanent || next - row.created_at > GIVE_UP_AFTER_MS;
      const status: OutboxStatus = dead ? 'dead' : 'pending';
      await db
        .updateTable('outbox')
        .set({
          status,
          attempts,
          next_attempt_at: dead ? now : next,
          locked_until: null,
          last_error: error.slice(0, 500),
        })
        .where('id', '=', id)
        .execute();
      return status;
    },

    list({ status, limit = 50 }) {
      let query = db
        .selectFrom('outbox')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(limit);
      if (status) query = query.where('status', '=', status);
      return query.execute();
    },

    async retry(id) {
      const result = await db
        .updateTable('outbox')
        .set({ status: 'pending', next_attempt_at: clock.now(), locked_until: null })
        .where('id', '=', id)
        .where('status', 'in', ['pending', 'dead'])
        .where('payload', 'is not', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async mailbox(limit) {
      const rows = await db
        .selectFrom('outbox')
        .selectAll()
        .where('channel', '!=', 'job')
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((row) => {
        const message = open(row);
        return { row, message: message?.channel === 'job' ? null : message };
      });
    },
  };
}
