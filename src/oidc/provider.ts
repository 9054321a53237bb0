/**
 * One OpenID Connect provider (oidc-provider) per realm, issuer `BASE_URL/r/<realm>`:
 *
 * - authorization code flow only (`response_type=code`, query response mode), PKCE S256 and
 *   required for public clients, client authentication by secret (basic or post, compared with
 *   the stored keyed hash) or `private_key_jwt`;
 * - refresh tokens (with `offline_access`) rotate at every use; a rotated one used again revokes
 *   its whole grant (reuse detection), as a code used twice does;
 * - introspection, revocation, RP-initiated logout (registered `post_logout_redirect_uri` only)
 *   and back-channel logout;
 * - accounts are the realm's people (`findAccount`), claims come from `claims.ts`, grants and
 *   consents from `grants.ts`; the interactions (sign-in, consent) are our own pages
 *   (`interaction/`), and every page the provider renders itself is ours (`views.ts`);
 * - storage is our database (`adapter.ts`), signing keys come from `keys.ts`.
 */
import { hkdfSync } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Account, Client, KoaContextWithOIDC, Provider } from 'oidc-provider';
import type { Logger } from 'pino';
import type { AuditLog } from '../core/audit/audit.js';
import type { Clock } from '../core/clock.js';
import type { KeyedHasher } from '../core/crypto/secrets.js';
import type { Database } from '../db/schema.js';
import type { PeopleStore } from '../directory/people-store.js';
import type { Jobs } from '../messaging/jobs.js';
import type { LoadedRealm } from '../realms/realm-store.js';
import type { SessionService } from '../sessions/sessions.js';
import { translatorFor } from '../web/context.js';
import type { RealmFrame } from '../web/views/layout.js';
import { ACR_VALUES } from './acr.js';
import { adapterFactory } from './adapter.js';
import { schoolClaims, standardClaims, stateIdentifierClaims } from './claims.js';
import type { ClientStore } from './client-store.js';
import type { ConsentStore } from './consents.js';
import { auditProviderEvents } from './events.js';
import { grantLoader } from './grants.js';
import type { KeySet } from './keys.js';
import type { OidcLibrary } from './library.js';
import { requestOf, settle } from './request-context.js';
import { isScope, SCOPE_CLAIMS, SCOPES } from './scopes.js';
import type { SessionLinks } from './session-links.js';
import { sessionSync } from './session-sync.js';
import { loggedOutPage, logoutQuestionPage, providerErrorPage } from './views.js';

export interface ProviderDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly keyed: KeyedHasher;
  readonly secret: string;
  /** BASE_URL: the issuer of a realm is `<baseUrl>/r/<realm>`. */
  readonly baseUrl: string;
  readonly demo: boolean;
  readonly trustProxy: boolean;
  readonly people: PeopleStore;
  readonly sessions: SessionService;
  readonly audit: AuditLog;
  readonly jobs: Jobs;
  readonly kick: () => void;
  readonly logger: Logger;
  readonly clients: ClientStore;
  readonly consents: ConsentStore;
  readonly links: SessionLinks;
}

/** Lifetimes, in seconds. */
export const TTL = {
  AccessToken: 15 * 60,
  AuthorizationCode: 60,
  IdToken: 60 * 60,
  RefreshToken: 14 * 24 * 60 * 60,
  Interaction: 30 * 60,
  Grant: 365 * 24 * 60 * 60,
} as const;

export const ROUTES = {
  authorization: '/oidc/auth',
  token: '/oidc/token',
  userinfo: '/oidc/me',
  jwks: '/oidc/jwks',
  introspection: '/oidc/token/introspection',
  revocation: '/oidc/token/revocation',
  end_session: '/oidc/session/end',
} as const;

export function interactionPath(realmId: string, uid: string): string {
  return `/r/${realmId}/interaction/${uid}`;
}

function frameOf(ctx: KoaContextWithOIDC, realm: LoadedRealm, demo: boolean): RealmFrame {
  const request = requestOf(ctx.req);
  const locale = request?.locale ?? realm.settings.defaultLocale;
  return { t: request?.t ?? translatorFor(locale), locale, realm, path: ctx.path, demo };
}

/**
 * The logout question's form is answered with a redirect to the application's registered
 * `post_logout_redirect_uri`; browsers hold that redirect to the page's `form-action`, so the
 * application's origin is added to it on this page only.
 */
function allowFormTarget(ctx: KoaContextWithOIDC, target: unknown): void {
  const csp = ctx.res.getHeader('content-security-policy');
  if (typeof target !== 'string' || typeof csp !== 'string') return;
  const origin = URL.parse(target)?.origin;
  if (!origin || origin === 'null') return;
  ctx.set('content-security-policy', csp.replace("form-action 'self'", `form-action 'self' ${origin}`));
}

export function buildProvider(
  { Provider, errors, interactionPolicy }: OidcLibrary,
  deps: ProviderDeps,
  realm: LoadedRealm,
  keys: KeySet,
): Provider {
  const pairwise = (accountId: string, client: Pick<Client, 'sectorIdentifier' | 'clientId'>): string =>
    deps.keyed.hash(
      'oidc-pairwise',
      `${realm.id}\u0000${client.sectorIdentifier ?? client.clientId}\u0000${accountId}`,
    );

  async function findAccount(_ctx: KoaContextWithOIDC, sub: string): Promise<Account | undefined> {
    const person = await deps.people.findById(realm.id, sub);
    if (person?.status !== 'active') return undefined;
    return {
      accountId: person.id,
      async claims(use, scope) {
        const granted = new Set(scope.split(' '));
        const client = _ctx?.oidc?.client;
        const subjectFor = async (id: string): Promise<string> =>
          client?.subjectType === 'pairwise' ? pairwise(id, client) : id;
        return {
          ...standardClaims(person, realm),
          ...(granted.has('school') ? await schoolClaims(deps.db, person, subjectFor) : {}),
          ...stateIdentifierClaims(person, use, scope),
        };
      },
    };
  }

  const policy = interactionPolicy.base();
  policy.get('login')?.checks.add(
    new interactionPolicy.Check(
      'acr_values',
      'requested authentication context class not obtained',
      'login_required',
      (ctx) => {
        const wanted = ctx.oidc.params?.acr_values;
        if (typeof wanted !== 'string' || wanted === '') return false;
        const current = ctx.oidc.session?.acr;
        return !(current !== undefined && wanted.split(' ').includes(current)) && !ctx.oidc.result?.login;
      },
    ),
  );

  const provider = new Provider(`${deps.baseUrl}/r/${realm.id}`, {
    adapter: adapterFactory(deps.db, deps.clock, realm.id, deps.clients),
    clients: [],
    findAccount,
    jwks: { keys: keys.keys },
    scopes: [...SCOPES],
    // How the person signed in goes with every ID token (the `openid` scope), not only on request.
    claims: { ...SCOPE_CLAIMS, openid: ['sub', 'acr', 'amr', 'auth_time'], sid: null, iss: null },
    acrValues: [...ACR_VALUES],
    subjectTypes: ['public', 'pairwise'],
    pairwiseIdentifier: async (_ctx: unknown, accountId: string, client: Client) =>
      pairwise(accountId, client),
    routes: ROUTES,
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
    enabledJWA: {
      idTokenSigningAlgValues: ['ES256', 'RS256'],
      clientAuthSigningAlgValues: ['ES256', 'RS256', 'PS256'],
      requestObjectSigningAlgValues: ['ES256', 'RS256', 'PS256'],
    },
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      id_token_signed_response_alg: 'RS256',
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    allowOmittingSingleRegisteredRedirectUri: false,
    pkce: { required: (_ctx: unknown, client: Client) => client.clientAuthMethod === 'none' },
    rotateRefreshToken: true,
    conformIdTokenClaims: true,
    extraClientMetadata: {
      properties: ['first_party'],
      validator(_ctx: unknown, key: string, value: unknown) {
        if (key === 'first_party' && value !== undefined && typeof value !== 'boolean') {
          throw new errors.InvalidRequest('first_party must be a boolean');
        }
      },
    },
    extraParams: {
      // Scopes this provider does not know are refused (RFC 6749: invalid_scope), not ignored.
      // oidc-provider has dropped them from `scope` by now; the query still has them.
      async scope(ctx: KoaContextWithOIDC) {
        const value = ctx.query.scope;
        if (typeof value !== 'string') return;
        const unknown = value.split(' ').find((s) => s !== '' && !isScope(s));
        if (unknown !== undefined) throw new errors.InvalidScope('requested scope is not supported', unknown);
      },
    },
    loadExistingGrant: grantLoader(deps.consents, realm.id),
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: true },
      // An application learns about and revokes its own tokens only, never another's.
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx: unknown, client: Client, token: { clientId?: string }) =>
          token.clientId === client.clientId,
      },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx: unknown, client: Client, token: { clientId?: string }) =>
          token.clientId === client.clientId,
      },
      backchannelLogout: { enabled: true },
      resourceIndicators: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      dPoP: { enabled: false },
      registration: { enabled: false },
      requestObjects: { enabled: false },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx: KoaContextWithOIDC) {
          const xsrf = ctx.oidc.session?.state?.secret ?? '';
          allowFormTarget(ctx, ctx.oidc.session?.state?.postLogoutRedirectUri);
          const page = logoutQuestionPage(
            frameOf(ctx, realm, deps.demo),
            ctx.oidc.client?.clientName ?? null,
            {
              action: ctx.oidc.urlFor('end_session_confirm'),
              xsrf: String(xsrf),
            },
          );
          ctx.type = 'html';
          ctx.body = page.toString();
        },
        async postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
          ctx.type = 'html';
          ctx.body = loggedOutPage(
            frameOf(ctx, realm, deps.demo),
            ctx.oidc.client?.clientName ?? null,
          ).toString();
        },
      },
    },
    interactions: {
      policy,
      url: async (_ctx: unknown, interaction: { uid: string }) => interactionPath(realm.id, interaction.uid),
    },
    cookies: {
      names: {
        session: `propusk_op_${realm.id}`,
        interaction: `propusk_op_${realm.id}_interaction`,
        resume: `propusk_op_${realm.id}_resume`,
      },
      keys: [
        Buffer.from(hkdfSync('sha256', deps.secret, 'propusk', `oidc-cookies:${realm.id}`, 32)).toString(
          'base64url',
        ),
      ],
      long: { httpOnly: true, sameSite: 'lax', path: `/r/${realm.id}/oidc` },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    ttl: {
      ...TTL,
      Session: realm.settings.session.absoluteHours * 60 * 60,
    },
    discovery: {
      ui_locales_supported: ['ru', 'en', 'kk'],
      claims_locales_supported: ['ru'],
    },
    // The provider calls out only to URIs an operator registered (back-channel logout). School
    // networks run their e-journals on private addresses, so oidc-provider's refusal of private
    // and loopback addresses (against request forgery by self-registered clients, which this
    // service does not accept) is lifted; its timeout stays.
    fetch: (url: string | URL, options: RequestInit & { dispatcher?: unknown }) => {
      const { dispatcher: _ignored, ...rest } = options;
      return globalThis.fetch(url, rest);
    },
    async renderError(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }) {
      ctx.type = 'html';
      ctx.body = providerErrorPage(
        frameOf(ctx, realm, deps.demo),
        ctx.status,
        out.error,
        out.error_description,
      ).toString();
    },
  });
  provider.proxy = deps.trustProxy;

  // Client secrets are stored as keyed hashes: compare the presented secret with the hash.
  const clients = deps.clients;
  provider.Client.prototype.compareClientSecret = function compareClientSecret(this: Client, actual: string) {
    return typeof this.clientSecret === 'string' && clients.matchesSecret(actual, this.clientSecret);
  };

  // Outermost: what provider events started during a request is done before its answer leaves.
  provider.use(async (ctx, next) => {
    try {
      await next();
    } finally {
      await settle(ctx.req);
    }
  });
  provider.use(sessionSync({ ...deps, secure: !deps.demo }, realm, provider));
  auditProviderEvents(deps, realm, provider);
  return provider;
}
