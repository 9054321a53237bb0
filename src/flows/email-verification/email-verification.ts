/**
 * Confirming an email address (article 003, «Обновление информации о пользователе»).
 *
 * States:  sent ──(link opened and confirmed)──▶ done
 *            │──(a newer letter requested)────▶ superseded
 *            └──(24 h pass)───────────────────▶ expired (by time)
 *
 * request: readForm → checkThrottle → verifyCurrentPassword → checkEmail → store (change the
 *          address, clearing its confirmation; tell the old address) → startFlow → queueLetter
 * confirm: parseToken → loadFlow (same realm, same kind) → checkState (used, superseded,
 *          expired) → matchSecret (constant time) → checkAddressUnchanged → markConfirmed
 */

import type { Kysely } from 'kysely';
import type { AuditLog } from '../../core/audit/audit.js';
import type { Clock } from '../../core/clock.js';
import { HOUR } from '../../core/clock.js';
import type { PasswordHasher } from '../../core/crypto/passwords.js';
import type { KeyedHasher } from '../../core/crypto/secrets.js';
import type { FlowStore, LiveFlow } from '../../core/flows/legacy-flow-store.js';
import { formatLinkToken, newLinkSecret, parseLinkToken } from '../../core/flows/link-token.js';
import type { Locale, MessageKey } from '../../core/i18n/i18n.js';
import { checkEmail } from '../../core/identifiers/email.js';
import type { LimiterFactory } from '../../core/throttle/throttle.js';
import type { Database, Person } from '../../db/schema.js';
import type { Notifier } from '../../messaging/notify.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import { reauthenticate } from '../../sessions/reauth.js';

export const KIND = 'email-verification';
export const LINK_TTL_MS = 24 * HOUR;

export interface EmailVerificationDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly keyed: KeyedHasher;
  readonly passwords: PasswordHasher;
  readonly legacyFlows: FlowStore;
  readonly notify: Notifier;
  readonly audit: AuditLog;
  readonly limiters: LimiterFactory;
  readonly config: { readonly baseUrl: string };
}

interface FlowState extends Record<string, string> {
  readonly email: string;
  readonly secretHash: string;
}

export interface RequestMeta {
  readonly ip: string;
  readonly userAgent: string | null;
  readonly locale: Locale;
}

export type FieldErrors = Partial<Record<'password' | 'email', MessageKey>>;

export type RequestOutcome =
  | { readonly kind: 'sent'; readonly email: string }
  | { readonly kind: 'invalid'; readonly errors: FieldErrors; readonly email: string }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number };

export type ConfirmOutcome =
  | { readonly kind: 'confirmed'; readonly email: string }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'expired' }
  | { readonly kind: 'used' }
  | { readonly kind: 'superseded' }
  | { readonly kind: 'address_changed' };

export function readRequestForm(body: unknown): { password: string; email: string } {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const text = (name: string): string => (typeof fields[name] === 'string' ? (fields[name] as string) : '');
  return { password: text('password'), email: text('email') };
}

/** Masks an address for a letter to the old one: p***@mail.ru. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

export async function requestConfirmation(
  deps: EmailVerificationDeps,
  realm: LoadedRealm,
  person: Person,
  form: { password: string; email: string },
  meta: RequestMeta,
): Promise<RequestOutcome> {
  // checkThrottle: the current password is asked again; guessing it here is brute force too.
  const reauth = reauthenticate(deps, person);
  const state = await reauth.allowed();
  if (!state.allowed) return { kind: 'throttled', retryAfterSeconds: state.retryAfterSeconds };

  const errors: FieldErrors = {};
  const email = checkEmail(form.email);
  if (!email.ok) errors.email = email.code;
  // verifyCurrentPassword
  const current = await reauth.verify(form.password);
  if (current.kind === 'throttled')
    return { kind: 'throttled', retryAfterSeconds: current.retryAfterSeconds };
  if (current.kind === 'missing') errors.password = 'contacts.current_password_required';
  else if (current.kind === 'wrong') errors.password = 'contacts.current_password_wrong';
  if (Object.keys(errors).length > 0 || !email.ok) {
    return { kind: 'invalid', errors, email: form.email.slice(0, 254) };
  }

  const changed = person.email_normalized !== email.normalized;
  const secret = newLinkSecret();
  await deps.db.transaction().execute(async (trx) => {
    // store
    if (changed) {
      await trx
        .updateTable('people')
        .set({
          email: email.email,
          email_normalized: email.normalized,
          email_verified_at: null,
          updated_at: deps.clock.now(),
        })
        .where('id', '=', person.id)
        .execute();
      await deps.audit.append(
        {
          realmId: realm.id,
          action: 'contact.email_changed',
          actorId: person.id,
          subjectId: person.id,
          ip: meta.ip,
          userAgent: meta.userAgent,
        },
        trx,
      );
      if (person.email) {
        await deps.notify.email(trx, {
          realm,
          locale: meta.locale,
          personId: person.id,
          to: person.email,
          template: 'email_changed',
          params: {
            name: person.first_name,
            newEmailMasked: maskEmail(email.email),
            when: new Date(deps.clock.now()).toISOString().slice(0, 16).replace('T', ' '),
          },
          idempotencyKey: `email-changed:${person.id}:${deps.clock.now()}`,
        });
      }
    }
    // startFlow + queueLetter
    const flow = await deps.legacyFlows.create<FlowState>(trx, {
      realmId: realm.id,
      kind: KIND,
      state: 'sent',
      personId: person.id,
      data: { email: email.normalized, secretHash: deps.keyed.hash('email-link', secret) },
      ttlMs: LINK_TTL_MS,
    });
    await deps.legacyFlows.endOthers(trx, person.id, KIND, flow.id);
    await deps.notify.email(trx, {
      realm,
      locale: meta.locale,
      personId: person.id,
      to: email.email,
      template: 'email_confirmation',
      params: {
        name: person.first_name,
        link: `${deps.config.baseUrl}/r/${realm.id}/confirm/email/${formatLinkToken(flow.id, secret)}`,
        expiresHours: LINK_TTL_MS / HOUR,
      },
      idempotencyKey: `email-confirm:${flow.id}`,
    });
    await deps.audit.append(
      {
        realmId: realm.id,
        action: 'contact.email_confirmation_sent',
        actorId: person.id,
        subjectId: person.id,
        ip: meta.ip,
        userAgent: meta.userAgent,
      },
      trx,
    );
  });
  deps.notify.flush();
  return { kind: 'sent', email: email.email };
}

/** Reads a link without using it up: the page with the «Подтвердить» button. */
export async function inspectLink(
  deps: EmailVerificationDeps,
  realm: LoadedRealm,
  token: string,
): Promise<ConfirmOutcome | { readonly kind: 'ready'; readonly email: string }> {
  const found = await findFlow(deps, realm, token);
  if (found.kind !== 'ready') return found;
  return { kind: 'ready', email: found.flow.data.email };
}

async function findFlow(
  deps: EmailVerificationDeps,
  realm: LoadedRealm,
  token: string,
): Promise<Exclude<ConfirmOutcome, { kind: 'confirmed' }> | { kind: 'ready'; flow: LiveFlow<FlowState> }> {
  // parseToken + loadFlow
  const parsed = parseLinkToken(token);
  if (!parsed) return { kind: 'invalid' };
  const lookup = await deps.legacyFlows.find<FlowState>(realm.id, KIND, parsed.flowId);
  if (lookup.status === 'missing') return { kind: 'invalid' };
  // matchSecret before anything else is said about the flow: a guessed id learns nothing.
  if (!deps.keyed.matches('email-link', parsed.secret, lookup.flow.data.secretHash))
    return { kind: 'invalid' };
  // checkState
  if (lookup.flow.state === 'done') return { kind: 'used' };
  if (lookup.flow.state === 'superseded') return { kind: 'superseded' };
  if (lookup.status === 'expired') return { kind: 'expired' };
  return { kind: 'ready', flow: lookup.flow };
}

export async function confirmLink(
  deps: EmailVerificationDeps,
  realm: LoadedRealm,
  token: string,
  meta: { ip: string; userAgent: string | null },
): Promise<ConfirmOutcome> {
  const found = await findFlow(deps, realm, token);
  if (found.kind !== 'ready') {
    await deps.audit.append({
      realmId: realm.id,
      action: 'contact.email_link_rejected',
      ip: meta.ip,
      userAgent: meta.userAgent,
      detail: { reason: found.kind },
    });
    return found;
  }
  const { flow } = found;
  const outcome = await deps.db.transaction().execute(async (trx): Promise<ConfirmOutcome> => {
    // Single use: only one request moves the flow from `sent` to `done`.
    if (!(await deps.legacyFlows.transition(trx, flow, { state: 'done' }))) return { kind: 'used' };
    // checkAddressUnchanged: a link for an address the person has since replaced confirms nothing.
    const result = await trx
      .updateTable('people')
      .set({ email_verified_at: deps.clock.now() })
      .where('id', '=', flow.personId ?? '')
      .where('email_normalized', '=', flow.data.email)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return { kind: 'address_changed' };
    return { kind: 'confirmed', email: flow.data.email };
  });
  await deps.audit.append({
    realmId: realm.id,
    action: outcome.kind === 'confirmed' ? 'contact.email_confirmed' : 'contact.email_link_rejected',
    subjectId: flow.personId,
    ip: meta.ip,
    userAgent: meta.userAgent,
    ...(outcome.kind === 'confirmed' ? {} : { detail: { reason: outcome.kind } }),
  });
  return outcome;
}
