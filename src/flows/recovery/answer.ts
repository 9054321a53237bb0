/**
 * Answering a recovery request the same way for everybody: the captcha, the throttles, then one
 * flow, one superseding statement, one queued job and one audit event — the same queries and the
 * same writes whether anybody was found. The letters are written by the outbox worker later
 * (`letters.ts`), so nothing that depends on who was found runs in this process after the reply.
 */
import { acceptedKinds } from '../../core/captcha/captcha.js';
import { captchaErrorKey } from '../../core/captcha/field.js';
import { HOUR } from '../../core/clock.js';
import { newLinkSecret } from '../../core/flows/link-token.js';
import type { Person } from '../../db/schema.js';
import { writeBatch } from '../../db/write-batch.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import { LETTERS_JOB, type LettersInput } from './letters.js';
import { type Meta, type Problem, type RecoveryDeps, recoveryFlow } from './machine.js';

export type Purpose = 'password' | 'login' | 'both';

export type Field = 'login' | 'email' | 'phone' | 'birthDate' | 'captcha' | 'contact';
export type FieldErrors = Partial<Record<Field, Problem>>;

export type RequestOutcome =
  | { readonly kind: 'answered'; readonly flowId: string }
  | { readonly kind: 'invalid'; readonly errors: FieldErrors }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number };

/** Who a request found. */
export interface Found {
  /** People the letter goes to: matched, active, with a confirmed email. */
  readonly mailTo: readonly Person[];
  /** The one person the SMS branch can lead to, if exactly one can be reached. */
  readonly smsPerson: Person | null;
  /** The masked phone the SMS branch shows (see `madeUpMask`). */
  readonly mask: string;
  /** The number behind the mask, when it is not made up (see `RecoveryData.maskPhone`). */
  readonly maskPhone: string | null;
}

/** A request whose fields are valid: what it asks about and how to look for it. */
export interface Ask {
  readonly purpose: Purpose;
  /** What the per-subject throttle counts: a login, an address. */
  readonly subject: string;
  readonly find: () => Promise<Found>;
}

/**
 * A stable made-up masked phone, for a flow with no confirmed phone behind it. It depends only on
 * the input the real mask would depend on (`seed`: the login, or the email alone), so nothing
 * else in the form changes it, as nothing else changes a real person's mask.
 */
export function madeUpMask(deps: Pick<RecoveryDeps, 'keyed'>, realm: LoadedRealm, seed: string): string {
  const digits = deps.keyed
    .hash('recovery-mask', `${realm.id}:${seed}`)
    .replace(/[^0-9]/g, '')
    .padEnd(5, '7');
  return `79${digits.slice(0, 5)}****`;
}

/** The captcha of a request; a wrong answer is audited. */
async function checkCaptcha(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  form: { readonly captcha_id: string; readonly captcha: string },
  meta: Meta,
): Promise<Problem | null> {
  const verdict = await deps.captcha.verify(
    form.captcha_id,
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

const RECOVERY_BY_IP = { name: 'recovery-ip', points: 30, windowSeconds: 3600 };
const RECOVERY_BY_SUBJECT = { name: 'recovery-subject', points: 5, windowSeconds: 3600 };

/** Per IP and per what was asked about (a login, an address): the same for known and unknown. */
async function checkThrottle(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  subject: string,
  meta: Meta,
): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  // The address first: a request refused by it spends nothing of the subject's five.
  const state = await deps.limiters.limits.hit([
    { spec: RECOVERY_BY_IP, key: `${realm.id}:${meta.ip}` },
    { spec: RECOVERY_BY_SUBJECT, key: `${realm.id}:${subject}` },
  ]);
  if (state.allowed) return state;
  await deps.audit.append({
    realmId: realm.id,
    action: 'recovery.throttled',
    ip: meta.ip,
    userAgent: meta.userAgent,
    detail: { by: state.refusedBy === 0 ? 'ip' : 'subject' },
  });
  return { allowed: false, retryAfterSeconds: state.retryAfterSeconds };
}

/**
 * How every request ends: `refuse` with its field problems, or `ask` for someone. Either way the
 * captcha is checked (a person fixes everything at once); an ask is then throttled, looked up
 * and answered.
 */
export function answering(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  form: { readonly captcha_id: string; readonly captcha: string },
  meta: Meta,
): { refuse(errors: FieldErrors): Promise<RequestOutcome>; ask(ask: Ask): Promise<RequestOutcome> } {
  return {
    refuse: (errors) => respond(deps, realm, form, meta, errors, null),
    ask: (ask) => respond(deps, realm, form, meta, {}, ask),
  };
}

async function respond(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  form: { readonly captcha_id: string; readonly captcha: string },
  meta: Meta,
  fieldErrors: FieldErrors,
  ask: Ask | null,
): Promise<RequestOutcome> {
  const errors: FieldErrors = { ...fieldErrors };
  const captcha = await checkCaptcha(deps, realm, form, meta);
  if (captcha) errors.captcha = captcha;
  if (Object.keys(errors).length > 0 || !ask) return { kind: 'invalid', errors };
  const throttle = await checkThrottle(deps, realm, ask.subject, meta);
  if (!throttle.allowed) return { kind: 'throttled', retryAfterSeconds: throttle.retryAfterSeconds };
  const found = await ask.find();
  return { kind: 'answered', flowId: await startFlow(deps, realm, ask.purpose, found, meta) };
}

/**
 * A link for a person already identified another way (their digital signature a moment ago in
 * this browser): no captcha and nothing to hide — the page showed them their own address — but
 * the same per-address and per-person throttle, the same flow, letter and audit as any request.
 */
export async function requestForIdentified(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  person: Person,
  meta: Meta,
): Promise<{ kind: 'answered'; flowId: string } | { kind: 'throttled'; retryAfterSeconds: number }> {
  const throttle = await checkThrottle(deps, realm, `person:${person.id}`, meta);
  if (!throttle.allowed) return { kind: 'throttled', retryAfterSeconds: throttle.retryAfterSeconds };
  const found: Found = { mailTo: [person], smsPerson: null, mask: '', maskPhone: null };
  return { kind: 'answered', flowId: await startFlow(deps, realm, 'password', found, meta) };
}

/**
 * One batch of writes, the same for everybody, sent as one (db/write-batch.ts: one statement on
 * PostgreSQL, one transaction on SQLite): the flow (bound to this browser, and to the person
 * found, if any), the letters job and the audit event.
 */
async function startFlow(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  purpose: Purpose,
  found: Found,
  meta: Meta,
): Promise<string> {
  const person = found.smsPerson ?? (found.mailTo.length === 1 ? (found.mailTo[0] as Person) : null);
  const secret = purpose === 'login' ? null : newLinkSecret();
  const { flow, write: flowWrite } = deps.flows.toStart(recoveryFlow, {
    realmId: realm.id,
    state: 'started',
    personId: person?.id ?? null,
    data: {
      secretHash: secret === null ? null : deps.keyed.hash('recovery-link', secret),
      mask: found.mask,
      phoneKnown: found.smsPerson !== null,
      maskPhone: found.maskPhone,
      codeHash: null,
      codeExpiresAt: 0,
      resends: 0,
    },
    ttlMs: realm.settings.recovery.linkHours * HOUR,
    browserToken: meta.browserToken,
  });
  // A new link supersedes the person's older ones, but in the letters job (letters.ts), not
  // here: ending a known person's open flows is a write an unknown login never causes, and
  // its cost told a second request for a login whether the first had found somebody.
  const input: LettersInput = {
    flowId: flow.id,
    flowPersonId: person?.id ?? null,
    secret,
    purpose,
    ip: meta.ip,
    userAgent: meta.userAgent,
    mailTo: found.mailTo.map((p) => p.id),
  };
  const job = deps.jobs.toEnqueue({
    realmId: realm.id,
    name: LETTERS_JOB,
    locale: meta.locale,
    idempotencyKey: `recovery-letters:${flow.id}`,
    input,
  });
  const event = deps.audit.toAppend({
    realmId: realm.id,
    action: 'recovery.requested',
    subjectId: person?.id ?? null,
    ip: meta.ip,
    userAgent: meta.userAgent,
    detail: { purpose, letters: found.mailTo.length },
  });
  const [, queued] = await writeBatch(deps.db)([flowWrite, job.write, event.write]);
  // The job's key is made of the new flow's id: a duplicate would be a bug, not a retry.
  if (queued !== 1) throw new Error(`recovery: the letters job for flow ${flow.id} was not queued`);
  event.written();
  return flow.id;
}
