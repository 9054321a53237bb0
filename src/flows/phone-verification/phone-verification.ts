/**
 * Confirming a mobile phone with a 6-digit SMS code.
 *
 * States:  code_sent ──(right code)──────────────▶ done
 *             │ ──(wrong code × MAX_ATTEMPTS)────▶ locked
 *             │ ──(a new number or flow)────────▶ superseded
 *             └──(CODE_TTL passes)─────────────▶ expired (by time)
 *
 * request: readForm → verifyCurrentPassword → checkPhone → checkSmsBudget → store (a new number
 *          clears its confirmation) → startFlow → queueSms
 * verify:  loadFlow (same realm, kind and person) → checkState → checkFormat → matchCode
 *          (constant time; count failures, lock at the limit) → markConfirmed
 * resend:  loadFlow → checkState → checkResends → checkSmsBudget → newCode → queueSms
 */
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditLog } from '../../core/audit/audit.js';
import { type Clock, MINUTE } from '../../core/clock.js';
import type { PasswordHasher } from '../../core/crypto/passwords.js';
import type { KeyedHasher } from '../../core/crypto/secrets.js';
import type { FlowStore, LiveFlow } from '../../core/flows/legacy-flow-store.js';
import type { Locale, MessageKey, MessageParams } from '../../core/i18n/i18n.js';
import { checkPhone } from '../../core/identifiers/phone.js';
import type { LimiterFactory } from '../../core/throttle/throttle.js';
import type { Database, Person } from '../../db/schema.js';
import type { Notifier } from '../../messaging/notify.js';
import type { SmsBudget } from '../../messaging/sms-budget.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import { reauthenticate } from '../../sessions/reauth.js';

export const KIND = 'phone-verification';
export const CODE_TTL_MS = 10 * MINUTE;
export const MAX_ATTEMPTS = 5;
export const MAX_RESENDS = 3;

export interface PhoneVerificationDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly keyed: KeyedHasher;
  readonly passwords: PasswordHasher;
  readonly legacyFlows: FlowStore;
  readonly notify: Notifier;
  readonly audit: AuditLog;
  readonly limiters: LimiterFactory;
  readonly smsBudget: SmsBudget;
}

interface FlowState extends Record<string, string | number> {
  readonly phone: string;
  readonly codeHash: string;
  readonly resends: number;
}

export interface Meta {
  readonly ip: string;
  readonly userAgent: string | null;
  readonly locale: Locale;
}

export interface Problem {
  readonly key: MessageKey;
  readonly params?: MessageParams;
}

export type FieldErrors = Partial<Record<'password' | 'phone' | 'code', Problem>>;

export type RequestOutcome =
  | { readonly kind: 'sent'; readonly flowId: string }
  | { readonly kind: 'invalid'; readonly errors: FieldErrors; readonly phone: string }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number; readonly reason: 'reauth' | 'sms' };

export type VerifyOutcome =
  | { readonly kind: 'confirmed' }
  | { readonly kind: 'wrong'; readonly remaining: number }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'locked' }
  | { readonly kind: 'expired' }
  | { readonly kind: 'gone' };

export type ResendOutcome =
  | { readonly kind: 'sent' }
  | { readonly kind: 'limit' }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number }
  | { readonly kind: 'expired' }
  | { readonly kind: 'gone' };

export function readForm(body: unknown): Record<'password' | 'phone' | 'code', string> {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const text = (name: string): string => (typeof fields[name] === 'string' ? (fields[name] as string) : '');
  return { password: text('password'), phone: text('phone'), code: text('code') };
}

const newCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

export async function requestCode(
  deps: PhoneVerificationDeps,
  realm: LoadedRealm,
  person: Person,
  form: { password: string; phone: string },
  meta: Meta,
): Promise<RequestOutcome> {
  const reauth = reauthenticate(deps, person);
  const state = await reauth.allowed();
  if (!state.allowed)
    return { kind: 'throttled', retryAfterSeconds: state.retryAfterSeconds, reason: 'reauth' };

  // verifyCurrentPassword + checkPhone
  const errors: FieldErrors = {};
  const phone = checkPhone(form.phone, realm.preset === 'recycle' ? 'KZ' : 'RU');
  if (!phone.ok) errors.phone = { key: phone.code };
  const current = await reauth.verify(form.password);
  if (current.kind === 'throttled')
    return { kind: 'throttled', retryAfterSeconds: current.retryAfterSeconds, reason: 'reauth' };
  if (current.kind === 'missing') errors.password = { key: 'contacts.current_password_required' };
  else if (current.kind === 'wrong') errors.password = { key: 'contacts.current_password_wrong' };
  if (Object.keys(errors).length > 0 || !phone.ok)
    return { kind: 'invalid', errors, phone: form.phone.slice(0, 30) };

  // checkSmsBudget: over a cap nothing is queued.
  const budget = await deps.smsBudget.reserve({ realmId: realm.id, phone: phone.phone, ip: meta.ip });
  if (!budget.allowed) {
    await deps.audit.append({
      realmId: realm.id,
      action: 'contact.sms_capped',
      actorId: person.id,
      subjectId: person.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
    return { kind: 'throttled', retryAfterSeconds: budget.retryAfterSeconds, reason: 'sms' };
  }

  const code = newCode();
  const flow = await deps.db.transaction().execute(async (trx) => {
    // store: a different number replaces the old one and is unconfirmed until the code comes back.
    if (person.phone !== phone.phone) {
      await trx
        .updateTable('people')
        .set({ phone: phone.phone, phone_verified_at: null, updated_at: deps.clock.now() })
        .where('id', '=', person.id)
        .execute();
      await deps.audit.append(
        {
          realmId: realm.id,
          action: 'contact.phone_changed',
          actorId: person.id,
          subjectId: person.id,
          ip: meta.ip,
          userAgent: meta.userAgent,
        },
        trx,
      );
    }
    const created = await deps.legacyFlows.create<FlowState>(trx, {
      realmId: realm.id,
      kind: KIND,
      state: 'code_sent',
      personId: person.id,
      data: { phone: phone.phone, codeHash: deps.keyed.hash('sms-code', code), resends: 0 },
      ttlMs: CODE_TTL_MS,
    });
    await deps.legacyFlows.endOthers(trx, person.id, KIND, created.id);
    await deps.notify.sms(trx, {
      realm,
      locale: meta.locale,
      personId: person.id,
      to: phone.phone,
      template: 'phone_confirmation_code',
      params: { code, expiresMinutes: CODE_TTL_MS / MINUTE },
      idempotencyKey: `phone-code:${created.id}:0`,
    });
    await deps.audit.append(
      {
        realmId: realm.id,
        action: 'contact.phone_code_sent',
        actorId: person.id,
        subjectId: person.id,
        ip: meta.ip,
        userAgent: meta.userAgent,
      },
      trx,
    );
    return created;
  });
  deps.notify.flush();
  return { kind: 'sent', flowId: flow.id };
}

/** The person's live flow, or why there is none. */
export async function loadFlow(
  deps: PhoneVerificationDeps,
  realm: LoadedRealm,
  person: Person,
  flowId: string,
): Promise<
  { kind: 'live'; flow: LiveFlow<FlowState> } | { kind: 'expired' } | { kind: 'gone' } | { kind: 'locked' }
> {
  const lookup = await deps.legacyFlows.find<FlowState>(realm.id, KIND, flowId);
  if (lookup.status === 'missing' || lookup.flow.personId !== person.id) return { kind: 'gone' };
  if (lookup.flow.state === 'locked') return { kind: 'locked' };
  if (lookup.flow.state !== 'code_sent') return { kind: 'gone' };
  if (lookup.status === 'expired') return { kind: 'expired' };
  return { kind: 'live', flow: lookup.flow };
}

export async function verifyCode(
  deps: PhoneVerificationDeps,
  realm: LoadedRealm,
  person: Person,
  flowId: string,
  input: string,
  meta: Meta,
): Promise<VerifyOutcome> {
  const loaded = await loadFlow(deps, realm, person, flowId);
  if (loaded.kind !== 'live') return loaded;
  const { flow } = loaded;
  // checkFormat: a malformed entry is a typo, not a guess; it costs no attempt.
  const code = input.replace(/\s+/g, '');
  if (!/^[0-9]{6}$/.test(code)) return { kind: 'malformed' };

  const audit = (
    action: 'contact.phone_code_wrong' | 'contact.phone_code_locked' | 'contact.phone_confirmed',
  ) =>
    deps.audit.append({
      realmId: realm.id,
      action,
      actorId: person.id,
      subjectId: person.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
    });

  // matchCode
  if (!deps.keyed.matches('sms-code', code, flow.data.codeHash)) {
    const attempts = flow.attempts + 1;
    const locked = attempts >= MAX_ATTEMPTS;
    const moved = await deps.legacyFlows.transition(deps.db, flow, {
      state: locked ? 'locked' : 'code_sent',
      attempts,
    });
    if (!moved) return { kind: 'gone' }; // another request changed it first; count nothing twice
    await audit(locked ? 'contact.phone_code_locked' : 'contact.phone_code_wrong');
    return locked ? { kind: 'locked' } : { kind: 'wrong', remaining: MAX_ATTEMPTS - attempts };
  }

  // markConfirmed: single use; only if the number is still the person's.
  const confirmed = await deps.db.transaction().execute(async (trx) => {
    if (!(await deps.legacyFlows.transition(trx, flow, { state: 'done' }))) return false;
    const result = await trx
      .updateTable('people')
      .set({ phone_verified_at: deps.clock.now() })
      .where('id', '=', person.id)
      .where('phone', '=', flow.data.phone)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  });
  if (!confirmed) return { kind: 'gone' };
  await audit('contact.phone_confirmed');
  return { kind: 'confirmed' };
}

export async function resendCode(
  deps: PhoneVerificationDeps,
  realm: LoadedRealm,
  person: Person,
  flowId: string,
  meta: Meta,
): Promise<ResendOutcome> {
  const loaded = await loadFlow(deps, realm, person, flowId);
  if (loaded.kind === 'locked') return { kind: 'gone' };
  if (loaded.kind !== 'live') return loaded;
  const { flow } = loaded;
  if (flow.data.resends >= MAX_RESENDS) return { kind: 'limit' };
  const budget = await deps.smsBudget.reserve({ realmId: realm.id, phone: flow.data.phone, ip: meta.ip });
  if (!budget.allowed) return { kind: 'throttled', retryAfterSeconds: budget.retryAfterSeconds };
  const code = newCode();
  const resends = flow.data.resends + 1;
  const sent = await deps.db.transaction().execute(async (trx) => {
    const moved = await deps.legacyFlows.transition(trx, flow, {
      state: 'code_sent',
      data: { ...flow.data, codeHash: deps.keyed.hash('sms-code', code), resends },
      expiresAt: deps.clock.now() + CODE_TTL_MS,
    });
    if (!moved) return false;
    await deps.notify.sms(trx, {
      realm,
      locale: meta.locale,
      personId: person.id,
      to: flow.data.phone,
      template: 'phone_confirmation_code',
      params: { code, expiresMinutes: CODE_TTL_MS / MINUTE },
      idempotencyKey: `phone-code:${flow.id}:${resends}`,
    });
    await deps.audit.append(
      {
        realmId: realm.id,
        action: 'contact.phone_code_sent',
        actorId: person.id,
        subjectId: person.id,
        ip: meta.ip,
        userAgent: meta.userAgent,
        detail: { resend: resends },
      },
      trx,
    );
    return true;
  });
  deps.notify.flush();
  return sent ? { kind: 'sent' } : { kind: 'gone' };
}
