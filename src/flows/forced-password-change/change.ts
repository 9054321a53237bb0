/**
 * «Новый пароль»: a person signed in with a temporary password (issued by a curator or by the
 * CLI) must choose their own before anything else.
 *
 *   readForm → checkMatch → checkPolicy → store → endOtherSessions → record
 *
 * Rules: the two entries match; the realm's policy holds (length, classes, forbidden
 * characters, not the login, birth date or name, not a common password); the new password is
 * not the temporary one; every other session of the person ends.
 */
import { z } from 'zod';
import type { PasswordHasher } from '../../core/crypto/passwords.js';
import type { Locale, MessageKey, MessageParams } from '../../core/i18n/i18n.js';
import type { Person, Session } from '../../db/schema.js';
import {
  checkNewPassword,
  type PasswordOperationDeps,
  replaceOwnPassword,
} from '../../directory/password-operation.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import { formText } from '../../web/form.js';

export interface ChangeDeps extends PasswordOperationDeps {
  readonly passwords: PasswordHasher;
}

export interface ChangeForm {
  readonly password: string;
  readonly password2: string;
}

export interface Problem {
  readonly key: MessageKey;
  readonly params?: MessageParams;
}

export type ChangeOutcome =
  | { readonly kind: 'changed' }
  | {
      readonly kind: 'invalid';
      readonly password: readonly Problem[];
      readonly password2: readonly Problem[];
    };

/**
 * The posted form: two entries of the new password. Any length up to the body limit is read,
 * so that the policy names the problem («не более 128 символов»); a repeated field is refused.
 */
export const ChangeFormSchema = z.object({ password: formText(64 * 1024), password2: formText(64 * 1024) });

export async function changeTemporaryPassword(
  deps: ChangeDeps,
  realm: LoadedRealm,
  signedIn: { person: Person; session: Session },
  form: ChangeForm,
  meta: { readonly ip: string; readonly userAgent: string | null; readonly locale: Locale },
): Promise<ChangeOutcome> {
  const { person, session } = signedIn;
  // checkPolicy + checkMatch
  const { password: violations, password2: mismatch } = checkNewPassword(
    realm.settings.passwordPolicy,
    person,
    form,
  );
  if (
    violations.length === 0 &&
    person.password_hash &&
    (await deps.passwords.verify(person.password_hash, form.password))
  ) {
    violations.push({ key: 'password_change.same_as_temporary' });
  }
  if (violations.length > 0 || mismatch.length > 0) {
    return { kind: 'invalid', password: violations, password2: mismatch };
  }
  // store + endOtherSessions + record + notify: the one password operation.
  const changed = await replaceOwnPassword(deps, {
    realm,
    person,
    sessionId: session.id,
    hash: await deps.passwords.hash(form.password),
    action: 'password.forced_change',
    meta,
    idempotencyKey: `password-forced:${person.id}:${session.id}`,
  });
  // Another request of this session changed the temporary password first.
  if (changed.kind === 'conflict')
    return { kind: 'invalid', password: [{ key: 'password_change.changed_meanwhile' }], password2: [] };
  return { kind: 'changed' };
}
