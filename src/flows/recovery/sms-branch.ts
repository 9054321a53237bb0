/**
 * The SMS branch, «Мне не пришло письмо, восстановить пароль по телефону»: the person types the
 * missing four digits of the masked phone, gets a code by SMS, types it, and may then set a new
 * password (`new-password.ts`) within the code's lifetime.
 *
 * The branch continues only in the browser that asked (the engine's browser binding). Every
 * guess — digits or code — is counted by the engine before it is compared, so N racing guesses
 * spend N attempts; the guess that spends the last attempt and is wrong locks the flow.
 */
import { randomInt } from 'node:crypto';
import { MINUTE } from '../../core/clock.js';
import type { Flow } from '../../core/flows/flow-store.js';
import { missingDigitsOf } from '../../core/identifiers/phone.js';
import type { Person } from '../../db/schema.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import {
  CODE_TTL_MS,
  expiredAt,
  MAX_RESENDS,
  type Meta,
  type RecoveryData,
  type RecoveryDeps,
  type RecoveryState,
  recoveryFlow,
  textable,
} from './machine.js';

type RecoveryFlow = Flow<RecoveryState, RecoveryData>;

export type BranchEnd = 'expired' | 'gone' | 'ended';

export type BranchCheck =
  | { readonly kind: 'live'; readonly flow: RecoveryFlow }
  | { readonly kind: BranchEnd };

/** The flow of this browser, in a state the step takes. */
export async function loadBranch(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  flowId: string,
  browserToken: string,
  states: readonly RecoveryState[],
): Promise<BranchCheck> {
  const loaded = await deps.flows.load(recoveryFlow, realm.id, flowId, { browserToken, states });
  switch (loaded.kind) {
    case 'live':
      return loaded;
    case 'ended':
      return { kind: loaded.flow.state === 'locked' ? 'ended' : 'gone' };
    case 'expired':
      return expiredAt(deps, realm.id, loaded.flow, 'sms');
    default:
      return { kind: 'gone' };
  }
}

/** Outcomes that show the step's page again carry the flow's masked phone for it. */
export type GuessOutcome =
  | { readonly kind: 'wrong'; readonly remaining: number; readonly mask: string }
  | { readonly kind: 'malformed'; readonly mask: string }
  | { readonly kind: BranchEnd };

export type DigitsOutcome =
  | { readonly kind: 'code_sent' }
  | GuessOutcome
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number; readonly mask: string };

export type CodeOutcome = { readonly kind: 'ok' } | GuessOutcome;

export type ResendOutcome =
  | { readonly kind: 'sent' | 'limit'; readonly mask: string }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number; readonly mask: string }
  | { readonly kind: BranchEnd };

/** What each guess needs: the state it is made in, and the shape of a well-formed entry. */
const GUESSES = {
  digits: { state: 'started', shape: /^[0-9]{4}$/, wrong: 'recovery.digits_wrong' },
  code: { state: 'code_sent', shape: /^[0-9]{6}$/, wrong: 'recovery.code_wrong' },
} as const;

/**
 * One guess of this browser's flow: a malformed entry is a typo and costs nothing; otherwise the
 * attempt is spent before `check` compares it (`check` gives what the guess was right about, or
 * null). A wrong guess that spent the last attempt locks the flow.
 */
async function guess<T>(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  request: { readonly flowId: string; readonly input: string; readonly meta: Meta },
  step: keyof typeof GUESSES,
  check: (flow: RecoveryFlow, entry: string) => Promise<T | null>,
): Promise<{ kind: 'right'; value: T; flow: RecoveryFlow } | GuessOutcome> {
  const { state, shape, wrong } = GUESSES[step];
  const { meta } = request;
  const loaded = await loadBranch(deps, realm, request.flowId, meta.browserToken, [state]);
  if (loaded.kind !== 'live') return loaded;
  const { flow } = loaded;
  const entry = request.input.replace(/\s+/g, '');
  if (!shape.test(entry)) return { kind: 'malformed', mask: flow.data.mask };
  if (step === 'code' && deps.clock.now() >= flow.data.codeExpiresAt) return { kind: 'expired' };
  const spent = await deps.flows.spendAttempt(deps.db, recoveryFlow, flow);
  // No attempt left (or the flow moved on meanwhile): this guess is not even compared.
  if (spent.kind === 'exhausted') return { kind: 'ended' };
  const value = await check(flow, entry);
  if (value !== null) return { kind: 'right', value, flow };
  const locked = spent.remaining === 0;
  if (locked) await deps.flows.end(deps.db, recoveryFlow, flow, 'locked');
  await deps.audit.append({
    realmId: realm.id,
    action: locked ? 'recovery.flow_ended' : wrong,
    subjectId: flow.personId,
    ip: meta.ip,
    userAgent: meta.userAgent,
    detail: { step },
  });
  return locked ? { kind: 'ended' } : { kind: 'wrong', remaining: spent.remaining, mask: flow.data.mask };
}

/**
 * A new code, and the flow in `code_sent` with its hash; false when the flow moved on. The SMS
 * leaves only when a real person stands behind the number (`person`); for anyone else the flow
 * moves the same way with a code nobody receives, so no answer differs.
 */
async function sendCode(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  flow: RecoveryFlow,
  person: (Person & { phone: string }) | null,
  resends: number,
  meta: Meta,
): Promise<boolean> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const moved = await deps.db.transaction().execute(async (trx) => {
    const data = {
      codeHash: deps.keyed.hash('sms-code', code),
      codeExpiresAt: deps.clock.now() + CODE_TTL_MS,
      resends,
    };
    if (!(await deps.flows.move(trx, recoveryFlow, flow, 'code_sent', { data }))) return false;
    if (person !== null) {
      await deps.notify.sms(trx, {
        realm,
        locale: meta.locale,
        personId: person.id,
        to: person.phone,
        template: 'recovery_code',
        params: { code, expiresMinutes: CODE_TTL_MS / MINUTE },
        idempotencyKey: `recovery-code:${flow.id}:${resends}`,
      });
    }
    await deps.audit.append(
      {
        realmId: realm.id,
        action: 'recovery.code_sent',
        subjectId: person?.id ?? null,
        ip: meta.ip,
        userAgent: meta.userAgent,
        detail: { sms: person !== null },
      },
      trx,
    );
    return true;
  });
  if (moved && person !== null) deps.notify.flush();
  return moved;
}

/** The person behind the flow's mask, while `phone` is still their confirmed number. */
async function reachablePerson(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  flow: RecoveryFlow,
  phone: string,
): Promise<(Person & { phone: string }) | null> {
  if (!flow.personId || !flow.data.phoneKnown) return null;
  const person = await deps.people.findById(realm.id, flow.personId);
  return person?.phone === phone && textable(person) ? (person as Person & { phone: string }) : null;
}

export async function checkDigits(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  flowId: string,
  input: string,
  meta: Meta,
): Promise<DigitsOutcome> {
  // Right digits are those of the number behind the mask, whoever it belongs to: a stranger who
  // typed their own number and its digits goes on to «code sent» exactly like a real person.
  const outcome = await guess(deps, realm, { flowId, input, meta }, 'digits', async (flow, digits) => {
    const phone = flow.data.maskPhone;
    return phone !== null && missingDigitsOf(phone) === digits ? phone : null;
  });
  if (outcome.kind !== 'right') return outcome;
  const { flow, value: phone } = outcome;
  const budget = await deps.smsBudget.reserve({ realmId: realm.id, phone, ip: meta.ip });
  if (!budget.allowed)
    return { kind: 'throttled', retryAfterSeconds: budget.retryAfterSeconds, mask: flow.data.mask };
  const person = await reachablePerson(deps, realm, flow, phone);
  return (await sendCode(deps, realm, flow, person, flow.data.resends, meta))
    ? { kind: 'code_sent' }
    : { kind: 'gone' };
}

export async function checkCode(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  flowId: string,
  input: string,
  meta: Meta,
): Promise<CodeOutcome> {
  const outcome = await guess(deps, realm, { flowId, input, meta }, 'code', async (flow, code) =>
    flow.data.codeHash !== null && deps.keyed.matches('sms-code', code, flow.data.codeHash) ? true : null,
  );
  if (outcome.kind !== 'right') return outcome;
  const { flow } = outcome;
  // A right code may set the password within the code's lifetime.
  const moved = await deps.flows.move(deps.db, recoveryFlow, flow, 'code_ok', {
    data: { codeHash: null },
    expiresAt: Math.min(flow.expiresAt, deps.clock.now() + CODE_TTL_MS),
  });
  return moved ? { kind: 'ok' } : { kind: 'gone' };
}

export async function resendCode(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  flowId: string,
  meta: Meta,
): Promise<ResendOutcome> {
  const loaded = await loadBranch(deps, realm, flowId, meta.browserToken, ['code_sent']);
  if (loaded.kind !== 'live') return loaded;
  const { flow } = loaded;
  if (flow.data.resends >= MAX_RESENDS) return { kind: 'limit', mask: flow.data.mask };
  const phone = flow.data.maskPhone;
  if (phone === null) return { kind: 'gone' };
  const budget = await deps.smsBudget.reserve({ realmId: realm.id, phone, ip: meta.ip });
  if (!budget.allowed)
    return { kind: 'throttled', retryAfterSeconds: budget.retryAfterSeconds, mask: flow.data.mask };
  const person = await reachablePerson(deps, realm, flow, phone);
  return (await sendCode(deps, realm, flow, person, flow.data.resends + 1, meta))
    ? { kind: 'sent', mask: flow.data.mask }
    : { kind: 'gone' };
}
