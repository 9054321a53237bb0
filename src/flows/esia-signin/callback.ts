/**
 * ESIA's callback, as named checks: the flow of this browser (its id in a cookie, the engine's
 * browser binding), its `state` compared with the kept hash, the flow moved out of `sent` —
 * once — then ESIA's error if it sent one, the code exchanged and both tokens checked, the
 * person read, and (sign-in) the profile found by the realm's rules or (linking) the ESIA
 * account linked to the signed-in person. Every ending is a value for the page to show.
 */
import type { MessageKey } from '../../core/i18n/i18n.js';
import type { Person } from '../../db/schema.js';
import type { EsiaClient, EsiaFailure } from '../../esia/client.js';
import { esiaCodeOf } from '../../esia/client.js';
import { esiaCodeText, type FailureText, failureText } from '../../esia/errors.js';
import type { EsiaIdentities, LinkOutcome } from '../../esia/identities.js';
import { type Match, type MatchFailure, matchPerson } from '../../esia/matching.js';
import type { EsiaPerson } from '../../esia/person.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import type { Services } from '../../services.js';
import { interactionReturn } from '../../web/return-path.js';
import { type EsiaFlow, esiaFlow } from './machine.js';
import { matchDeps } from './store.js';

export type CallbackOutcome =
  | {
      readonly kind: 'stopped';
      readonly text: FailureText;
      readonly reason: string;
      /** ESIA's or our signer's failure behind it, at the token or person step. */
      readonly failure?: EsiaFailure;
      readonly step?: 'token' | 'person';
    }
  | {
      readonly kind: 'matched';
      readonly match: Match;
      readonly esia: EsiaPerson;
      /** The application's sign-in the flow was started from, checked again. */
      readonly returnTo: string | null;
    }
  | {
      readonly kind: 'linked';
      readonly outcome: LinkOutcome;
      readonly personId: string;
      readonly oid: string;
    };

const stopped = (
  key: MessageKey,
  status: number,
  reason: string,
  code: string | null = null,
): CallbackOutcome => ({
  kind: 'stopped',
  text: { key, status, code },
  reason,
});

export interface CallbackInput {
  readonly flowId: string | undefined;
  readonly browserToken: string;
  readonly query: Readonly<Record<string, unknown>>;
  readonly signedInId: string | null;
}

function failed(failure: EsiaFailure, step: 'token' | 'person', reason: string): CallbackOutcome {
  return { kind: 'stopped', text: failureText(failure), reason, failure, step };
}

export async function handleCallback(
  services: Services,
  identities: EsiaIdentities,
  client: EsiaClient,
  realm: LoadedRealm,
  input: CallbackInput,
): Promise<CallbackOutcome> {
  const q = input.query;
  const state = typeof q.state === 'string' && q.state.length <= 100 ? q.state : '';
  if (!input.flowId || !state) return stopped('esia.error.state', 400, 'state_unknown');
  const loaded = await services.flows.load(esiaFlow, realm.id, input.flowId, {
    browserToken: input.browserToken,
    states: ['sent'],
  });
  if (loaded.kind === 'missing' || loaded.kind === 'elsewhere')
    return stopped('esia.error.state', 400, 'state_unknown');
  if (loaded.kind === 'ended') return stopped('esia.error.replayed', 400, 'state_replayed');
  if (loaded.kind === 'expired') return stopped('esia.error.expired', 400, 'state_expired');
  const flow: EsiaFlow = loaded.flow;
  if (!services.keyed.matches('esia-state', state, flow.data.stateHash)) {
    await services.flows.end(services.db, esiaFlow, flow, 'failed');
    return stopped('esia.error.state', 400, 'state_forged');
  }
  if (!(await services.flows.move(services.db, esiaFlow, flow, 'done')))
    return stopped('esia.error.replayed', 400, 'state_replayed');

  if (typeof q.error === 'string' || typeof q.error_description === 'string') {
    const code = esiaCodeOf(q.error_description);
    return {
      kind: 'stopped',
      text: esiaCodeText(code, String(q.error ?? '')),
      reason: `esia_error:${code ?? String(q.error).slice(0, 40)}`,
    };
  }
  const code = typeof q.code === 'string' && /^[A-Za-z0-9._~-]{1,2000}$/.test(q.code) ? q.code : null;
  if (!code) return stopped('esia.error.code', 400, 'code_missing');
  const now = services.clock.now();
  const tokens = await client.exchangeCode({ code, nonce: flow.data.nonce, now });
  if (!tokens.ok)
    return failed(
      tokens.failure,
      'token',
      `token:${tokens.failure.kind === 'token' ? tokens.failure.problem : tokens.failure.kind}`,
    );
  const person = await client.person(tokens.value);
  if (!person.ok) return failed(person.failure, 'person', `person:${person.failure.kind}`);

  if (flow.data.purpose === 'link') {
    if (!flow.personId || input.signedInId !== flow.personId)
      return stopped('esia.error.state', 400, 'link_other_person');
    const personId = flow.personId;
    const outcome = await services.db.transaction().execute(async (trx) => {
      const result = await identities.link(trx, { realmId: realm.id, personId, oid: person.value.oid });
      if (result === 'linked')
        await services.audit.append(
          {
            realmId: realm.id,
            action: 'esia.linked',
            actorId: personId,
            subjectId: personId,
            detail: { oid: person.value.oid },
          },
          trx,
        );
      return result;
    });
    return { kind: 'linked', outcome, personId, oid: person.value.oid };
  }
  const settings = realm.settings.gosuslugi;
  if (!settings) return stopped('esia.not_configured', 404, 'not_configured');
  const today = new Date(now).toISOString().slice(0, 10);
  const match = await matchPerson(matchDeps(services, identities), realm.id, settings, person.value, today);
  const returnTo = interactionReturn(realm.id, flow.data.returnTo);
  return { kind: 'matched', match, esia: person.value, returnTo };
}

/** The reasons a refusal shows, first the one in the error box. */
export function reasonsOf(
  reason: MatchFailure,
  attributes: boolean,
): { title: MessageKey; reasons: MessageKey[] } {
  const advice: MessageKey = 'esia.fail.advice';
  if (attributes && (reason === 'no_profile' || reason === 'several'))
    return {
      title: 'esia.fail.not_found_title',
      reasons:
        reason === 'several'
          ? ['esia.fail.several', 'esia.fail.not_found_advice']
          : ['esia.fail.not_found', 'esia.fail.not_found_advice'],
    };
  const first: Record<MatchFailure, MessageKey> = {
    no_profile: 'esia.fail.no_profile',
    no_organisation: 'esia.fail.no_profile',
    name_differs: 'esia.fail.name_snils',
    snils_differs: 'esia.fail.name_snils',
    no_snils: 'esia.fail.no_snils',
    level: 'esia.fail.level',
    minor_not_linked: 'esia.fail.minor_not_linked',
    minor_not_activated: 'esia.fail.minor_not_activated',
    minor_name_differs: 'esia.fail.minor_name',
    minor_birth_differs: 'esia.fail.minor_birth',
    several: 'esia.fail.several',
    blocked: 'esia.fail.blocked',
  };
  const second: MessageKey = reason === 'level' ? 'esia.fail.level_advice' : advice;
  return { title: 'esia.fail.title', reasons: [first[reason], second] };
}

export type { Person };
