/**
 * «Смена пароля» in «Настройки»: a signed-in person replaces their own password.
 *
 *   readForm → checkThrottle → verifyCurrentPassword → checkPolicy → checkMatch → checkNotSame
 *            → the password operation (one transaction: the hash, the other sessions ended, the
 *              «Пароль изменён» letter, the audit entry)
 *
 * Rules:
 * - The current password is asked again and guessing it is brute force: the `reauth` budget
 *   (shared with the contact pages, 5 answers per person in 15 minutes) is spent before the
 *   answer is checked and given back on success.
 * - Every problem is reported at once, next to its field; passwords are never echoed back.
 * - The realm's policy holds for the new password, with the person's login, birth date and names.
 * - The new password differs from the current one.
 * - The hash is replaced only if it is still the one that was verified, so two concurrent
 *   changes cannot both win; the letter and the audit entry commit with it or not at all.
 * - Every other session of the person ends: whoever knew the old password is signed out.
 */
import { z } from 'zod';
import type { PasswordHasher } from '../../core/crypto/passwords.js';
import { extended } from '../../core/extended.js';
import type { Locale, MessageKey, MessageParams } from '../../core/i18n/i18n.js';
import type { PasswordViolation } from '../../core/password-policy/policy.js';
import type { LimiterFactory } from '../../core/throttle/throttle.js';
import {
  type PasswordOperationDeps,
  passwordViolations,
  replaceOwnPassword,
} from '../../directory/password-operation.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import { reauthenticate } from '../../sessions/reauth.js';
import type { SignedInWithHash } from '../../web/auth.js';
import { type FormErrors, formText } from '../../web/form.js';

export interface PasswordChangeDeps extends PasswordOperationDeps {
  readonly passwords: PasswordHasher;
  readonly limiters: LimiterFactory;
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

/**
 * The posted form. Any length up to the body limit is read, so that the checks name the problem
 * («не более 128 символов»); a repeated field is refused next to it.
 */
export const PasswordFormSchema = z.object({
  current_password: formText(64 * 1024),
  password: formText(64 * 1024),
  password2: formText(64 * 1024),
});

/** The form's own refusals (a repeated field), as the page shows problems. */
export function formProblems(errors: FormErrors<keyof typeof PasswordFormSchema.shape>): PasswordProblems {
  const list = (key: MessageKey | undefined): Problem[] => (key ? [{ key }] : []);
  return {
    current: list(errors.current_password),
    password: list(errors.password),
    password2: list(errors.password2),
  };
}

export async function changeOwnPassword(
  deps: PasswordChangeDeps,
  realm: LoadedRealm,
  signedIn: SignedInWithHash,
  form: PasswordForm,
  meta: ChangeMeta,
): Promise<PasswordChangeOutcome> {
  const { person, session } = signedIn;
  // checkThrottle
  const reauth = reauthenticate(deps, person);
  const state = await reauth.allowed();
  if (!state.allowed) return { kind: 'throttled', retryAfterSeconds: state.retryAfterSeconds };

  // verifyCurrentPassword: the guess is counted before argon2 sees it.
  const current: Problem[] = [];
  const verdict =
    form.current.length > MAX_CURRENT_LENGTH
      ? ({ kind: 'wrong' } as const)
      : await reauth.verify(form.current);
  if (verdict.kind === 'throttled')
    return { kind: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds };
  if (verdict.kind === 'missing') current.push({ key: 'settings.current_password_required' });
  else if (verdict.kind === 'wrong') current.push({ key: 'settings.current_password_wrong' });
  // checkPolicy
  const password: Problem[] = passwordViolations(realm.settings.passwordPolicy, person, form.password);
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

  // store: only if the hash is still the one verified above — two concurrent changes cannot both
  // win; the "current" password typed here may no longer be current.
  const changed = await replaceOwnPassword(deps, {
    realm,
    person,
    sessionId: session.id,
    hash: await deps.passwords.hash(form.password),
    action: 'password.changed',
    meta,
    idempotencyKey: `password-changed:${person.id}:${deps.clock.now()}`,
  });

  if (changed.kind === 'conflict')
    return {
      kind: 'invalid',
      problems: extended(NO_PROBLEMS, { current: [{ key: 'settings.current_password_wrong' }] }),
    };
  return { kind: 'changed', otherSessionsEnded: changed.sessionsEnded };
}
