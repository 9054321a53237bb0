/**
 * The one piece of state an application's sign-in keeps outside oidc-provider: when it sends the
 * person to the sign-in page for a *fresh* password (`prompt=login`, `max_age`, another person
 * hinted, a stronger class demanded), it must later tell a new sign-in from the session that was
 * already there. The flow, bound to the browser, remembers when it started; a Propusk session
 * created after that is the fresh sign-in.
 */
import { defineFlow } from '../../core/flows/machine.js';

export type FreshSigninState = 'awaiting' | 'done' | 'abandoned';
export type FreshSigninData = { readonly uid: string };

export const freshSignin = defineFlow<FreshSigninState, FreshSigninData>({
  kind: 'oidc-fresh-signin',
  transitions: { awaiting: ['done', 'abandoned'], done: [], abandoned: [] },
  ended: ['done', 'abandoned'],
});
