/**
 * Step 1, «Регистрация»: the code. Its shape first (each problem with the article's
 * explanation, costing nothing), then a counted lookup (`code-guesses.ts`), then the flow —
 * started in `code_ok` and bound to the browser that entered the code.
 */
import { z } from 'zod';
import { type CodeProblem, checkCodeShape } from '../../invitations/codes.js';
import { formText, parseForm } from '../../web/form.js';
import { guessCode, type Rejection } from './code-guesses.js';
import { FLOW_TTL_MS, registrationFlow } from './machine.js';
import type { RegistrationKey } from './messages.js';
import type { Meta, Place, Problem, RegistrationDeps } from './registration.js';

export const SHAPE_KEYS: Readonly<Record<CodeProblem, RegistrationKey>> = {
  'code.empty': 'registration.code.empty',
  'code.capitals': 'registration.code.capitals',
  'code.invalid_chars': 'registration.code.invalid_chars',
  'code.wrong_length': 'registration.code.wrong_length',
  'code.foreign_prefix': 'registration.code.foreign_prefix',
};

export const REJECTION_KEYS: Readonly<Record<Rejection, RegistrationKey>> = {
  unknown: 'registration.code.unknown',
  used: 'registration.code.used',
  void: 'registration.code.void',
  expired: 'registration.code.expired',
  other_school: 'registration.code.other_school',
};

const CodeForm = z.object({ code: formText(200) });

/** The code as typed (for the page to show again), or the form's own problem with it. */
export function readCode(body: unknown): { readonly code: string; readonly problem: Problem | null } {
  const parsed = parseForm(CodeForm, body);
  if (parsed.ok) return { code: parsed.form.code, problem: null };
  return { code: parsed.raw.code, problem: { key: parsed.errors.code ?? 'form.invalid' } };
}

export type StartOutcome =
  | { readonly kind: 'started'; readonly flowId: string }
  | { readonly kind: 'invalid'; readonly problem: Problem }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number };

export async function startWithCode(
  deps: RegistrationDeps,
  place: Place,
  input: string,
  meta: Meta,
): Promise<StartOutcome> {
  const shape = checkCodeShape(input);
  if (!shape.ok) return { kind: 'invalid', problem: { key: SHAPE_KEYS[shape.problem] } };
  const guess = await guessCode(deps, place, meta, { step: 'code' }, shape.code);
  if (guess.kind === 'throttled') return guess;
  if (guess.kind === 'rejected') return { kind: 'invalid', problem: { key: REJECTION_KEYS[guess.reason] } };
  const flow = await deps.flows.start(deps.db, registrationFlow, {
    realmId: place.realm.id,
    state: 'code_ok',
    personId: guess.invitation.person_id,
    data: {
      organisationId: place.school.id,
      invitationId: guess.invitation.id,
      prefix: guess.invitation.prefix,
      accountId: null,
      login: null,
      emailGiven: false,
    },
    ttlMs: FLOW_TTL_MS,
    browserToken: meta.browserToken,
  });
  return { kind: 'started', flowId: flow.id };
}
