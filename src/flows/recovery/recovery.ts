/**
 * «Восстановите доступ»: self-service recovery of a lost login, password, or both (articles 000,
 * 001, 003 and the email branch of 004).
 *
 * A recovery flow:
 *
 *   started ──(link from the letter + a new password)───────────────────────────────▶ done
 *      │ ──(«Мне не пришло письмо…»: the missing phone digits)──▶ code_sent ──(code)──▶ code_ok ──▶ done
 *      └──(too many wrong digits or codes)──▶ ended            (every state: expired by time)
 *
 * Rules:
 * - No enumeration: every request is answered with the same page and status whether the person
 *   exists, has confirmed contacts, or gave the right date of birth; a flow is created in every
 *   case, and the lookup and the letter happen after the reply, so its time tells nothing either. The SMS branch shows a masked phone for every flow: the person's confirmed phone, or a
 *   stable made-up one (derived from the secret and the login) that no digits will ever match.
 * - A letter goes only to a confirmed address, an SMS only to a confirmed phone.
 * - Link secrets and SMS codes are stored as keyed hashes; links are single use and expire
 *   (`recovery.linkHours`, default 24 h: a letter can take half an hour); codes expire in 10 min.
 * - The SMS branch is bound to the browser that asked (a cookie whose hash the flow keeps), so a
 *   leaked flow id is useless elsewhere. Wrong digits (3) or codes (5) end the flow.
 * - Setting the password ends every session of the person and sends a notification letter.
 * - Throttled per IP, per login or address, per phone (the SMS budget); every step audited.
 */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../../core/audit/audit.js';
import type { BackgroundTasks } from '../../core/background.js';
import { acceptedKinds, type Captcha } from '../../core/captcha/captcha.js';
import { captchaErrorKey } from '../../core/captcha/field.js';
import { type Clock, HOUR, MINUTE } from '../../core/clock.js';
import type { PasswordHasher } from '../../core/crypto/passwords.js';
import type { KeyedHasher } from '../../core/crypto/secrets.js';
import type { FlowStore, LiveFlow } from '../../core/flows/legacy-flow-store.js';
import { formatLinkToken, newLinkSecret, parseLinkToken } from '../../core/flows/link-token.js';
import type { Locale, MessageKey, MessageParams } from '../../core/i18n/i18n.js';
import { checkEmail } from '../../core/identifiers/email.js';
import { checkLogin } from '../../core/identifiers/login.js';
import { checkPhone, maskPhone, missingDigitsOf } from '../../core/identifiers/phone.js';
import { checkPassword } from '../../core/password-policy/policy.js';
import type { LimiterFactory } from '../../core/throttle/throttle.js';
import type { Database, Person } from '../../db/schema.js';
import { isRealDate } from '../../directory/accounts.js';
import type { PeopleStore } from '../../directory/people-store.js';
import type { Notifier } from '../../messaging/notify.js';
import type { SmsBudget } from '../../messaging/sms-budget.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import type { SessionService } from '../../sessions/sessions.js';

export const KIND = 'recovery';
export const CODE_TTL_MS = 10 * MINUTE;
export const MAX_DIGIT_ATTEMPTS = 3;
export const MAX_CODE_ATTEMPTS = 5;
export const MAX_RESENDS = 3;

export interface RecoveryDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly keyed: KeyedHasher;
  readonly passwords: PasswordHasher;
  readonly legacyFlows: FlowStore;
  readonly notify: Notifier;
  readonly audit: AuditLog;
  readonly limiters: LimiterFactory;
  readonly smsBudget: SmsBudget;
  readonly people: PeopleStore;
  readonly sessions: SessionService;
  readonly captcha: Captcha;
  readonly background: BackgroundTasks;
  readonly config: { readonly baseUrl: string };
}

export interface RecoveryData extends Record<string, string | number | boolean | null> {
  readonly personKnown: boolean;
  readonly secretHash: string | null;
  readonly browserHash: string;
  readonly mask: string;
  readonly phoneKnown: boolean;
  readonly digitAttempts: number;
  readonly codeHash: string | null;
  readonly codeExpiresAt: number;
  readonly codeAttempts: number;
  readonly resends: number;
}

export interface Meta {
  readonly ip: string;
  readonly userAgent: string | null;
  readonly locale: Locale;
  /** The recovery cookie of this browser (made by the route when missing). */
  readonly browserToken: string;
}

export interface Problem {
  readonly key: MessageKey;
  readonly params?: MessageParams;
}

export type Field = 'login' | 'email' | 'phone' | 'birthDate' | 'captcha' | 'contact';
export type FieldErrors = Partial<Record<Field, Problem>>;

export type RequestOutcome =
  | { readonly kind: 'answered'; readonly flowId: string }
  | { readonly kind: 'invalid'; readonly errors: FieldErrors }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number };

// ---- forms ------------------------------------------------------------------------------------

export interface RecoveryForm {
  readonly login: string;
  readonly email: string;
  readonly phone: string;
  readonly day: string;
  readonly month: string;
  readonly year: string;
  readonly captchaId: string;
  readonly captcha: string;
}

export function readForm(body: unknown): RecoveryForm {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const text = (name: string, max = 400): string =>
    typeof fields[name] === 'string' ? (fields[name] as string).slice(0, max) : '';
  return {
    login: text('login', 10_000),
    email: text('email', 10_000),
    phone: text('phone', 10_000),
    day: text('day', 4),
    month: text('month', 4),
    year: text('year', 6),
    captchaId: text('captcha_id', 200),
    captcha: text('captcha', 200),
  };
}

/** The date of birth from the three selects, or the problem with it (31.02 does not exist). */
function birthDateOf(form: RecoveryForm): { ok: true; date: string } | { ok: false; problem: Problem } {
  if (!form.day || !form.month || !form.year)
    return { ok: false, problem: { key: 'recovery.birth_date_required' } };
  if (!/^\d{1,2}$/.test(form.day) || !/^\d{1,2}$/.test(form.month) || !/^\d{4}$/.test(form.year)) {
    return { ok: false, problem: { key: 'recovery.birth_date_invalid' } };
  }
  const date = `${form.year}-${form.month.padStart(2, '0')}-${form.day.padStart(2, '0')}`;
  return isRealDate(date)
    ? { ok: true, date }
    : { ok: false, problem: { key: 'recovery.birth_date_invalid' } };
}

// ---- shared steps -------------------------------------------------------------------------------

async function checkCaptcha(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  form: RecoveryForm,
  meta: Meta,
): Promise<Problem | null> {
  const verdict = await deps.captcha.verify(
    form.captchaId,
    form.captcha,
    acceptedKinds(realm.settings.recovery.captcha),
    { realm: realm.id, ip: meta.ip },
  );
  const key = captchaErrorKey(verdict);
  if (key === null) return null;
  await deps.audit.append({
    realmId: realm.id,
    action: 'recovery.captcha_wrong',
    ip: meta.ip,
    userAgent: meta.userAgent,
    detail: { verdict },
  });
  return { key };
}

/** Per IP and per what was asked about (a login, an address): the same for known and unknown. */
async function checkThrottle(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  subjectKey: string,
  meta: Meta,
): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  const byIp = deps.limiters.limiter({ name: 'recovery-ip', points: 30, windowSeconds: 3600 });
  const bySubject = deps.limiters.limiter({ name: 'recovery-subject', points: 5, windowSeconds: 3600 });
  for (const [limiter, key] of [
    [byIp, `${realm.id}:${meta.ip}`],
    [bySubject, `${realm.id}:${subjectKey}`],
  ] as const) {
    const state = await limiter.hit(key);
    if (!state.allowed) {
      await deps.audit.append({
        realmId: realm.id,
        action: 'recovery.throttled',
        ip: meta.ip,
        userAgent: meta.userAgent,
        detail: { by: limiter === byIp ? 'ip' : 'subject' },
      });
      return state;
    }
  }
  return { allowed: true };
}

/** A stable made-up masked phone for a flow with no confirmed phone behind it. */
function madeUpMask(deps: RecoveryDeps, realm: LoadedRealm, subject: string): string {
  const digits = deps.keyed
    .hash('recovery-link', `mask:${realm.id}:${subject}`)
    .replace(/[^0-9]/g, '')
    .padEnd(6, '7');
  return `79${digits.slice(0, 5)}****`;
}

interface Found {
  /** People the letter goes to: matched, active, with a confirmed email. */
  readonly mailTo: Person[];
  /** The one person the SMS branch can lead to, if exactly one matched with a confirmed phone. */
  readonly smsPerson: Person | null;
}

/**
 * Answers a request: a flow is created at once, the same way for everybody, and the answer goes
 * back; finding the person and queuing the letter happen after the reply (`background`), so the
 * time of the answer says nothing about what was found.
 */
async function answerAndContinue(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  subject: string,
  purpose: 'password' | 'login' | 'both',
  meta: Meta,
  find: () => Promise<Found>,
): Promise<string> {
  const secret = newLinkSecret();
  const shell = await deps.legacyFlows.create<RecoveryData>(deps.db, {
    realmId: realm.id,
    kind: KIND,
    state: 'started',
    personId: null,
    data: {
      personKnown: false,
      secretHash: purpose === 'login' ? null : deps.keyed.hash('recovery-link', secret),
      browserHash: deps.keyed.hash('recovery-link', `browser:${meta.browserToken}`),
      mask: madeUpMask(deps, realm, subject),
      phoneKnown: false,
      digitAttempts: 0,
      codeHash: null,
      codeExpiresAt: 0,
      codeAttempts: 0,
      resends: 0,
    },
    ttlMs: realm.settings.recovery.linkHours * HOUR,
  });
  deps.background.run(
    'recovery',
    async () => {
      const found = await find();
      await completeFlow(deps, realm, shell, secret, found, purpose, meta);
    },
    shell.id,
  );
  return shell.id;
}

/** Binds the flow to the person found (if any) and queues the letters. */
async function completeFlow(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  shell: LiveFlow<RecoveryData>,
  secret: string,
  found: Found,
  purpose: 'password' | 'login' | 'both',
  meta: Meta,
): Promise<void> {
  const sms = found.smsPerson;
  const flowPerson = sms ?? (found.mailTo.length === 1 ? (found.mailTo[0] as Person) : null);
  await deps.db.transaction().execute(async (trx) => {
    if (flowPerson) {
      await deps.legacyFlows.assign(trx, shell.id, {
        personId: flowPerson.id,
        data: {
          ...shell.data,
          personKnown: true,
          mask: sms?.phone ? maskPhone(sms.phone) : shell.data.mask,
          phoneKnown: sms?.phone != null,
        },
      });
    }
    for (const person of found.mailTo) {
      // Each person gets a link of their own; only the flow's own person can use this one.
      const own = person.id === flowPerson?.id;
      const personSecret = own ? secret : newLinkSecret();
      let flowId = shell.id;
      if (!own && purpose !== 'login') {
        const extra = await deps.legacyFlows.create<RecoveryData>(trx, {
          realmId: realm.id,
          kind: KIND,
          state: 'started',
          personId: person.id,
          data: {
            ...shell.data,
            personKnown: true,
            secretHash: deps.keyed.hash('recovery-link', personSecret),
          },
          ttlMs: realm.settings.recovery.linkHours * HOUR,
        });
        flowId = extra.id;
      }
      const link = `${deps.config.baseUrl}/r/${realm.id}/recovery/reset/${formatLinkToken(flowId, personSecret)}`;
      const hours = realm.settings.recovery.linkHours;
      const base = { realm, locale: meta.locale, personId: person.id, to: person.email as string };
      if (purpose === 'login') {
        await deps.notify.email(trx, {
          ...base,
          template: 'login_reminder',
          params: { name: person.first_name, login: person.login },
          idempotencyKey: `recovery-login:${shell.id}:${person.id}`,
        });
      } else if (purpose === 'both' || realm.settings.recovery.letter === 'login_and_reset_link') {
        await deps.notify.email(trx, {
          ...base,
          template: 'login_and_reset_link',
          params: { name: person.first_name, login: person.login, link, expiresHours: hours },
          idempotencyKey: `recovery-link:${flowId}`,
        });
      } else {
        await deps.notify.email(trx, {
          ...base,
          template: 'password_reset_link',
          params: { name: person.first_name, link, expiresHours: hours },
          idempotencyKey: `recovery-link:${flowId}`,
        });
      }
      await deps.audit.append(
        {
          realmId: realm.id,
          action: purpose === 'login' ? 'recovery.login_reminder_queued' : 'recovery.letter_queued',
          subjectId: person.id,
          ip: meta.ip,
          userAgent: meta.userAgent,
        },
        trx,
      );
    }
    await deps.audit.append(
      {
        realmId: realm.id,
        action: 'recovery.requested',
        subjectId: flowPerson?.id ?? null,
        ip: meta.ip,
        userAgent: meta.userAgent,
        detail: { purpose, letters: found.mailTo.length },
      },
      trx,
    );
  });
  if (found.mailTo.length > 0) deps.notify.flush();
}

const usable = (p: Person): boolean => p.status === 'active';
const mailable = (p: Person): boolean => usable(p) && p.email !== null && p.email_verified_at !== null;
const textable = (p: Person): boolean => usable(p) && p.phone !== null && p.phone_verified_at !== null;

// ---- «Я не помню пароль» ----------------------------------------------------------------------

export async function requestByLogin(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  form: RecoveryForm,
  meta: Meta,
): Promise<RequestOutcome> {
  // readForm → validate → captcha → throttle → find → startFlow (always) → answer (always the same)
  const errors: FieldErrors = {};
  const login = checkLogin(form.login);
  if (!login.ok)
    errors.login = { key: login.code === 'login.empty' ? 'recovery.login_required' : login.code };
  const captcha = await checkCaptcha(deps, realm, form, meta);
  if (captcha) errors.captcha = captcha;
  if (Object.keys(errors).length > 0 || !login.ok) return { kind: 'invalid', errors };

  const throttle = await checkThrottle(deps, realm, `login:${login.normalized}`, meta);
  if (!throttle.allowed) return { kind: 'throttled', retryAfterSeconds: throttle.retryAfterSeconds };

  const flowId = await answerAndContinue(deps, realm, login.normalized, 'password', meta, async () => {
    const person = await deps.people.findByLogin(realm.id, login.normalized);
    return {
      mailTo: person && mailable(person) ? [person] : [],
      smsPerson: person && textable(person) ? person : null,
    };
  });
  return { kind: 'answered', flowId };
}

// ---- «Я не помню логин» / «Я не помню логин и пароль» -----------------------------------------

export async function requestByContact(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  form: RecoveryForm,
  purpose: 'login' | 'both',
  meta: Meta,
): Promise<RequestOutcome> {
  const errors: FieldErrors = {};
  const email = form.email.trim() ? checkEmail(form.email) : null;
  const phone = form.phone.trim() ? checkPhone(form.phone, realm.settings.phoneCountry) : null;
  if (!email && !phone) errors.contact = { key: 'recovery.contact_required' };
  if (email && !email.ok) errors.email = { key: email.code };
  if (phone && !phone.ok) errors.phone = { key: phone.code };
  const birth = birthDateOf(form);
  if (!birth.ok) errors.birthDate = birth.problem;
  const captcha = await checkCaptcha(deps, realm, form, meta);
  if (captcha) errors.captcha = captcha;
  if (Object.keys(errors).length > 0 || !birth.ok) return { kind: 'invalid', errors };

  const subject = `${email?.ok ? email.normalized : ''}|${phone?.ok ? phone.phone : ''}`;
  const throttle = await checkThrottle(deps, realm, `contact:${subject}`, meta);
  if (!throttle.allowed) return { kind: 'throttled', retryAfterSeconds: throttle.retryAfterSeconds };

  const flowId = await answerAndContinue(deps, realm, subject, purpose, meta, async () => {
    // find: by a confirmed email and/or a confirmed phone, then only where the birth date matches.
    const byEmail = email?.ok
      ? (await deps.people.findByEmail(realm.id, email.normalized)).filter(mailable)
      : [];
    const byPhone = phone?.ok ? (await deps.people.findByPhone(realm.id, phone.phone)).filter(textable) : [];
    const matches = new Map<string, Person>();
    for (const p of [...byEmail, ...byPhone]) if (p.birth_date === birth.date) matches.set(p.id, p);
    const people = [...matches.values()];
    const textables = people.filter(textable);
    return {
      mailTo: people.filter(mailable),
      smsPerson: purpose === 'both' && textables.length === 1 ? (textables[0] as Person) : null,
    };
  });
  return { kind: 'answered', flowId };
}

// ---- «Забыли пароль?» by email (ElJur, app.recycle.kz) ----------------------------------------

export async function requestByEmail(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  form: RecoveryForm,
  meta: Meta,
): Promise<RequestOutcome> {
  const errors: FieldErrors = {};
  const email = checkEmail(form.email);
  if (!email.ok) errors.email = { key: email.code };
  const captcha = await checkCaptcha(deps, realm, form, meta);
  if (captcha) errors.captcha = captcha;
  if (Object.keys(errors).length > 0 || !email.ok) return { kind: 'invalid', errors };
  const throttle = await checkThrottle(deps, realm, `email:${email.normalized}`, meta);
  if (!throttle.allowed) return { kind: 'throttled', retryAfterSeconds: throttle.retryAfterSeconds };
  const flowId = await answerAndContinue(deps, realm, email.normalized, 'password', meta, async () => ({
    mailTo: (await deps.people.findByEmail(realm.id, email.normalized)).filter(mailable),
    smsPerson: null,
  }));
  return { kind: 'answered', flowId };
}

// ---- the link ---------------------------------------------------------------------------------

export type LinkCheck =
  | { readonly kind: 'ready'; readonly flow: LiveFlow<RecoveryData>; readonly person: Person }
  | { readonly kind: 'invalid' | 'expired' | 'used' };

export async function checkLink(deps: RecoveryDeps, realm: LoadedRealm, token: string): Promise<LinkCheck> {
  const parsed = parseLinkToken(token);
  if (!parsed) return { kind: 'invalid' };
  const lookup = await deps.legacyFlows.find<RecoveryData>(realm.id, KIND, parsed.flowId);
  if (lookup.status === 'missing' || !lookup.flow.data.secretHash) return { kind: 'invalid' };
  // The secret is checked before anything is said about the flow.
  if (!deps.keyed.matches('recovery-link', parsed.secret, lookup.flow.data.secretHash))
    return { kind: 'invalid' };
  if (lookup.flow.state === 'done' || lookup.flow.state === 'ended') return { kind: 'used' };
  if (lookup.status === 'expired') {
    await deps.audit.append({
      realmId: realm.id,
      action: 'recovery.flow_expired',
      subjectId: lookup.flow.personId,
      detail: { step: 'link' },
    });
    return { kind: 'expired' };
  }
  const person = lookup.flow.personId ? await deps.people.findById(realm.id, lookup.flow.personId) : null;
  if (!person || !usable(person)) return { kind: 'invalid' };
  return { kind: 'ready', flow: lookup.flow, person };
}

// ---- the SMS branch ---------------------------------------------------------------------------

export type BranchCheck =
  | { readonly kind: 'live'; readonly flow: LiveFlow<RecoveryData> }
  | { readonly kind: 'expired' | 'gone' | 'ended' };

/** The flow of this browser, in the state the step needs. */
export async function loadBranch(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  flowId: string,
  browserToken: string,
  states: readonly string[],
): Promise<BranchCheck> {
  // A click on «Мне не пришло письмо…» may come before the flow knows its person.
  await deps.background.waitFor(flowId);
  const lookup = await deps.legacyFlows.find<RecoveryData>(realm.id, KIND, flowId);
  if (lookup.status === 'missing') return { kind: 'gone' };
  if (!deps.keyed.matches('recovery-link', `browser:${browserToken}`, lookup.flow.data.browserHash)) {
    return { kind: 'gone' };
  }
  if (lookup.flow.state === 'ended') return { kind: 'ended' };
  if (lookup.status === 'expired') {
    await deps.audit.append({
      realmId: realm.id,
      action: 'recovery.flow_expired',
      subjectId: lookup.flow.personId,
      detail: { step: 'sms' },
    });
    return { kind: 'expired' };
  }
  if (!states.includes(lookup.flow.state)) return { kind: 'gone' };
  return { kind: 'live', flow: lookup.flow };
}

export type DigitsOutcome =
  | { readonly kind: 'code_sent' }
  | { readonly kind: 'wrong'; readonly remaining: number }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'ended' }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number }
  | { readonly kind: 'expired' | 'gone' };

const newCode = async (): Promise<string> => {
  const { randomInt } = await import('node:crypto');
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
};

async function sendCode(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  flow: LiveFlow<RecoveryData>,
  person: Person,
  change: { state: string; data: Partial<RecoveryData> },
  meta: Meta,
): Promise<boolean> {
  const code = await newCode();
  const resends = change.data.resends ?? flow.data.resends;
  const moved = await deps.db.transaction().execute(async (trx) => {
    const ok = await deps.legacyFlows.transition(trx, flow, {
      state: change.state,
      data: {
        ...flow.data,
        ...change.data,
        codeHash: deps.keyed.hash('sms-code', code),
        codeExpiresAt: deps.clock.now() + CODE_TTL_MS,
      },
    });
    if (!ok) return false;
    await deps.notify.sms(trx, {
      realm,
      locale: meta.locale,
      personId: person.id,
      to: person.phone as string,
      template: 'recovery_code',
      params: { code, expiresMinutes: CODE_TTL_MS / MINUTE },
      idempotencyKey: `recovery-code:${flow.id}:${resends}`,
    });
    await deps.audit.append(
      {
        realmId: realm.id,
        action: 'recovery.code_sent',
        subjectId: person.id,
        ip: meta.ip,
        userAgent: meta.userAgent,
      },
      trx,
    );
    return true;
  });
  deps.notify.flush();
  return moved;
}

/**
 * A wrong entry in the SMS branch: counts it on the flow and ends the flow at the step's limit.
 * The counter moves with a guarded transition, so two racing requests cannot both spend the
 * same attempt; the loser is told the flow moved on.
 */
async function countFailure(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  flow: LiveFlow<RecoveryData>,
  step: 'digits' | 'code',
  meta: Meta,
): Promise<{ kind: 'wrong'; remaining: number } | { kind: 'ended' } | { kind: 'gone' }> {
  const limit = step === 'digits' ? MAX_DIGIT_ATTEMPTS : MAX_CODE_ATTEMPTS;
  const attempts = (step === 'digits' ? flow.data.digitAttempts : flow.data.codeAttempts) + 1;
  const ended = attempts >= limit;
  const moved = await deps.legacyFlows.transition(deps.db, flow, {
    state: ended ? 'ended' : flow.state,
    data: { ...flow.data, ...(step === 'digits' ? { digitAttempts: attempts } : { codeAttempts: attempts }) },
  });
  if (!moved) return { kind: 'gone' };
  await deps.audit.append({
    realmId: realm.id,
    action: ended
      ? 'recovery.flow_ended'
      : step === 'digits'
        ? 'recovery.digits_wrong'
        : 'recovery.code_wrong',
    subjectId: flow.personId,
    ip: meta.ip,
    userAgent: meta.userAgent,
    detail: { step },
  });
  return ended ? { kind: 'ended' } : { kind: 'wrong', remaining: limit - attempts };
}

export async function checkDigits(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  flowId: string,
  input: string,
  meta: Meta,
): Promise<DigitsOutcome> {
  const loaded = await loadBranch(deps, realm, flowId, meta.browserToken, ['started']);
  if (loaded.kind !== 'live') return loaded;
  const { flow } = loaded;
  const digits = input.replace(/\s+/g, '');
  if (!/^[0-9]{4}$/.test(digits)) return { kind: 'malformed' };
  const person =
    flow.personId && flow.data.phoneKnown ? await deps.people.findById(realm.id, flow.personId) : null;
  const right =
    person?.phone != null && person.phone_verified_at !== null && missingDigitsOf(person.phone) === digits;
  if (!right || !person) return countFailure(deps, realm, flow, 'digits', meta);
  const budget = await deps.smsBudget.reserve({
    realmId: realm.id,
    phone: person.phone as string,
    ip: meta.ip,
  });
  if (!budget.allowed) return { kind: 'throttled', retryAfterSeconds: budget.retryAfterSeconds };
  return (await sendCode(deps, realm, flow, person, { state: 'code_sent', data: {} }, meta))
    ? { kind: 'code_sent' }
    : { kind: 'gone' };
}

export type CodeOutcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'wrong'; readonly remaining: number }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'ended' }
  | { readonly kind: 'expired' | 'gone' };

export async function checkCode(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  flowId: string,
  input: string,
  meta: Meta,
): Promise<CodeOutcome> {
  const loaded = await loadBranch(deps, realm, flowId, meta.browserToken, ['code_sent']);
  if (loaded.kind !== 'live') return loaded;
  const { flow } = loaded;
  const code = input.replace(/\s+/g, '');
  if (!/^[0-9]{6}$/.test(code)) return { kind: 'malformed' };
  if (deps.clock.now() >= flow.data.codeExpiresAt) return { kind: 'expired' };
  if (!flow.data.codeHash || !deps.keyed.matches('sms-code', code, flow.data.codeHash)) {
    return countFailure(deps, realm, flow, 'code', meta);
  }
  // A right code may set the password within the code's lifetime.
  const moved = await deps.legacyFlows.transition(deps.db, flow, {
    state: 'code_ok',
    data: { ...flow.data, codeHash: null },
    expiresAt: Math.min(flow.expiresAt, deps.clock.now() + CODE_TTL_MS),
  });
  return moved ? { kind: 'ok' } : { kind: 'gone' };
}

export type ResendOutcome =
  | { readonly kind: 'sent' | 'limit' | 'expired' | 'gone' | 'ended' }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number };

export async function resendCode(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  flowId: string,
  meta: Meta,
): Promise<ResendOutcome> {
  const loaded = await loadBranch(deps, realm, flowId, meta.browserToken, ['code_sent']);
  if (loaded.kind !== 'live') return loaded;
  const { flow } = loaded;
  if (flow.data.resends >= MAX_RESENDS) return { kind: 'limit' };
  const person = flow.personId ? await deps.people.findById(realm.id, flow.personId) : null;
  if (!person?.phone) return { kind: 'gone' };
  const budget = await deps.smsBudget.reserve({ realmId: realm.id, phone: person.phone, ip: meta.ip });
  if (!budget.allowed) return { kind: 'throttled', retryAfterSeconds: budget.retryAfterSeconds };
  const sent = await sendCode(
    deps,
    realm,
    flow,
    person,
    { state: 'code_sent', data: { resends: flow.data.resends + 1 } },
    meta,
  );
  return sent ? { kind: 'sent' } : { kind: 'gone' };
}

// ---- «Выберите свой новый пароль» ----------------------------------------------------------------

export type SetPasswordOutcome =
  | { readonly kind: 'done' }
  | {
      readonly kind: 'invalid';
      readonly password: readonly Problem[];
      readonly password2: readonly Problem[];
    }
  | { readonly kind: 'gone' };

export async function setNewPassword(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  flow: LiveFlow<RecoveryData>,
  person: Person,
  form: { password: string; password2: string },
  meta: Meta,
): Promise<SetPasswordOutcome> {
  const violations: Problem[] = checkPassword(form.password, realm.settings.passwordPolicy, {
    login: person.login,
    birthDate: person.birth_date,
    names: [person.last_name, person.first_name, person.middle_name],
  }).map((v) => ({ key: v.key, ...(v.params ? { params: v.params } : {}) }));
  const mismatch: Problem[] =
    form.password2.length === 0
      ? [{ key: 'password_change.repeat_required' }]
      : form.password2 !== form.password
        ? [{ key: 'password_change.mismatch' }]
        : [];
  if (violations.length > 0 || mismatch.length > 0)
    return { kind: 'invalid', password: violations, password2: mismatch };

  const hash = await deps.passwords.hash(form.password);
  const now = deps.clock.now();
  const done = await deps.db.transaction().execute(async (trx) => {
    // Single use: the flow moves to `done` once; a second request finds it moved.
    if (!(await deps.legacyFlows.transition(trx, flow, { state: 'done' }))) return false;
    await trx
      .updateTable('people')
      .set({ password_hash: hash, password_must_change: 0, password_changed_at: now, updated_at: now })
      .where('id', '=', person.id)
      .execute();
    // Every session ends: whoever had the old password is out.
    await trx.deleteFrom('sessions').where('person_id', '=', person.id).execute();
    if (person.email) {
      await deps.notify.email(trx, {
        realm,
        locale: meta.locale,
        personId: person.id,
        to: person.email,
        template: 'password_changed',
        params: {
          name: person.first_name,
          when: new Date(now).toISOString().slice(0, 16).replace('T', ' '),
          ip: meta.ip,
        },
        idempotencyKey: `recovery-done:${flow.id}`,
      });
    }
    await deps.audit.append(
      {
        realmId: realm.id,
        action: 'recovery.password_set',
        actorId: person.id,
        subjectId: person.id,
        ip: meta.ip,
        userAgent: meta.userAgent,
        detail: { via: flow.state === 'code_ok' ? 'sms' : 'email' },
      },
      trx,
    );
    return true;
  });
  deps.notify.flush();
  return done ? { kind: 'done' } : { kind: 'gone' };
}
