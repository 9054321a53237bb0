/**
 * The login step of an application's sign-in, decided from what oidc-provider asks (the prompt
 * and its reasons), who is signed in to Propusk in this browser, and whether a fresh sign-in
 * the step asked for has happened:
 *
 * - someone signed in and nothing demands a new password → the step is done (single sign-on);
 * - a temporary password → «Новый пароль» first;
 * - `prompt=login`, `max_age` passed, an `id_token_hint` or `login_hint` for someone else, an
 *   `acr_values` class → the sign-in page, and only a sign-in after that counts;
 * - classes the realm cannot give → `unmet_authentication_requirements` to the application.
 */
import type { Interaction, InteractionResults } from 'oidc-provider';
import type { Flow } from '../../core/flows/flow-store.js';
import { checkLogin } from '../../core/identifiers/login.js';
import type { SignedIn } from '../../sessions/sessions.js';
import { achievable, classOfSession, needsStepUp } from '../acr.js';
import type { FreshSigninData, FreshSigninState } from './flow.js';

export type LoginDecision =
  | { readonly kind: 'finish'; readonly result: InteractionResults }
  | { readonly kind: 'change_password' }
  /** Signed in, but `acr_values` demands a second factor this sign-in did not give. */
  | { readonly kind: 'step_up' }
  | { readonly kind: 'signin'; readonly fresh: boolean; readonly loginHint: string | null }
  | { readonly kind: 'unmet' };

/** Reasons that a session already there does not answer. */
const NEEDS_FRESH = new Set([
  'login_prompt',
  'max_age',
  'id_token_hint',
  'essential_acr',
  'essential_acrs',
  'acr_values',
  'claims_id_token_sub_value',
]);

function hintOf(interaction: Interaction): string | null {
  const hint = interaction.params.login_hint;
  return typeof hint === 'string' && hint.length > 0 && hint.length <= 254 ? hint : null;
}

/** Whether a `login_hint` names this person (by login or email). */
function hintNames(hint: string, signedIn: SignedIn): boolean {
  const login = checkLogin(hint);
  if (login.ok && login.normalized === signedIn.person.login_normalized) return true;
  return (
    signedIn.person.email_normalized !== null &&
    hint.trim().toLowerCase() === signedIn.person.email_normalized
  );
}

export function decideLogin(
  interaction: Interaction,
  signedIn: SignedIn | null,
  fresh: Flow<FreshSigninState, FreshSigninData> | null,
): LoginDecision {
  const acrValues = interaction.params.acr_values;
  if (achievable(typeof acrValues === 'string' ? acrValues : undefined).length === 0)
    return { kind: 'unmet' };
  const hint = hintOf(interaction);
  const needsFresh =
    interaction.prompt.reasons.some((r) => NEEDS_FRESH.has(r)) ||
    (signedIn !== null && hint !== null && !hintNames(hint, signedIn));
  if (signedIn) {
    const signedInSince =
      fresh !== null && fresh.data.uid === interaction.uid && signedIn.session.created_at >= fresh.createdAt;
    if (!needsFresh || signedInSince) {
      if (signedIn.person.password_must_change === 1) return { kind: 'change_password' };
      const cls = classOfSession(signedIn.session);
      if (needsStepUp(typeof acrValues === 'string' ? acrValues : undefined, cls)) return { kind: 'step_up' };
      return {
        kind: 'finish',
        result: {
          login: {
            accountId: signedIn.person.id,
            acr: cls.acr,
            amr: cls.amr,
            ts: Math.floor(signedIn.session.created_at / 1000),
            remember: false,
          },
        },
      };
    }
  }
  return { kind: 'signin', fresh: needsFresh, loginHint: hint };
}
