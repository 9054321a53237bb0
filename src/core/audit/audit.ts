/**
 * The audit log: every security-relevant event, appended (the table refuses UPDATE and DELETE in
 * the database itself). Detail is for people reading the log; it never holds a password, token
 * or code.
 */
import type { CompiledQuery, Insertable, Kysely, Transaction } from 'kysely';
import type { AuditEventTable, Database } from '../../db/schema.js';
import type { Clock } from '../clock.js';

export const AUDIT_ACTIONS = [
  'signin.succeeded',
  'signin.failed',
  'signin.throttled',
  'signin.blocked_person',
  'signout',
  'password.changed',
  'password.forced_change',
  'password.rehashed',
  'password.set_by_operator',
  'person.created',
  'person.blocked',
  'person.unblocked',
  'person.region_admin_granted',
  'person.corrected',
  'membership.added',
  'membership.removed',
  'roster.checked',
  'roster.imported',
  'help.requested',
  'help.throttled',
  'help.checked',
  'help.login_shown',
  'help.closed',
  'session.ended_by_person',
  'contact.email_changed',
  'contact.email_confirmation_sent',
  'contact.email_confirmed',
  'contact.email_link_rejected',
  'contact.phone_changed',
  'contact.phone_code_sent',
  'contact.phone_code_wrong',
  'contact.phone_code_locked',
  'contact.phone_confirmed',
  'contact.sms_capped',
  'recovery.requested',
  'recovery.letter_queued',
  'recovery.login_reminder_queued',
  'recovery.throttled',
  'recovery.captcha_wrong',
  'recovery.link_rejected',
  'recovery.digits_wrong',
  'recovery.code_sent',
  'recovery.code_wrong',
  'recovery.flow_ended',
  'recovery.flow_expired',
  'recovery.password_set',
  'invitation.issued',
  'invitation.voided',
  'invitation.printed',
  'invitation.used',
  'invitation.rejected',
  'registration.completed',
  'credentials.issued',
  'credentials.printed',
  'oidc.authorized',
  'oidc.token_issued',
  'oidc.refused',
  'oidc.logout',
  'oidc.backchannel_logout',
  'oidc.consent_granted',
  'oidc.consent_refused',
  'oidc.access_revoked',
  'oidc.client_added',
  'oidc.client_removed',
  'oidc.client_secret_rotated',
  'oidc.keys_rotated',
  'api.token_created',
  'api.token_revoked',
  'api.token_rejected',
  'api.scope_refused',
  'realm.created',
  'realm.settings_changed',
  'realm.imported',
  'esia.signin_succeeded',
  'esia.signin_failed',
  'esia.linked',
  'esia.unlinked',
  'esia.registered',
  'signature.refused',
  'signature.accepted',
  'signature.unknown_person',
  'signature.password_failed',
  'signature.signed_in',
  'signature.reset_signed',
  'signature.reset_code_sent',
  'signature.reset_code_wrong',
  'signature.reset_done',
  'second_factor.passed',
  'second_factor.failed',
  'second_factor.reused',
  'second_factor.throttled',
  'second_factor.locked',
  'second_factor.reset',
  'totp.enrolled',
  'totp.removed',
  'totp.remove_refused',
  'recovery_codes.issued',
  'recovery_codes.used',
  'passkey.added',
  'passkey.removed',
  'passkey.rejected',
  'consent.accepted',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  readonly realmId: string | null;
  readonly action: AuditAction;
  readonly actorId?: string | null;
  readonly subjectId?: string | null;
  readonly organisationId?: string | null;
  readonly ip?: string | null;
  readonly userAgent?: string | null;
  readonly detail?: Readonly<Record<string, string | number | boolean | null>>;
}

export interface AuditRecord {
  readonly id: number;
  readonly realmId: string | null;
  readonly at: number;
  readonly action: string;
  readonly actorId: string | null;
  readonly subjectId: string | null;
  readonly organisationId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly detail: Record<string, unknown>;
}

export interface AuditLog {
  /**
   * Appends an event. Inside a transaction pass it as `executor`: the event then commits or
   * rolls back with the change it records (and SQLite's single connection is not waited on).
   */
  append(entry: AuditEntry, executor?: Kysely<Database> | Transaction<Database>): Promise<void>;
  /**
   * The event's insert, to be sent with other writes as one (db/write-batch.ts); `written` once
   * it is committed.
   */
  toAppend(entry: AuditEntry): { readonly write: CompiledQuery; written(): void };
  /** Many events in multi-row inserts (a roster import's people), in the caller's transaction. */
  appendMany(
    entries: readonly AuditEntry[],
    executor?: Kysely<Database> | Transaction<Database>,
  ): Promise<void>;
  listForRealm(realmId: string, limit?: number): Promise<AuditRecord[]>;
  listForSubject(subjectId: string, limit?: number): Promise<AuditRecord[]>;
  listForOrganisation(organisationId: string, limit?: number): Promise<AuditRecord[]>;
}

/**
 * `observe` is told of every event once it is written (the metrics count sign-ins and recoveries
 * there); it must be cheap and must not throw.
 */
export function auditLog(
  db: Kysely<Database>,
  clock: Clock,
  observe?: (entry: AuditEntry) => void,
): AuditLog {
  const select = () => db.selectFrom('audit_events').selectAll().orderBy('at', 'desc').orderBy('id', 'desc');
  const toRecord = (row: {
    id: number;
    realm_id: string | null;
    at: number;
    action: string;
    actor_id: string | null;
    subject_id: string | null;
    organisation_id: string | null;
    ip: string | null;
    user_agent: string | null;
    detail: string;
  }): AuditRecord => ({
    id: row.id,
    realmId: row.realm_id,
    at: row.at,
    action: row.action,
    actorId: row.actor_id,
    subjectId: row.subject_id,
    organisationId: row.organisation_id,
    ip: row.ip,
    userAgent: row.user_agent,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  });
  // Every sign-in and most requests that change something append an event: the insert is
  // compiled once (by `db`, so in the dialect's own SQL) and run with the entry's values. The
  // sample's values are all distinct, so finding them back as the parameters, in order, proves
  // which column each one fills.
  type Row = Required<Omit<Insertable<AuditEventTable>, 'id'>>;
  const sample: Row = {
    realm_id: '\u0000realm',
    at: -1,
    action: '\u0000action',
    actor_id: '\u0000actor',
    subject_id: '\u0000subject',
    organisation_id: '\u0000organisation',
    ip: '\u0000ip',
    user_agent: '\u0000ua',
    detail: '\u0000detail',
  };
  const columns = Object.keys(sample) as (keyof Row)[];
  const insert = db.insertInto('audit_events').values(sample).compile();
  const inOrder =
    insert.parameters.length === columns.length &&
    columns.every((c, i) => insert.parameters[i] === sample[c]);
  if (!inOrder) throw new Error('audit insert: parameters are not the columns in order');
  const rowOf = (entry: AuditEntry): Row => ({
    realm_id: entry.realmId,
    at: clock.now(),
    action: entry.action,
    actor_id: entry.actorId ?? null,
    subject_id: entry.subjectId ?? null,
    organisation_id: entry.organisationId ?? null,
    ip: entry.ip ?? null,
    user_agent: entry.userAgent ? entry.userAgent.slice(0, 300) : null,
    detail: JSON.stringify(entry.detail ?? {}),
  });
  const insertOf = (entry: AuditEntry): CompiledQuery => {
    const row = rowOf(entry);
    return { ...insert, parameters: columns.map((c) => row[c]) };
  };
  return {
    async appendMany(entries, executor = db) {
      for (let i = 0; i < entries.length; i += 500) {
        await executor
          .insertInto('audit_events')
          .values(entries.slice(i, i + 500).map(rowOf))
          .execute();
      }
    },
    async append(entry, executor = db) {
      await executor.executeQuery(insertOf(entry));
      observe?.(entry);
    },
    toAppend(entry) {
      return { write: insertOf(entry), written: () => observe?.(entry) };
    },
    async listForRealm(realmId, limit = 100) {
      return (await select().where('realm_id', '=', realmId).limit(limit).execute()).map(toRecord);
    },
    async listForSubject(subjectId, limit = 100) {
      return (await select().where('subject_id', '=', subjectId).limit(limit).execute()).map(toRecord);
    },
    /** Events about the organisation itself and about anyone who belongs to it. */
    async listForOrganisation(organisationId, limit = 100) {
      const rows = await select()
        .where((eb) =>
          eb.or([
            eb('organisation_id', '=', organisationId),
            eb(
              'subject_id',
              'in',
              eb.selectFrom('memberships').select('person_id').where('organisation_id', '=', organisationId),
            ),
          ]),
        )
        .limit(limit)
        .execute();
      return rows.map(toRecord);
    },
  };
}
