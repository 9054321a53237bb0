/**
 * «Выберите свой новый пароль»: the last step of both ways back in (the link, the SMS code). The
 * password goes through the one password operation (`directory/password-operation.ts`): in one
 * transaction the flow is consumed (moved to `done` once — a second request finds it moved),
 * the hash is set, every session of the person ends, every other open recovery flow of theirs
 * is superseded, `recovery.password_set` is audited and the «Пароль изменён» letter is queued.
 */
import { z } from 'zod';
import type { Flow } from '../../core/flows/flow-store.js';
import type { Person } from '../../db/schema.js';
import {
  changePassword,
  checkNewPassword,
  type NewPasswordProblems,
} from '../../directory/password-operation.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import { type FormErrors, formText } from '../../web/form.js';
import {
  type Meta,
  type RecoveryData,
  type RecoveryDeps,
  type RecoveryState,
  recoveryFlow,
} from './machine.js';

/** The new password twice; the SMS branch's form also names its flow. */
export const NewPasswordForm = z.object({ password: formText(1024), password2: formText(1024) });

export type PasswordProblems = NewPasswordProblems;

/** A form that could not be read (a field repeated or far too long), as the page's problems. */
export function unreadablePassword(errors: FormErrors<'password' | 'password2'>): PasswordProblems {
  return {
    password: errors.password ? [{ key: errors.password }] : [],
    password2: errors.password2 ? [{ key: errors.password2 }] : [],
  };
}

export type SetPasswordOutcome =
  | { readonly kind: 'done' }
  | ({ readonly kind: 'invalid' } & NewPasswordProblems)
  | { readonly kind: 'gone' };

export async function setNewPassword(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  flow: Flow<RecoveryState, RecoveryData>,
  person: Person,
  form: { readonly password: string; readonly password2: string },
  meta: Meta,
): Promise<SetPasswordOutcome> {
  const problems = checkNewPassword(realm.settings.passwordPolicy, person, form);
  if (problems.password.length > 0 || problems.password2.length > 0) return { kind: 'invalid', ...problems };
  const changed = await changePassword(deps, {
    realm,
    person,
    hash: await deps.passwords.hash(form.password),
    mustChange: false,
    keepSessionId: null,
    action: 'recovery.password_set',
    actorId: person.id,
    meta: { ip: meta.ip, userAgent: meta.userAgent, locale: meta.locale },
    detail: { via: flow.state === 'code_ok' ? 'sms' : 'email' },
    idempotencyKey: `recovery-done:${flow.id}`,
    // Single use: the flow moves to `done` once; a second request finds it moved.
    guard: (trx) => deps.flows.move(trx, recoveryFlow, flow, 'done'),
  });
  return changed.kind === 'changed' ? { kind: 'done' } : { kind: 'gone' };
}
