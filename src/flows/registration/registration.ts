/**
 * Registration by invitation code (ElJur, article 003) at the school's address
 * `/r/:realm/s/:slug/hello`: the code, then a login, a password and contact details, then
 * «регистрация в системе успешно завершена» and sign-in.
 *
 * The module, in the order a person meets it:
 *
 *   machine.ts        the flow's states (code_ok → done), its data, its limits
 *   code-step.ts      the code page: shape → a counted lookup → the flow, bound to this browser
 *   code-guesses.ts   every code lookup counted before it is made (per IP, per flow), audited
 *   flow-load.ts      the flow of this browser at this school, and whom its code is for
 *   account-form.ts   the account form read by its schema
 *   login-check.ts    "is this login taken?": one budget per flow, IP and realm, before the lookup
 *   account-step.ts   the account form's checks: login, who registers, password, contacts
 *   children-step.ts  «Дети»: more `pt` codes, each a counted lookup
 *   complete.ts       the one transaction that registers, and what a rollback means
 *   routes*.ts        parse → call → render, one file per page
 *
 * Rules:
 * - A code is checked for its shape first, each problem with the article's explanation (no
 *   capitals; another prefix means another system). Shape problems are typos and cost nothing.
 * - A code belongs to one school: another school's code is refused at this address.
 * - `st`, `tr` and `ar` codes register the pending profile they were issued for, and only while
 *   it is pending. A `pt` code is issued on the child's name and registers a parent: the
 *   school's pending guardian record of that child when the parent says it is them, otherwise a
 *   new person with the name they type (membership `parent`). Parents and staff may add more
 *   `pt` codes under «Дети»; every child of a `pt` code gets the account as guardian.
 * - Email is required for parents (the article) and staff (our call: adults who need
 *   self-service recovery); students may leave it empty. Contacts are stored unconfirmed, a
 *   phone read by the realm's `phoneCountry`.
 * - The password follows the realm's policy with the login, birth date and names as personal
 *   data (the article's warning).
 * - Everything is written in one transaction: the account, memberships, guardianships, every
 *   code consumed, the flow moved to `done`, the audit. A code or login taken meanwhile rolls all
 *   of it back, and a second submit of the same flow finds it `done`.
 */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../../core/audit/audit.js';
import type { Clock } from '../../core/clock.js';
import type { PasswordHasher } from '../../core/crypto/passwords.js';
import type { KeyedHasher } from '../../core/crypto/secrets.js';
import type { FlowEngine } from '../../core/flows/flow-store.js';
import type { MessageKey, MessageParams } from '../../core/i18n/i18n.js';
import type { LimiterFactory } from '../../core/throttle/throttle.js';
import type { Database, Organisation } from '../../db/schema.js';
import type { PeopleStore } from '../../directory/people-store.js';
import type { InvitationStore } from '../../invitations/invitation-store.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import type { RegistrationKey } from './messages.js';
import { type RegistrationStore, registrationStore } from './registration-store.js';

export interface RegistrationDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly keyed: KeyedHasher;
  readonly passwords: PasswordHasher;
  readonly flows: FlowEngine;
  readonly audit: AuditLog;
  readonly limiters: LimiterFactory;
  readonly people: PeopleStore;
  readonly invitations: InvitationStore;
}

/** The school's registration address: the realm and the school. */
export interface Place {
  readonly realm: LoadedRealm;
  readonly school: Organisation;
}

export interface Meta {
  readonly ip: string;
  readonly userAgent: string | null;
  /** This browser's flow token (the engine's cookie binding; made by the route when missing). */
  readonly browserToken: string;
}

export interface Problem {
  readonly key: RegistrationKey | MessageKey;
  readonly params?: MessageParams;
}

export const storeOf = (deps: RegistrationDeps): RegistrationStore => registrationStore(deps.db, deps.clock);

/** Whole minutes to wait, for a message that says «через {minutes} мин.». */
export const minutesOf = (seconds: number): number => Math.max(1, Math.ceil(seconds / 60));
