/**
 * The one way a password changes — recovery, «Настройки», the forced «Новый пароль», an operator
 * or curator reset — so that every path keeps the same promises:
 *
 * - one transaction: the new hash, the ended sessions, the ended recovery flows, the audit event
 *   and the notification letter commit together or not at all;
 * - every session ends but the one the person is using (when they changed it themselves);
 * - every open recovery flow of the person ends, so an older reset link cannot set the password
 *   again after this change;
 * - a letter tells the person their password changed, with when and from where, unless the
 *   person has no email on file;
 * - `guard` runs first inside the transaction: a flow step that must be consumed exactly once
 *   (a reset link) or a comparison with the hash that was verified (settings) — when it fails,
 *   nothing is written and the caller is told `conflict`.
 *
 * Hashing happens before the transaction: argon2 takes tens of milliseconds and must not hold
 * SQLite's one writer.
 */

import type { Kysely, Transaction } from 'kysely';
import type { AuditAction, AuditLog } from '../core/audit/audit.js';
import { type Clock, formatUtc } from '../core/clock.js';
import type { FlowEngine } from '../core/flows/flow-store.js';
import type { FlowData, FlowMachine } from '../core/flows/machine.js';
import type { Locale, MessageKey, MessageParams } from '../core/i18n/i18n.js';
import {
  checkPassword,
  type PasswordPolicy,
  type PasswordViolation,
} from '../core/password-policy/policy.js';
import type { Database, Executor, Person } from '../db/schema.js';
import type { Notifier } from '../messaging/notify.js';
import type { LoadedRealm } from '../realms/realm-store.js';
import type { EndedSession, SessionService } from '../sessions/sessions.js';
import type { PeopleStore } from './people-store.js';

export interface PasswordOperationDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly people: PeopleStore;
  readonly sessions: SessionService;
  readonly audit: AuditLog;
  readonly notify: Notifier;
  readonly flows: FlowEngine;
  /** Flows a password change ends (recovery); each declares a `superseded` ended state. */
  readonly endedByPasswordChange: readonly FlowMachine<string, FlowData>[];
}

/**
 * The realm's password policy for a new password of `person`: besides the rules of length and
 * characters, not their login, birth date or names, not a common password.
 */
export function passwordViolations(
  policy: PasswordPolicy,
  person: Pick<Person, 'login' | 'birth_date' | 'last_name' | 'first_name' | 'middle_name'>,
  password: string,
): PasswordViolation[] {
  return checkPassword(password, policy, {
    login: person.login,
    birthDate: person.birth_date,
    names: [person.last_name, person.first_name, person.middle_name],
  });
}

export interface PasswordChange {
  readonly realm: LoadedRealm;
  readonly person: Person;
  /** The new argon2id hash (hashed by the caller, outside the transaction). */
  readonly hash: string;
  /** A temporary password the person must replace at the next sign-in. */
  readonly mustChange: boolean;
  /** The session the person is using, which stays; `null` ends every session. */
  readonly keepSessionId: string | null;
  readonly action: Extract<
    AuditAction,
    | 'recovery.password_set'
    | 'password.changed'
    | 'password.forced_change'
    | 'password.set_by_operator'
    | 'signature.reset_done'
  >;
  readonly actorId: string | null;
  readonly meta: { readonly ip: string | null; readonly userAgent: string | null; readonly locale: Locale };
  readonly detail?: Readonly<Record<string, string | number | boolean | null>>;
  /** Names the cause, so a retried request does not queue the letter twice. */
  readonly idempotencyKey: string;
  /** Runs first in the transaction; false → nothing is written (`conflict`). */
  readonly guard?: (trx: Transaction<Database>) => Promise<boolean>;
  /** Only if the stored hash is still this one (the one the caller verified). */
  readonly expectHash?: string | null;
}

export type PasswordChangeOutcome =
  | { readonly kind: 'changed'; readonly sessionsEnded: number }
  | { readonly kind: 'conflict' };

type Committed =
  | PasswordChangeOutcome
  | { readonly kind: 'committed'; readonly ended: readonly EndedSession[] };

export async function changePassword(
  deps: PasswordOperationDeps,
  change: PasswordChange,
): Promise<PasswordChangeOutcome> {
  const { realm, person, meta } = change;
  const now = deps.clock.now();
  const committed = await deps.db.transaction().execute(async (trx): Promise<Committed> => {
    if (change.guard && !(await change.guard(trx))) return { kind: 'conflict' };
    const stored = await deps.people.setPassword(trx, person.id, change.hash, {
      mustChange: change.mustChange,
      ...(change.expectHash !== undefined ? { expectHash: change.expectHash } : {}),
    });
    if (!stored) return { kind: 'conflict' };
    const ended = await deps.sessions.endAllOf(person.id, change.keepSessionId, trx);
    const sessionsEnded = ended.length;
    await endRecoveryFlows(deps, trx, person.id);
    await deps.audit.append(
      {
        realmId: realm.id,
        action: change.action,
        actorId: change.actorId,
        subjectId: person.id,
        ip: meta.ip,
        userAgent: meta.userAgent,
        detail: { ...change.detail, sessions_ended: sessionsEnded, temporary: change.mustChange },
      },
      trx,
    );
    if (person.email) {
      await deps.notify.email(trx, {
        realm,
        locale: meta.locale,
        personId: person.id,
        to: person.email,
        template: 'password_changed',
        params: { name: person.first_name, when: formatUtc(now), ip: meta.ip ?? '—' },
        idempotencyKey: change.idempotencyKey,
      });
    }
    return { kind: 'committed', ended };
  });
  if (committed.kind !== 'committed') return committed;
  // After the commit: the letter goes, and the applications those sessions signed in hear of it.
  deps.notify.flush();
  await deps.sessions.announceEnded(committed.ended, 'password');
  return { kind: 'changed', sessionsEnded: committed.ended.length };
}

/**
 * A person replaces their own password («Настройки», the forced «Новый пароль»): the session in
 * use stays, every other one ends, and only if the stored hash is still the one the caller
 * verified (two concurrent changes cannot both win).
 */
export function replaceOwnPassword(
  deps: PasswordOperationDeps,
  change: Pick<PasswordChange, 'realm' | 'person' | 'hash' | 'action' | 'meta' | 'idempotencyKey'> & {
    readonly sessionId: string;
  },
): Promise<PasswordChangeOutcome> {
  const { sessionId, ...rest } = change;
  return changePassword(deps, {
    ...rest,
    mustChange: false,
    keepSessionId: sessionId,
    actorId: change.person.id,
    expectHash: change.person.password_hash,
  });
}

async function endRecoveryFlows(deps: PasswordOperationDeps, trx: Executor, personId: string): Promise<void> {
  for (const machine of deps.endedByPasswordChange) {
    await deps.flows.endAllOf(trx, machine, personId, 'superseded');
  }
}

export interface PasswordProblem {
  readonly key: MessageKey;
  readonly params?: MessageParams;
}

export interface NewPasswordProblems {
  readonly password: PasswordProblem[];
  readonly password2: PasswordProblem[];
}

/**
 * A new password typed twice (recovery, the forced «Новый пароль»): the realm's policy for the
 * first entry, and the repeat for the second.
 */
export function checkNewPassword(
  policy: PasswordPolicy,
  person: Person,
  form: { readonly password: string; readonly password2: string },
): NewPasswordProblems {
  const password = passwordViolations(policy, person, form.password).map(
    (v): PasswordProblem => ({ key: v.key, ...(v.params ? { params: v.params } : {}) }),
  );
  const password2: PasswordProblem[] =
    form.password2.length === 0
      ? [{ key: 'password_change.repeat_required' }]
      : form.password2 !== form.password
        ? [{ key: 'password_change.mismatch' }]
        : [];
  return { password, password2 };
}
