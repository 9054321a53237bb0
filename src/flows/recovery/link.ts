/**
 * The link from the letter: `/recovery/reset/<flow id>.<secret>`. The secret is checked before
 * anything is said about the flow (a wrong one looks like an unknown id); then a used link, a
 * superseded one (a newer link was asked for, or the password was set meanwhile) and an expired
 * one are told apart, because the person can act on each.
 */

import type { Flow } from '../../core/flows/flow-store.js';
import { parseLinkToken } from '../../core/flows/link-token.js';
import type { Person } from '../../db/schema.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import {
  expiredAt,
  LINK_STATES,
  type RecoveryData,
  type RecoveryDeps,
  type RecoveryState,
  recoveryFlow,
  usable,
} from './machine.js';

export type LinkProblem = 'invalid' | 'expired' | 'used' | 'replaced';

export type LinkCheck =
  | { readonly kind: 'ready'; readonly flow: Flow<RecoveryState, RecoveryData>; readonly person: Person }
  | { readonly kind: LinkProblem };

export async function checkLink(deps: RecoveryDeps, realm: LoadedRealm, token: string): Promise<LinkCheck> {
  const parsed = parseLinkToken(token);
  if (!parsed) return { kind: 'invalid' };
  const loaded = await deps.flows.load(recoveryFlow, realm.id, parsed.flowId, {
    secret: { purpose: 'recovery-link', value: parsed.secret, field: 'secretHash' },
    states: LINK_STATES,
  });
  switch (loaded.kind) {
    case 'missing':
    case 'elsewhere':
      return { kind: 'invalid' };
    case 'ended':
      return { kind: loaded.flow.state === 'superseded' ? 'replaced' : 'used' };
    case 'expired':
      return expiredAt(deps, realm.id, loaded.flow, 'link');
    case 'live': {
      const { flow } = loaded;
      const person = flow.personId ? await deps.people.findById(realm.id, flow.personId) : null;
      if (!person || !usable(person)) return { kind: 'invalid' };
      return { kind: 'ready', flow, person };
    }
  }
}
