/**
 * «Смена пароля» in «Настройки»: a signed-in person replaces their own password.
 *
 *   readForm → checkThrottle → verifyCurrentPassword → checkPolicy → checkMatch → checkNotSame
 *            → store (one transaction: the hash, the «Пароль изменён» letter, the audit entry)
 *            → endOtherSessions → flush
 *
 * Rules:
 * - The current password is asked again and guessing it is brute force: the `reauth` limiter
 *   (shared with the contact pages, 5 wrong answers per person in 15 minutes) is checked first,
 *   spent on a wrong answer and reset on success.
 * - Every problem is reported at once, next to its field; passwords are never echoed back.
 * - The realm's policy holds for the new password, with the person's login, birth date and names.
 * - The new password differs from the current one.
 * - The hash is replaced only if it is still the one that was verified, so two concurrent
 *   changes cannot both win; the letter and the audit entry commit with it or not at all.
 * - Every other session of the person ends: whoever knew the old password is signed out.
 */
import type { Kysely, Transaction } from 'kysely';
import type { AuditEntry } from '../../core/audit/audit.js';
import type { Clock } from '../../core/clock.js';
import type { PasswordHasher } from '../../core/crypto/passwords.js';
import type { Locale, MessageKey, MessageParams } from '../../core/i18n/i18n.js';
import { checkPassword, type PasswordViolation } from '../../core/password-policy/policy.js';
import type { LimiterFactory } from '../../core/throttle/throttle.js';
import type { Database } from '../../db/schema.js';
import type { Notifier } from '../../messaging/notify.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import { REAUTH_LIMIT } from '../../sessions/reauth.js';
import type { SessionService, SignedIn } from '../../sessions/sessions.js';
import { formatUtc } from './format.js';

export interface PasswordChangeDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly passwords: PasswordHasher;
  readonly limiters: LimiterFactory;
  readonly notify: Notifier;
  readonly sessions: SessionService;
}

/**
 * Longer than any policy allows (1024 at most): nothing that long is the stored password, so it
 * is not worth an argon2 run.
 */
const MAX_CURRENT_LENGTH = 1024;

export interface PasswordForm {
  readonly current: string;
  readonly password: string;
  readonly password2: string;
}

export type Problem = { readonly key: MessageKey; readonly params?: MessageParams } | PasswordViolation;

export interface PasswordProblems {
  readonly current: readonly Problem[];
  readonly password: readonly Problem[];
  readonly password2: readonly Problem[];
}

export const NO_PROBLEMS: PasswordProblems = { current: [], password: [], password2: [] };

export type PasswordChangeOutcome =
  | { readonly kind: 'changed'; readonly otherSessionsEnded: number }
  | { readonly kind: 'invalid'; readonly problems: PasswordProblems }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number };

export interface ChangeMeta {
  readonly ip: string;
  readonly userAgent: string | null;
  readonly locale: Locale;
}

export function readPasswordForm(body: unknown): PasswordForm {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const text = (name: string): string => (typeof fields[name] === 'string' ? (fields[name] as string) : '');
  return { current: text('current_password'), password: text('password'), password2: text('password2') };
}

export async function changePassword(
  deps: PasswordChangeDeps,
  realm: LoadedRealm,
  signedIn: SignedIn,
  form: PasswordForm,
  meta: ChangeMeta,
): Promise<PasswordChangeOutcome> {
  const { person, session } = signedIn;
  // checkThrottle
  const limiter = deps.limiters.limiter(REAUTH_LIMIT);
  const state = await limiter.check(person.id);
  if (!state.allowed) return { kind: 'throttled', retryAfterSeconds: state.retryAfterSeconds };

  // verifyCurrentPassword
  const current: Problem[] = [];
  if (form.current.length === 0) current.push({ key: 'settings.current_password_required' });
  else if (
    form.current.length > MAX_CURRENT_LENGTH ||
    !person.password_hash ||
    !(await deps.passwords.verify(person.password_hash, form.current))
  ) {
    await limiter.hit(person.id);
    current.push({ key: 'settings.current_password_wrong' });
  }
  // checkPolicy
  const password: Problem[] = checkPassword(form.password, realm.settings.passwordPolicy, {
    login: person.login,
    birthDate: person.birth_date,
    names: [person.last_name, person.first_name, person.middle_name],
  });
  // checkMatch
  const password2: Problem[] = [];
  if (form.password2.length === 0) password2.push({ key: 'settings.repeat_required' });
  else if (form.password2 !== form.password) password2.push({ key: 'settings.mismatch' });
  // checkNotSame: only against a verified current password; next to a wrong guess it means nothing.
  if (current.length === 0 && password.length === 0 && form.password === form.current) {
    password.push({ key: 'settings.same_as_current' });
  }
  if (current.length > 0 || password.length > 0 || password2.length > 0) {
    return { kind: 'invalid', problems: { current, password, password2 } };
  }
  await limiter.reset(person.id);

  // store
  const verifiedHash = person.password_hash ?? '';
  const newHash = await deps.passwords.hash(form.password);
  const now = deps.clock.now();
  const stored = await deps.db.transaction().execute(async (trx): Promise<boolean> => {
    // `people.setPassword` and `audit.append` write through the pool, not this transaction (and
    // on SQLite, whose one connection this transaction holds, they would wait forever).
    const updated = await trx
      .updateTable('people')
      .set({ password_hash: newHash, password_must_change: 0, password_changed_at: now, updated_at: now })
      .where('id', '=', person.id)
      .where('password_hash', '=', verifiedHash)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return false;
    if (person.email) {
      await deps.notify.email(trx, {
        realm,
        locale: meta.locale,
        personId: person.id,
        to: person.email,
        template: 'password_changed',
        params: { name: person.first_name, when: formatUtc(now), ip: meta.ip },
        idempotencyKey: `password-changed:${person.id}:${now}`,
      });
    }
    await appendAudit(trx, now, {
      realmId: realm.id,
      action: 'password.changed',
      actorId: person.id,
      subjectId: person.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
    return true;
  });
  // Another request changed the password since this one verified it: the "current" password
  // typed here is no longer current.
  if (!stored)
    return {
      kind: 'invalid',
      problems: { ...NO_PROBLEMS, current: [{ key: 'settings.current_password_wrong' }] },
    };

  // endOtherSessions + flush
  const otherSessionsEnded = await deps.sessions.revokeAllOf(person.id, session.id);
  deps.notify.flush();
  return { kind: 'changed', otherSessionsEnded };
}

/** `AuditLog.append`, but inside the caller's transaction. Same row shape. */
async function appendAudit(trx: Transaction<Database>, at: number, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_events')
    .values({
      realm_id: entry.realmId,
      at,
      action: entry.action,
      actor_id: entry.actorId ?? null,
      subject_id: entry.subjectId ?? null,
      organisation_id: entry.organisationId ?? null,
      ip: entry.ip ?? null,
      user_agent: entry.userAgent ? entry.userAgent.slice(0, 300) : null,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute();
}
