/**
 * Confirming a mobile phone with a 6-digit SMS code.
 *
 * States (`phoneConfirmation`): code_sent ──(right code)──────────────▶ done
 *                                   │ ──(MAX_ATTEMPTS guesses spent)──▶ locked
 *                                   │ ──(a newer code requested)─────▶ superseded
 *                                   └──(resend: a new code, same guesses)─▶ code_sent
 * and the code expires after CODE_TTL.
 *
 * request: verifyCurrentPassword → checkPhone → checkSmsBudget → store (a new number clears its
 *          confirmation) → startFlow (older flows are superseded) → queueSms
 * verify:  loadFlow (same realm and kind, the signed-in person's own) → checkFormat (a typo costs
 *          nothing) → spendAttempt (counted in SQL before the comparison, so racing guesses each
 *          spend one) → matchCode (constant time; the last spent guess locks) → markConfirmed
 * resend:  loadFlow → checkResends → checkSmsBudget → newCode → queueSms
 */
import { randomInt } from 'node:crypto';
import type { AuditAction } from '../../core/audit/audit.js';
import { MINUTE } from '../../core/clock.js';
import type { Flow } from '../../core/flows/flow-store.js';
import { defineFlow, type FlowData } from '../../core/flows/machine.js';
import type { Locale, MessageKey, MessageParams } from '../../core/i18n/i18n.js';
import { checkPhone } from '../../core/identifiers/phone.js';
import type { Executor, Person } from '../../db/schema.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import type { Services } from '../../services.js';
import { reauthenticate } from '../../sessions/reauth.js';
import type { SessionPerson } from '../../sessions/sessions.js';

export const CODE_TTL_MS = 10 * MINUTE;
export const MAX_ATTEMPTS = 5;
export const MAX_RESENDS = 3;

type PhoneState = 'code_sent' | 'done' | 'locked' | 'superseded';

interface PhoneData extends FlowData {
  readonly phone: string;
  readonly codeHash: string;
  readonly resends: number;
}

export const phoneConfirmation = defineFlow<PhoneState, PhoneData>({
  kind: 'phone-verification',
  transitions: {
    code_sent: ['code_sent', 'done', 'locked', 'superseded'],
    done: [],
    locked: [],
    superseded: [],
  },
  ended: ['done', 'locked', 'superseded'],
  attempts: { code_sent: MAX_ATTEMPTS },
});

type PhoneFlow = Flow<PhoneState, PhoneData>;

/** The services this flow uses (the same as email confirmation's, with the SMS budget). */
export type PhoneVerificationDeps = Pick<
  Services,
  | 'db'
  | 'clock'
  | 'keyed'
  | 'passwords'
  | 'flows'
  | 'contacts'
  | 'notify'
  | 'audit'
  | 'limiters'
  | 'smsBudget'
>;

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

/** What the code page shows: the flow, the number it went to, and whether a resend is left. */
export interface CodeView {
  readonly flowId: string;
  readonly phone: string;
  readonly canResend: boolean;
}

export type RequestOutcome =
  | { readonly kind: 'sent'; readonly flowId: string }
  | { readonly kind: 'invalid'; readonly errors: FieldErrors; readonly phone: string }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number; readonly reason: 'reauth' | 'sms' };

/** Why there is no live flow to show or act on. */
export type FlowEnd = { readonly kind: 'locked' } | { readonly kind: 'expired' } | { readonly kind: 'gone' };

export type VerifyOutcome =
  | { readonly kind: 'confirmed' }
  | { readonly kind: 'wrong'; readonly remaining: number; readonly view: CodeView }
  | { readonly kind: 'malformed'; readonly view: CodeView }
  | FlowEnd;

export type ResendOutcome =
  | { readonly kind: 'sent' | 'limit'; readonly view: CodeView }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number; readonly view: CodeView }
  | { readonly kind: 'expired' }
  | { readonly kind: 'gone' };

const newCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

function viewOf(flow: PhoneFlow, resends = flow.data.resends): CodeView {
  return { flowId: flow.id, phone: flow.data.phone, canResend: resends < MAX_RESENDS };
}

export async function requestCode(
  deps: PhoneVerificationDeps,
  realm: LoadedRealm,
  person: Person,
  form: { readonly password: string; readonly phone: string },
  meta: Meta,
): Promise<RequestOutcome> {
  const reauth = reauthenticate(deps, person);
  const state = await reauth.allowed();
  if (!state.allowed)
    return { kind: 'throttled', retryAfterSeconds: state.retryAfterSeconds, reason: 'reauth' };

  // verifyCurrentPassword + checkPhone
  const errors: FieldErrors = {};
  const phone = checkPhone(form.phone, realm.settings.phoneCountry);
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
    await audit(deps, realm, person, meta, 'contact.sms_capped');
    return { kind: 'throttled', retryAfterSeconds: budget.retryAfterSeconds, reason: 'sms' };
  }

  const flowId = await deps.db.transaction().execute(async (trx) => {
    // store: a different number replaces the old one and is unconfirmed until the code comes back.
    if (person.phone !== phone.phone) {
      await deps.contacts.changePhone(trx, person.id, phone.phone);
      await audit(deps, realm, person, meta, 'contact.phone_changed', trx);
    }
    return sendCode(deps, trx, realm, person, phone.phone, meta);
  });
  deps.notify.flush();
  return { kind: 'sent', flowId };
}

/**
 * startFlow + queueSms in the caller's transaction, for a number already stored and an SMS the
 * caller has reserved in the budget: older flows are superseded. Also used where the person has
 * just proved who they are another way (the registration through Gosuslugi); the caller flushes
 * the outbox after commit. Returns the flow's id, for the code page.
 */
export async function sendCode(
  deps: PhoneVerificationDeps,
  trx: Executor,
  realm: LoadedRealm,
  person: SessionPerson,
  phone: string,
  meta: Meta,
): Promise<string> {
  const code = newCode();
  const started = await deps.flows.start(trx, phoneConfirmation, {
    realmId: realm.id,
    state: 'code_sent',
    personId: person.id,
    data: { phone, codeHash: deps.keyed.hash('sms-code', code), resends: 0 },
    ttlMs: CODE_TTL_MS,
  });
  await deps.flows.endAllOf(trx, phoneConfirmation, person.id, 'superseded', started.id);
  await queueCode(deps, trx, realm, person, meta, started, code, 0);
  return started.id;
}

/** The person's live flow, or why there is none: another person's flow looks unknown. */
export async function loadFlow(
  deps: PhoneVerificationDeps,
  realm: LoadedRealm,
  person: SessionPerson,
  flowId: string,
): Promise<{ readonly kind: 'live'; readonly flow: PhoneFlow } | FlowEnd> {
  const loaded = await deps.flows.load(phoneConfirmation, realm.id, flowId, { personId: person.id });
  switch (loaded.kind) {
    case 'live':
      return { kind: 'live', flow: loaded.flow };
    case 'ended':
      return loaded.flow.state === 'locked' ? { kind: 'locked' } : { kind: 'gone' };
    case 'expired':
      return { kind: 'expired' };
    default:
      return { kind: 'gone' };
  }
}

/** The page a flow's id leads to: its code form, or why it has ended. */
export async function showCode(
  deps: PhoneVerificationDeps,
  realm: LoadedRealm,
  person: SessionPerson,
  flowId: string,
): Promise<{ readonly kind: 'live'; readonly view: CodeView } | FlowEnd> {
  const loaded = await loadFlow(deps, realm, person, flowId);
  return loaded.kind === 'live' ? { kind: 'live', view: viewOf(loaded.flow) } : loaded;
}

export async function verifyCode(
  deps: PhoneVerificationDeps,
  realm: LoadedRealm,
  person: SessionPerson,
  flowId: string,
  input: string,
  meta: Meta,
): Promise<VerifyOutcome> {
  const loaded = await loadFlow(deps, realm, person, flowId);
  if (loaded.kind !== 'live') return loaded;
  const { flow } = loaded;
  // checkFormat: a malformed entry is a typo, not a guess; it costs no attempt.
  const code = input.replace(/\s+/g, '');
  if (!/^[0-9]{6}$/.test(code)) return { kind: 'malformed', view: viewOf(flow) };

  // spendAttempt, before the code is looked at: N racing guesses spend N attempts.
  const spent = await deps.flows.spendAttempt(deps.db, phoneConfirmation, flow);
  if (spent.kind === 'exhausted') return lockOut(deps, realm, person, meta, flow);

  // matchCode
  if (!deps.keyed.matches('sms-code', code, flow.data.codeHash)) {
    if (spent.remaining === 0) return lockOut(deps, realm, person, meta, flow);
    await audit(deps, realm, person, meta, 'contact.phone_code_wrong');
    return { kind: 'wrong', remaining: spent.remaining, view: viewOf(flow) };
  }

  // markConfirmed: single use; only if the number is still the person's.
  const confirmed = await deps.db.transaction().execute(async (trx) => {
    if (!(await deps.flows.move(trx, phoneConfirmation, flow, 'done'))) return false;
    return deps.contacts.confirmPhone(trx, person.id, flow.data.phone);
  });
  if (!confirmed) return { kind: 'gone' };
  await audit(deps, realm, person, meta, 'contact.phone_confirmed');
  return { kind: 'confirmed' };
}

/** The guesses are spent: the flow ends as locked (audited once), unless it ended otherwise. */
async function lockOut(
  deps: PhoneVerificationDeps,
  realm: LoadedRealm,
  person: SessionPerson,
  meta: Meta,
  flow: PhoneFlow,
): Promise<FlowEnd> {
  if (deps.clock.now() >= flow.expiresAt) return { kind: 'expired' };
  if (await deps.flows.end(deps.db, phoneConfirmation, flow, 'locked')) {
    await audit(deps, realm, person, meta, 'contact.phone_code_locked');
    return { kind: 'locked' };
  }
  // Another request ended it first (locked it, confirmed it, or a new code superseded it).
  const now = await loadFlow(deps, realm, person, flow.id);
  return now.kind === 'live' ? { kind: 'gone' } : now;
}

export async function resendCode(
  deps: PhoneVerificationDeps,
  realm: LoadedRealm,
  person: SessionPerson,
  flowId: string,
  meta: Meta,
): Promise<ResendOutcome> {
  const loaded = await loadFlow(deps, realm, person, flowId);
  if (loaded.kind === 'locked') return { kind: 'gone' };
  if (loaded.kind !== 'live') return loaded;
  const { flow } = loaded;
  if (flow.data.resends >= MAX_RESENDS) return { kind: 'limit', view: viewOf(flow) };
  const budget = await deps.smsBudget.reserve({ realmId: realm.id, phone: flow.data.phone, ip: meta.ip });
  if (!budget.allowed)
    return { kind: 'throttled', retryAfterSeconds: budget.retryAfterSeconds, view: viewOf(flow) };
  const code = newCode();
  const resends = flow.data.resends + 1;
  const sent = await deps.db.transaction().execute(async (trx) => {
    // A move to the same state keeps the guesses already spent: a resend does not refill them.
    const moved = await deps.flows.move(trx, phoneConfirmation, flow, 'code_sent', {
      data: { codeHash: deps.keyed.hash('sms-code', code), resends },
      expiresAt: deps.clock.now() + CODE_TTL_MS,
    });
    if (moved) await queueCode(deps, trx, realm, person, meta, flow, code, resends);
    return moved;
  });
  deps.notify.flush();
  return sent ? { kind: 'sent', view: viewOf(flow, resends) } : { kind: 'gone' };
}

/** queueSms: the code by SMS through the outbox, and its audit event, in the caller's transaction. */
async function queueCode(
  deps: PhoneVerificationDeps,
  trx: Executor,
  realm: LoadedRealm,
  person: SessionPerson,
  meta: Meta,
  flow: PhoneFlow,
  code: string,
  resends: number,
): Promise<void> {
  await deps.notify.sms(trx, {
    realm,
    locale: meta.locale,
    personId: person.id,
    to: flow.data.phone,
    template: 'phone_confirmation_code',
    params: { code, expiresMinutes: CODE_TTL_MS / MINUTE },
    idempotencyKey: `phone-code:${flow.id}:${resends}`,
  });
  await audit(
    deps,
    realm,
    person,
    meta,
    'contact.phone_code_sent',
    trx,
    resends > 0 ? { resend: resends } : undefined,
  );
}

function audit(
  deps: PhoneVerificationDeps,
  realm: LoadedRealm,
  person: SessionPerson,
  meta: Meta,
  action: Extract<AuditAction, `contact.${string}`>,
  trx?: Executor,
  detail?: Readonly<Record<string, number>>,
): Promise<void> {
  return deps.audit.append(
    {
      realmId: realm.id,
      action,
      actorId: person.id,
      subjectId: person.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
      ...(detail ? { detail } : {}),
    },
    trx,
  );
}
