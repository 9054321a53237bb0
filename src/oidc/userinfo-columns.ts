/**
 * What UserInfo's fast path (userinfo.ts) needs to know of an access token and of its grant,
 * computed once when the adapter writes the payload and kept beside it as columns
 * (`oidc_payloads.userinfo_*`, migration 0021). A call then reads columns instead of parsing two
 * JSON payloads.
 *
 * A payload is *plain* when UserInfo may answer from the columns alone; anything else leaves the
 * columns null and the call to oidc-provider, which reads the payload itself:
 *
 * - an access token: opaque (no format or `opaque`), its `jti` the row's id, with numeric `iat`
 *   and `exp`, a scope, an application and a person, and none of `nbf`, `aud`, a `claims`
 *   request, a DPoP key (`jkt`) or a certificate (`x5t#S256`);
 * - a grant: an application, a person, an OpenID scope, no `exp` or a numeric one, and nothing
 *   rejected.
 *
 * These are the checks the fast path made on the parsed payloads; it still compares what is
 * between rows (the grant's application and person with the token's) and every expiry at each
 * call.
 */
import type { AdapterPayload } from 'oidc-provider';

export interface UserinfoColumns {
  readonly userinfo_plain: number | null;
  readonly userinfo_scope: string | null;
  readonly userinfo_until: number | null;
}

const NOT_PLAIN: UserinfoColumns = { userinfo_plain: null, userinfo_scope: null, userinfo_until: null };

export function userinfoColumns(model: string, id: string, payload: AdapterPayload): UserinfoColumns {
  const p = payload as Readonly<Record<string, unknown>>;
  const named = typeof p.clientId === 'string' && typeof p.accountId === 'string';
  if (model === 'AccessToken') {
    const plain =
      named &&
      p.kind === 'AccessToken' &&
      p.jti === id &&
      typeof p.iat === 'number' &&
      typeof p.exp === 'number' &&
      typeof p.scope === 'string' &&
      (p.format === undefined || p.format === 'opaque') &&
      p.nbf === undefined &&
      p.aud === undefined &&
      p.claims === undefined &&
      p.jkt === undefined &&
      p['x5t#S256'] === undefined;
    return plain
      ? { userinfo_plain: 1, userinfo_scope: p.scope as string, userinfo_until: (p.exp as number) * 1000 }
      : NOT_PLAIN;
  }
  if (model === 'Grant') {
    const openid = p.openid as { readonly scope?: unknown } | undefined;
    const scope = openid?.scope;
    const plain =
      named &&
      typeof scope === 'string' &&
      p.rejected === undefined &&
      (p.exp === undefined || typeof p.exp === 'number');
    if (!plain) return NOT_PLAIN;
    return {
      userinfo_plain: 1,
      userinfo_scope: scope,
      userinfo_until: typeof p.exp === 'number' ? p.exp * 1000 : null,
    };
  }
  return NOT_PLAIN;
}
