/**
 * The typed shape of the database, shared by every store. Times are integer milliseconds since
 * the epoch (portable across SQLite and PostgreSQL; `pg` is told to parse int8 as number), dates
 * without time are `YYYY-MM-DD` text, flags are 0/1 integers, JSON is text.
 */
import type { Generated, Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type {
  ApiTokenTable,
  ConsentAcceptanceTable,
  HelpRequestTable,
  OidcClientTable,
  OidcConsentTable,
  OidcPayloadTable,
  OidcSessionLinkTable,
  OidcSigningKeyTable,
  PasskeyTable,
  RecoveryCodeTable,
  RegionAdministratorTable,
  RosterImportTable,
  SignatureEvidenceTable,
  TotpFactorTable,
} from './schema-capabilities.js';

export * from './schema-capabilities.js';

export interface RealmTable {
  id: string; // slug: dnevnik, eljur, recycle, ...
  preset: string;
  name: string;
  /** JSON overrides on top of the preset's settings. */
  settings: string;
  created_at: number;
}

export interface RegionTable {
  id: string;
  realm_id: string;
  code: string;
  name: string;
}

export interface OrganisationTable {
  id: string;
  realm_id: string;
  region_id: string | null;
  kind: string; // school | company | department
  name: string;
  /** School number as people say it ("1399"), optional for companies. */
  number: string | null;
  /** Short address slug, unique per realm: /s/1399. */
  slug: string;
  bin: string | null;
  contact_office: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  created_at: number;
}

/**
 * A realm's organisation version: a new random value in the same transaction as every write
 * that creates, renames, renumbers, moves or deletes one of its organisations (triggers of
 * migration 0018). The school search rebuilds its in-memory index when it changes.
 */
export interface OrganisationVersionTable {
  realm_id: string;
  version: string;
}

export interface ClassTable {
  id: string;
  organisation_id: string;
  name: string; // "6А"
  created_at: number;
}

export type PersonStatus = 'active' | 'blocked';
export type Gender = 'male' | 'female';

export interface PersonTable {
  id: string;
  realm_id: string;
  login: string;
  /** NFKC + lower case; unique per realm, so logins are case-insensitive. */
  login_normalized: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  birth_date: string | null;
  gender: Gender | null;
  snils: string | null; // 11 digits, control sum checked
  iin: string | null; // 12 digits, control digit checked
  email: string | null;
  email_normalized: string | null;
  email_verified_at: number | null;
  phone: string | null; // E.164
  phone_verified_at: number | null;
  password_hash: string | null;
  password_must_change: number;
  password_changed_at: number | null;
  status: PersonStatus;
  activated_at: number | null;
  created_at: number;
  updated_at: number;
}

export type Role = 'student' | 'parent' | 'teacher' | 'staff' | 'admin' | 'curator' | 'support';
export const ROLES: readonly Role[] = [
  'student',
  'parent',
  'teacher',
  'staff',
  'admin',
  'curator',
  'support',
];

export interface MembershipTable {
  id: string;
  person_id: string;
  organisation_id: string;
  class_id: string | null;
  role: Role;
  created_at: number;
}

export interface GuardianshipTable {
  parent_id: string;
  child_id: string;
  created_at: number;
}

export type ExternalProvider = 'esia' | 'ncalayer';

export interface ExternalIdentityTable {
  id: string;
  realm_id: string;
  person_id: string;
  provider: ExternalProvider;
  /** ESIA oid, or the IIN/certificate subject for a signature. */
  subject: string;
  linked_at: number;
  last_used_at: number | null;
}

export interface SessionTable {
  /** Keyed hash of the session token (hex); the token itself is never stored. */
  id: string;
  realm_id: string;
  person_id: string;
  created_at: number;
  last_seen_at: number;
  /** Absolute end of life; the idle end is last_seen_at + the realm's idle timeout. */
  expires_at: number;
  ip: string | null;
  user_agent: string | null;
  method: string; // password | esia | signature | passkey
  /** The sign-in's second step: totp | recovery_code | passkey, or null when there was none. */
  second_factor: string | null;
}

export interface FlowTable {
  id: string;
  realm_id: string;
  kind: string;
  state: string;
  person_id: string | null;
  /** JSON: the flow's own data; secrets in it are keyed hashes. */
  data: string;
  /** Guesses counted in the current state (reset when the state changes). */
  attempts: number;
  /** Compared and bumped by every write of state or data. */
  version: Generated<number>;
  /** Keyed hash of the browser token the flow is bound to, if it is bound. */
  browser_hash: string | null;
  expires_at: number;
  created_at: number;
  updated_at: number;
}

export interface AuditEventTable {
  id: Generated<number>;
  realm_id: string | null;
  at: number;
  action: string;
  actor_id: string | null;
  subject_id: string | null;
  organisation_id: string | null;
  ip: string | null;
  user_agent: string | null;
  /** JSON with non-secret detail. */
  detail: string;
}

/** `job`: work the outbox worker does off the request path (`messaging/jobs.ts`). */
export type OutboxChannel = 'email' | 'sms' | 'job';
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'dead';

export interface OutboxTable {
  id: string;
  realm_id: string | null;
  channel: OutboxChannel;
  recipient: string;
  template: string;
  locale: string;
  payload: string | null;
  idempotency_key: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: number;
  locked_until: number | null;
  locked_by: string | null;
  last_error: string | null;
  provider_id: string | null;
  person_id: string | null;
  created_at: number;
  sent_at: number | null;
}

export type InvitationStatus = 'active' | 'used' | 'void';

export interface InvitationTable {
  id: string;
  realm_id: string;
  organisation_id: string;
  person_id: string;
  prefix: string;
  code_hash: string;
  status: InvitationStatus;
  expires_at: number;
  issued_by: string | null;
  issued_at: number;
  used_at: number | null;
  used_by: string | null;
}

/** A throttle window: `points` spent until `expires_at` (shared by every instance). */
export interface ThrottleCounterTable {
  key: string;
  points: number;
  expires_at: number;
}

/** A growing-delay counter (core/throttle/database-backoff.ts). */
export interface ThrottleBackoffTable {
  key: string;
  count: number;
  next_at: number;
  since: number;
  expires_at: number;
  version: number;
}

/** A captcha challenge already answered, remembered until it would have expired anyway. */
export interface CaptchaAnswerTable {
  nonce: string;
  expires_at: number;
}

/** Present only inside the janitor's pruning transaction: lets it delete audit events before it. */
export interface AuditPrunePermitTable {
  before_at: number;
}

export interface Database {
  signature_evidence: SignatureEvidenceTable;
  region_administrators: RegionAdministratorTable;
  roster_imports: RosterImportTable;
  help_requests: HelpRequestTable;
  realms: RealmTable;
  regions: RegionTable;
  organisations: OrganisationTable;
  organisation_versions: OrganisationVersionTable;
  classes: ClassTable;
  people: PersonTable;
  memberships: MembershipTable;
  guardianships: GuardianshipTable;
  external_identities: ExternalIdentityTable;
  sessions: SessionTable;
  flows: FlowTable;
  audit_events: AuditEventTable;
  audit_prune_permits: AuditPrunePermitTable;
  outbox: OutboxTable;
  invitations: InvitationTable;
  throttle_counters: ThrottleCounterTable;
  throttle_backoff: ThrottleBackoffTable;
  captcha_answers: CaptchaAnswerTable;
  oidc_payloads: OidcPayloadTable;
  oidc_signing_keys: OidcSigningKeyTable;
  oidc_clients: OidcClientTable;
  oidc_consents: OidcConsentTable;
  oidc_session_links: OidcSessionLinkTable;
  api_tokens: ApiTokenTable;
  totp_factors: TotpFactorTable;
  recovery_codes: RecoveryCodeTable;
  passkeys: PasskeyTable;
  consent_acceptances: ConsentAcceptanceTable;
}

export type Person = Selectable<PersonTable>;

/**
 * Every column of `people`, named: a query that reads a whole person lists them instead of
 * `select *`, so its prepared statement on PostgreSQL survives a column added by a migration
 * (db/connect.ts, `withNamedStatements`). The check below fails to compile when a column of
 * PersonTable is missing here.
 */
export const PERSON_ALL_COLUMNS = [
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
  'password_hash',
  'password_must_change',
  'password_changed_at',
  'status',
  'activated_at',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof PersonTable)[];
const everyPersonColumn: Exclude<keyof PersonTable, (typeof PERSON_ALL_COLUMNS)[number]> extends never
  ? true
  : false = true;
void everyPersonColumn;
export type NewPerson = Insertable<PersonTable>;
export type PersonUpdate = Updateable<PersonTable>;
export type Organisation = Selectable<OrganisationTable>;
export type Realm = Selectable<RealmTable>;
export type Session = Selectable<SessionTable>;
export type Flow = Selectable<FlowTable>;
export type AuditEvent = Selectable<AuditEventTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type Invitation = Selectable<InvitationTable>;
export type HelpRequest = Selectable<HelpRequestTable>;
export type RosterImport = Selectable<RosterImportTable>;

/** Where a store writes: the pool, or the caller's transaction (so writes that belong together commit together). */
export type Executor = Kysely<Database> | Transaction<Database>;
