/**
 * «Войти через госуслуги» on the flow engine:
 *
 *   (the region chosen, «Войти через госуслуги») ──start──▶ sent ──(ESIA's callback)──▶ done
 *                                                             └──(a forged state)──▶ failed
 *
 * The flow is bound to the browser that started it (the engine's cookie) and its id sits in a
 * cookie of the realm's `/esia/` path; ESIA's `state` is a fresh UUID kept only as a keyed
 * hash. A callback moves the flow out of `sent` before anything else is done, so a state works
 * once; after ten minutes it has expired. `purpose` says what the ESIA account is for: signing
 * in, or linking to the signed-in person (`personId`, after their current password).
 */
import { MINUTE } from '../../core/clock.js';
import type { Flow } from '../../core/flows/flow-store.js';
import { defineFlow } from '../../core/flows/machine.js';

export type EsiaState = 'sent' | 'done' | 'failed';

export interface EsiaData extends Record<string, string | number | boolean | null> {
  readonly stateHash: string;
  readonly nonce: string;
  readonly purpose: 'signin' | 'link';
  /** An application's sign-in (`/r/<realm>/interaction/…`) to go back to (read as absent when an older flow has none). */
  readonly returnTo: string | null;
}

export type EsiaFlow = Flow<EsiaState, EsiaData>;

export const ESIA_FLOW_TTL_MS = 10 * MINUTE;
export const ESIA_FLOW_COOKIE = 'propusk_esia';

export const esiaFlow = defineFlow<EsiaState, EsiaData>({
  kind: 'esia-signin',
  transitions: { sent: ['done', 'failed'], done: [], failed: [] },
  ended: ['done', 'failed'],
});
