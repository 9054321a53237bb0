/**
 * Which grant an authorization request continues under (oidc-provider's `loadExistingGrant`):
 *
 * - the grant the consent page just made, or the one this browser's provider session holds;
 * - otherwise a new grant holding what the person already allowed this application
 *   (`oidc_consents`), so that a second browser or a later day asks only for what is new;
 * - a first-party application (the realm's own) gets what it asks for without a consent page,
 *   and the consent is recorded so that «Приложения с доступом» lists it.
 *
 * A grant may name any claim the `claims` parameter asked for; what is released is decided in
 * `claims.ts` (SNILS and IIN only under their own scopes, which a client may request only when
 * registered for them, and never in an ID token).
 */
import type { Grant, KoaContextWithOIDC } from 'oidc-provider';
import type { ConsentStore } from './consents.js';

export function isFirstParty(client: { readonly [key: string]: unknown }): boolean {
  return client.first_party === true;
}

export function grantLoader(consents: ConsentStore, realmId: string) {
  return async function loadExistingGrant(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
    const { oidc } = ctx;
    const client = oidc.client;
    const accountId = oidc.session?.accountId;
    if (!client || !accountId) return undefined;
    const { Grant } = oidc.provider;
    const knownId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(client.clientId);
    let grant = knownId ? await Grant.find(knownId) : undefined;
    if (grant && (grant.accountId !== accountId || grant.clientId !== client.clientId)) grant = undefined;

    const requested = [...oidc.requestParamOIDCScopes];
    const firstParty = isFirstParty(client);
    const allowed = firstParty
      ? requested
      : ((await consents.find(realmId, accountId, client.clientId))?.scopes ?? []);
    const held = new Set(grant ? grant.getOIDCScope().split(' ') : []);
    const toAdd = requested.filter((scope) => allowed.includes(scope) && !held.has(scope));
    const claims = firstParty ? [...oidc.requestParamClaims] : [];
    if (!grant && toAdd.length === 0) return undefined;

    grant ??= new Grant({ accountId, clientId: client.clientId });
    if (toAdd.length > 0 || claims.length > 0) {
      if (toAdd.length > 0) grant.addOIDCScope(toAdd.join(' '));
      if (claims.length > 0) grant.addOIDCClaims(claims);
      await grant.save();
    }
    if (firstParty) {
      await consents.record({ realmId, personId: accountId, clientId: client.clientId, scopes: requested });
    }
    return grant;
  };
}
