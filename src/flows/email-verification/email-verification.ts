import { HOUR } from '../../core/clock.js';
import type { Flow } from '../../core/flows/flow-store.js';
import { formatLinkToken, newLinkSecret, parseLinkToken } from '../../core/flows/link-token.js';
import { defineFlow, type FlowData } from '../../core/flows/machine.js';
import type { Locale, MessageKey } from '../../core/i18n/i18n.js';
import { checkEmail } from '../../core/identifiers/email.js';
import type { Executor, Person } from '../../db/schema.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import type { Services } from '../../services.js';
import { reauthenticate } from '../../sessions/reauth.js';

export const LINK_TTL_MS = 24 * HOUR;

type EmailState = 'sent' | 'done' | 'superseded';

interface EmailData extends FlowData {
  /** The normalised address the letter went to. */
  readonly email: string;
  readonly secretHash: string;
}

export const emailConfirmation = defineFlow<EmailState, EmailData>({
  kind: 'email-verification',
  transitions: { sent: ['done', 'superseded'], done: [], superseded: [] },
  ended: ['done', 'superseded'],
});

/** The services this flow uses (the same as phone confirmation's, with the base URL of links). */
export type EmailVerificationDeps = Pick<
  Services,
  'db' | 'clock' | 'keyed' | 'passwords' | 'flows' | 'contacts' | 'notify' | 'audit' | 'limiters'
> & { readonly config: { readonly baseUrl: string } };

export interface RequestMeta {
  /** Null for work the outbox worker does after a request (the first sign-in's letter). */
  readonly ip: string | null;
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

/** Masks an address for a letter to the old one: p***@mail.ru. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

export async function requestConfirmation(
  deps: EmailVerificationDeps,
  realm: LoadedRealm,
  person: Person,
  form: { readonly password: string; readonly email: string },
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

  await deps.db.transaction().execute(async (trx) => {
    if (person.email_normalized !== email.normalized) {
      await storeNewAddress(deps, trx, realm, person, email.email, email.normalized, meta);
    }
    await sendConfirmationLetter(deps, trx, realm, person, email, meta);
  });
  deps.notify.flush();
  return { kind: 'sent', email: email.email };
}

/**
 * startFlow + queueLetter, in the caller's transaction, for an address already stored: a new
 * letter supersedes the older ones. Also used where the person has just proved who they are
 * another way (the registration through Gosuslugi); the caller flushes the outbox after commit.
 */
export async function sendConfirmationLetter(
  deps: EmailVerificationDeps,
  trx: Executor,
  realm: LoadedRealm,
  person: Pick<Person, 'id' | 'first_name'>,
  email: { readonly email: string; readonly normalized: string },
  meta: RequestMeta,
): Promise<void> {
  const secret = newLinkSecret();
  const flow = await deps.flows.start(trx, emailConfirmation, {
    realmId: realm.id,
    state: 'sent',
    personId: person.id,
    data: { email: email.normalized, secretHash: deps.keyed.hash('email-link', secret) },
    ttlMs: LINK_TTL_MS,
  });
  await deps.flows.endAllOf(trx, emailConfirmation, person.id, 'superseded', flow.id);
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
}

/** store: the new address replaces the old one, unconfirmed; the old address is told. */
async function storeNewAddress(
  deps: EmailVerificationDeps,
  trx: Executor,
  realm: LoadedRealm,
  person: Person,
  email: string,
  normalized: string,
  meta: RequestMeta,
): Promise<void> {
  await deps.contacts.changeEmail(trx, person.id, { email, normalized });
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
  if (!person.email) return;
  await deps.notify.email(trx, {
    realm,
    locale: meta.locale,
    personId: person.id,
    to: person.email,
    template: 'email_changed',
    params: {
      name: person.first_name,
      newEmailMasked: maskEmail(email),
      when: new Date(deps.clock.now()).toISOString().slice(0, 16).replace('T', ' '),
    },
    idempotencyKey: `email-changed:${person.id}:${deps.clock.now()}`,
  });
}

type LinkLoad =
  | Exclude<ConfirmOutcome, { kind: 'confirmed' }>
  | { readonly kind: 'ready'; readonly flow: Flow<EmailState, EmailData> };

/** Reads a link without using it up: the page with the «Подтвердить» button. */
export async function inspectLink(
  deps: EmailVerificationDeps,
  realm: LoadedRealm,
  token: string,
): Promise<ConfirmOutcome | { readonly kind: 'ready'; readonly email: string }> {
  const found = await loadLink(deps, realm, token);
  if (found.kind !== 'ready') return found;
  return { kind: 'ready', email: found.flow.data.email };
}

/** parseToken + loadFlow: a wrong secret looks exactly like an unknown id. */
async function loadLink(deps: EmailVerificationDeps, realm: LoadedRealm, token: string): Promise<LinkLoad> {
  const parsed = parseLinkToken(token);
  if (!parsed) return { kind: 'invalid' };
  const loaded = await deps.flows.load(emailConfirmation, realm.id, parsed.flowId, {
    secret: { purpose: 'email-link', value: parsed.secret, field: 'secretHash' },
  });
  switch (loaded.kind) {
    case 'missing':
      return { kind: 'invalid' };
    case 'ended':
      return loaded.flow.state === 'superseded' ? { kind: 'superseded' } : { kind: 'used' };
    case 'expired':
      return { kind: 'expired' };
    case 'elsewhere':
      return { kind: 'used' };
    case 'live':
      return { kind: 'ready', flow: loaded.flow };
  }
}

export async function confirmLink(
  deps: EmailVerificationDeps,
  realm: LoadedRealm,
  token: string,
  meta: { ip: string; userAgent: string | null },
): Promise<ConfirmOutcome> {
  const found = await loadLink(deps, realm, token);
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
    // markDone: single use; only one request moves the flow from `sent` to `done`.
    if (!(await deps.flows.move(trx, emailConfirmation, flow, 'done'))) return { kind: 'used' };
    // checkAddressUnchanged: a link for an address the person has since replaced confirms nothing.
    const confirmed = await deps.contacts.confirmEmail(trx, flow.personId ?? '', flow.data.email);
    return confirmed ? { kind: 'confirmed', email: flow.data.email } : { kind: 'address_changed' };
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
