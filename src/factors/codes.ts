/**
 * Checking a code a person typed: from the authenticator app, or one of their recovery codes.
 *
 *   shape (free: not a code at all is a 400 and costs nothing) → spend a guess (code-budget.ts)
 *   → compare → accept once (the app's step moves forward by compare-and-set; a recovery code is
 *   marked used where it is still unused) → the guess given back
 *
 * A right code of a step already used is `reused`: it is counted like a wrong one (someone who
 * saw the code over a shoulder must not learn more from the answer than the owner does).
 */
import type { Clock } from '../core/clock.js';
import type { CodeBudget } from './code-budget.js';
import { normaliseRecoveryCode } from './recovery-codes.js';
import type { FactorStores } from './stores.js';
import { matchingStep, normaliseCode, TOTP_SHAPE } from './totp.js';

export type CodeKind = 'totp' | 'recovery';

export type CodeVerdict =
  | { readonly kind: 'ok'; readonly factor: 'totp' | 'recovery_code'; readonly remaining?: number }
  | { readonly kind: 'empty' | 'malformed' | 'wrong' | 'reused' | 'no_factor' | 'exhausted' }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number };

/** Longer than any code; nothing that long is looked at. */
export const CODE_FIELD_MAX = 64;

export interface CodeDeps {
  readonly factors: FactorStores;
  readonly budget: CodeBudget;
  readonly clock: Clock;
}

/** The shape checks only: whether `typed` can be a code of this kind. */
export function codeShape(
  kind: CodeKind,
  typed: string,
): { ok: true; code: string } | { ok: false; kind: 'empty' | 'malformed' } {
  if (typed.trim().length === 0) return { ok: false, kind: 'empty' };
  if (typed.length > CODE_FIELD_MAX) return { ok: false, kind: 'malformed' };
  if (kind === 'totp') {
    const code = normaliseCode(typed);
    return TOTP_SHAPE.test(code) ? { ok: true, code } : { ok: false, kind: 'malformed' };
  }
  const code = normaliseRecoveryCode(typed);
  return code ? { ok: true, code } : { ok: false, kind: 'malformed' };
}

/**
 * `alsoSpend` counts the guess on a second budget (a sign-in step's own attempts) once the
 * person's budget let it through; false there ends the check as `exhausted`.
 */
export async function checkCode(
  deps: CodeDeps,
  personId: string,
  kind: CodeKind,
  typed: string,
  alsoSpend: () => Promise<boolean> = async () => true,
): Promise<CodeVerdict> {
  const shape = codeShape(kind, typed);
  if (!shape.ok) return { kind: shape.kind };
  const spent = await deps.budget.spend(personId);
  if (!spent.allowed) return { kind: 'throttled', retryAfterSeconds: spent.retryAfterSeconds };
  if (!(await alsoSpend())) return { kind: 'exhausted' };
  if (kind === 'recovery') {
    if (!(await deps.factors.recoveryCodes.spend(personId, shape.code))) return { kind: 'wrong' };
    await deps.budget.right(personId);
    return {
      kind: 'ok',
      factor: 'recovery_code',
      remaining: await deps.factors.recoveryCodes.remaining(personId),
    };
  }
  const factor = await deps.factors.totp.find(personId);
  if (!factor) return { kind: 'no_factor' };
  const step = matchingStep(factor.secret, shape.code, deps.clock.now());
  if (step === null) return { kind: 'wrong' };
  if (!(await deps.factors.totp.acceptStep(personId, step))) return { kind: 'reused' };
  await deps.budget.right(personId);
  return { kind: 'ok', factor: 'totp' };
}

/** A first code for a secret being enrolled: the step it matched, counted on the same budget. */
export async function checkEnrolmentCode(
  deps: CodeDeps,
  personId: string,
  secret: string,
  typed: string,
  alsoSpend: () => Promise<boolean> = async () => true,
): Promise<{ kind: 'ok'; step: number } | Exclude<CodeVerdict, { kind: 'ok' }>> {
  const shape = codeShape('totp', typed);
  if (!shape.ok) return { kind: shape.kind };
  const spent = await deps.budget.spend(personId);
  if (!spent.allowed) return { kind: 'throttled', retryAfterSeconds: spent.retryAfterSeconds };
  if (!(await alsoSpend())) return { kind: 'exhausted' };
  const step = matchingStep(secret, shape.code, deps.clock.now());
  if (step === null) return { kind: 'wrong' };
  await deps.budget.right(personId);
  return { kind: 'ok', step };
}
