/**
 * The consent step of a third-party application's sign-in: what the application asks for that
 * the person has not allowed yet, and the answer. «Разрешить» widens the grant oidc-provider
 * continues under and records the consent (the next sign-in starts from it); «Отказать» ends the
 * sign-in with `access_denied`. Both are audit events.
 */
import type { Interaction, InteractionResults, JsonObject, Provider } from 'oidc-provider';
import type { AuditLog } from '../../core/audit/audit.js';
import type { ConsentStore } from '../consents.js';
import { isScope, type Scope, STATE_IDENTIFIERS } from '../scopes.js';

export interface ConsentAsk {
  /** Scopes to allow now, in the order of `SCOPES`. */
  readonly scopes: readonly Scope[];
  /** Scopes allowed before that the request asks for again. */
  readonly allowed: readonly Scope[];
  /** Individual claims named by the `claims` parameter (to show: not SNILS or IIN, see below). */
  readonly claims: readonly string[];
  /** Every claim to add to the grant: naming one releases nothing its scope does not (`claims.ts`). */
  readonly grantClaims: readonly string[];
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function consentAsk(interaction: Interaction): ConsentAsk {
  const details: JsonObject = interaction.prompt.details;
  const missing = stringsOf(details.missingOIDCScope).filter(isScope);
  const requested = String(interaction.params.scope ?? '')
    .split(' ')
    .filter(isScope);
  return {
    scopes: missing,
    allowed: requested.filter((s) => !missing.includes(s)),
    claims: stringsOf(details.missingOIDCClaims).filter((c) => !STATE_IDENTIFIERS.has(c)),
    grantClaims: stringsOf(details.missingOIDCClaims),
  };
}

export interface ConsentDeps {
  readonly consents: ConsentStore;
  readonly audit: AuditLog;
}

export interface ConsentMeta {
  readonly realmId: string;
  readonly personId: string;
  readonly clientId: string;
  readonly ip: string;
  readonly userAgent: string | null;
}

export async function allow(
  deps: ConsentDeps,
  provider: Provider,
  interaction: Interaction,
  meta: ConsentMeta,
  /** Granted without asking (a first-party application): no consent event. */
  automatic = false,
): Promise<InteractionResults> {
  const ask = consentAsk(interaction);
  const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
  const grant =
    existing && existing.accountId === meta.personId && existing.clientId === meta.clientId
      ? existing
      : new provider.Grant({ accountId: meta.personId, clientId: meta.clientId });
  if (ask.scopes.length > 0) grant.addOIDCScope(ask.scopes.join(' '));
  if (ask.grantClaims.length > 0) grant.addOIDCClaims(ask.grantClaims);
  const grantId = await grant.save();
  const scopes = grant.getOIDCScope().split(' ').filter(Boolean);
  await deps.consents.record({
    realmId: meta.realmId,
    personId: meta.personId,
    clientId: meta.clientId,
    scopes,
  });
  if (automatic) return { consent: { grantId } };
  await deps.audit.append({
    realmId: meta.realmId,
    action: 'oidc.consent_granted',
    actorId: meta.personId,
    subjectId: meta.personId,
    ip: meta.ip,
    userAgent: meta.userAgent,
    detail: { client_id: meta.clientId, scopes: ask.scopes.join(' ') },
  });
  return { consent: { grantId } };
}

export async function deny(
  deps: ConsentDeps,
  interaction: Interaction,
  meta: ConsentMeta,
): Promise<InteractionResults> {
  await deps.audit.append({
    realmId: meta.realmId,
    action: 'oidc.consent_refused',
    actorId: meta.personId,
    subjectId: meta.personId,
    ip: meta.ip,
    userAgent: meta.userAgent,
    detail: { client_id: meta.clientId, scopes: consentAsk(interaction).scopes.join(' ') },
  });
  return { error: 'access_denied', error_description: 'End-User refused the consent' };
}
