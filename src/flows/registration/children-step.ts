/**
 * «Дети»: more `pt` codes on the account form, each an active code of this school and each
 * child once (the child of the flow's own `pt` code included). Students have no «Дети»; what
 * they post there is ignored. Each code that reaches a lookup is a counted guess
 * (`code-guesses.ts`): six codes per submit do not buy six guesses past the limit.
 */
import type { Invitation, Person } from '../../db/schema.js';
import { checkCodeShape } from '../../invitations/codes.js';
import { MAX_CHILD_CODES } from './account-form.js';
import { guessCode } from './code-guesses.js';
import { REJECTION_KEYS, SHAPE_KEYS } from './code-step.js';
import type { Invitee } from './flow-load.js';
import type { RegistrationFlow } from './machine.js';
import type { Meta, Place, Problem, RegistrationDeps } from './registration.js';

export interface ChildCode {
  readonly invitation: Invitation;
  readonly child: Person;
}

export type ChildCodesCheck =
  | { readonly kind: 'ok'; readonly codes: readonly ChildCode[] }
  | { readonly kind: 'invalid'; readonly errors: readonly (Problem | null)[] }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number };

/** What is wrong with a code before any lookup (its shape, its prefix, a repeat), or null. */
function problemBeforeLookup(
  deps: RegistrationDeps,
  invitee: Invitee,
  input: string,
  index: number,
  seen: Set<string>,
): Problem | { readonly code: string } {
  if (index >= MAX_CHILD_CODES)
    return { key: 'registration.error.too_many_codes', params: { max: MAX_CHILD_CODES } };
  const shape = checkCodeShape(input);
  if (!shape.ok) return { key: SHAPE_KEYS[shape.problem] };
  if (shape.prefix !== 'pt') return { key: 'registration.error.child_code_prefix' };
  if (seen.has(shape.code) || deps.keyed.matches('invitation', shape.code, invitee.invitation.code_hash))
    return { key: 'registration.error.child_code_duplicate' };
  seen.add(shape.code);
  return { code: shape.code };
}

export async function checkChildCodes(
  deps: RegistrationDeps,
  place: Place,
  flow: RegistrationFlow,
  invitee: Invitee,
  codes: readonly string[],
  meta: Meta,
): Promise<ChildCodesCheck> {
  if (invitee.role === 'student' || codes.length === 0) return { kind: 'ok', codes: [] };
  const errors: (Problem | null)[] = codes.map(() => null);
  const found: ChildCode[] = [];
  const seenCodes = new Set<string>();
  const seenChildren = new Set<string>(invitee.role === 'parent' ? [invitee.person.id] : []);
  for (const [i, input] of codes.entries()) {
    const before = problemBeforeLookup(deps, invitee, input, i, seenCodes);
    if ('key' in before) {
      errors[i] = before;
      continue;
    }
    const guess = await guessCode(deps, place, meta, { step: 'children', flowId: flow.id }, before.code);
    if (guess.kind === 'throttled') return guess;
    if (guess.kind === 'rejected') {
      errors[i] = { key: REJECTION_KEYS[guess.reason] };
      continue;
    }
    if (seenChildren.has(guess.person.id)) {
      errors[i] = { key: 'registration.error.child_duplicate' };
      continue;
    }
    seenChildren.add(guess.person.id);
    found.push({ invitation: guess.invitation, child: guess.person });
  }
  return errors.some((e) => e !== null) ? { kind: 'invalid', errors } : { kind: 'ok', codes: found };
}
